/* Text pasted into the body's rich text (from Word, Google Docs, a web page), made into HTML
 * that Decap's conversion to Markdown keeps as the page will show it. Without this, measured
 * with Decap 3.16: Word's <b> lost its boldness; a line break (<br>) became a bare newline,
 * which Markdown reads as a space; a list inside a list item was glued to the item's text
 * ("Mục mộtCon A"); Word's list paragraphs kept their bullet characters as text; a table's
 * cells were glued together. Now: <b> is <strong>; a line break inside a paragraph starts a
 * new paragraph; a nested list's items follow their parent item in the same list; Word's list
 * paragraphs become a list; a table's rows become paragraphs, cells separated by " | ";
 * Word's empty-paragraph marks go; a code block's lines become lines of code; pictures go (Decap
 * lost the whole form on one), and the officer is told.
 * Chromium hands a paste to the editor as a `beforeinput` event holding the clipboard: that
 * event is stopped and given again with the cleaned HTML. */
(function () {
  "use strict";
  var BLOCKS = {P: true, DIV: true};

  function unwrap(node) {
    while (node.firstChild) node.parentNode.insertBefore(node.firstChild, node);
    node.parentNode.removeChild(node);
  }

  function rename(node, tag) {
    var out = node.ownerDocument.createElement(tag);
    while (node.firstChild) out.appendChild(node.firstChild);
    node.parentNode.replaceChild(out, node);
    return out;
  }

  function notBold(node) {
    var weight = (node.style && node.style.fontWeight) || "";
    return weight === "normal" || weight === "400";
  }

  /* Word's bullet or number before a list paragraph: between two conditional comments. */
  function dropWordBullets(doc) {
    var walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
    var starts = [];
    for (var c = walker.nextNode(); c; c = walker.nextNode()) {
      if (/^\[if !supportLists\]/.test(c.nodeValue)) starts.push(c);
    }
    var numbered = [];
    starts.forEach(function (start) {
      var text = "";
      var node = start.nextSibling;
      while (node && !(node.nodeType === 8 && /^\[endif\]/.test(node.nodeValue))) {
        var next = node.nextSibling;
        text += node.textContent || "";
        node.parentNode.removeChild(node);
        node = next;
      }
      if (/^\s*[0-9a-zA-Z]{1,3}[.)]/.test(text)) numbered.push(start.parentNode);
      if (node) node.parentNode.removeChild(node);
      start.parentNode.removeChild(start);
    });
    return numbered;
  }

  /* Consecutive paragraphs Word styles as list items (mso-list) become one list. */
  function wordLists(doc, numbered) {
    var paragraphs = doc.body.querySelectorAll("p");
    var list = null;
    Array.prototype.forEach.call(paragraphs, function (p) {
      var style = p.getAttribute("style") || "";
      if (!/mso-list:\s*l[0-9]/.test(style)) {
        list = null;
        return;
      }
      var item = doc.createElement("li");
      while (p.firstChild) item.appendChild(p.firstChild);
      var ordered = numbered.indexOf(p) >= 0;
      if (!list || p.previousElementSibling !== list || (list.tagName === "OL") !== ordered) {
        list = doc.createElement(ordered ? "ol" : "ul");
        p.parentNode.insertBefore(list, p);
      }
      list.appendChild(item);
      p.parentNode.removeChild(p);
    });
  }

  /* A list inside a list item: its items follow the item, in the item's own list. */
  function flattenLists(doc) {
    var nested = doc.body.querySelectorAll("li > ul, li > ol");
    for (var i = nested.length - 1; i >= 0; i--) {
      var inner = nested[i];
      var item = inner.parentNode;
      var after = item.nextSibling;
      while (inner.firstChild) {
        var child = inner.firstChild;
        if (child.nodeType === 1 && child.tagName === "LI") {
          item.parentNode.insertBefore(child, after);
        } else {
          inner.removeChild(child);
        }
      }
      item.removeChild(inner);
    }
    // A list written as a sibling of its parent item (<ul><li>a</li><ul>…</ul></ul>).
    Array.prototype.forEach.call(doc.body.querySelectorAll("ul > ul, ul > ol, ol > ul, ol > ol"),
      unwrap);
  }

  /* A line break inside a paragraph: the rest of it is a paragraph of its own. */
  function splitAtBreaks(doc) {
    var breaks = doc.body.querySelectorAll("br");
    for (var i = breaks.length - 1; i >= 0; i--) {
      var br = breaks[i];
      var block = br.parentNode;
      while (block && block !== doc.body && !BLOCKS[block.tagName]) block = block.parentNode;
      if (!block || block === doc.body) {
        br.parentNode.replaceChild(doc.createTextNode(" "), br);
        continue;
      }
      var range = doc.createRange();
      range.setStartAfter(br);
      range.setEndAfter(block.lastChild);
      var rest = range.extractContents();
      br.parentNode.removeChild(br);
      if (!rest.textContent.trim()) continue;  // a break at the paragraph's end
      var next = doc.createElement("p");
      next.appendChild(rest);
      block.parentNode.insertBefore(next, block.nextSibling);
    }
  }

  /* A table's rows as paragraphs: the rich text has no table (the "Văn bản thô" mode does). */
  function tableRows(doc) {
    Array.prototype.forEach.call(doc.body.querySelectorAll("td p, td div, th p, th div"),
      function (block) {
        if (block.previousSibling) block.parentNode.insertBefore(doc.createTextNode(" "), block);
        unwrap(block);
      });
    Array.prototype.forEach.call(doc.body.querySelectorAll("table"), function (table) {
      var rows = Array.prototype.map.call(table.querySelectorAll("tr"), function (row) {
        var p = doc.createElement("p");
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (index > 0) p.appendChild(doc.createTextNode(" | "));
          while (cell.firstChild) p.appendChild(cell.firstChild);
        });
        return p;
      });
      rows.forEach(function (p) { table.parentNode.insertBefore(p, table); });
      table.parentNode.removeChild(table);
    });
  }

  /* Spans carry only styles: what they say of weight and slant is kept as <strong>, <em>
   * (Google Docs writes bold so), then they go (Decap drops a list item holding one). */
  function spans(doc) {
    var all = doc.body.querySelectorAll("span");
    for (var i = all.length - 1; i >= 0; i--) {
      var span = all[i];
      var weight = span.style.fontWeight;
      var inner = span;
      if (weight === "bold" || parseInt(weight, 10) >= 600) inner = rename(inner, "strong");
      if (span.style.fontStyle === "italic") {
        var em = doc.createElement("em");
        while (inner.firstChild) em.appendChild(inner.firstChild);
        inner.appendChild(em);
      }
      if (inner === span) unwrap(span);
    }
  }

  var BLOCK_CHILD = /^(P|DIV|H[1-6]|UL|OL|BLOCKQUOTE|PRE|TABLE)$/;

  /* A list item's text in a paragraph: Decap splits an item's bare text at each bold or
   * italic run into paragraphs of their own. */
  function itemParagraphs(doc) {
    Array.prototype.forEach.call(doc.body.querySelectorAll("li"), function (item) {
      var run = null;
      Array.prototype.slice.call(item.childNodes).forEach(function (child) {
        if (child.nodeType === 1 && BLOCK_CHILD.test(child.tagName)) {
          run = null;
          return;
        }
        if (!run) {
          if (child.nodeType === 3 && !child.nodeValue.trim()) return;
          run = doc.createElement("p");
          item.insertBefore(run, child);
        }
        run.appendChild(child);
      });
    });
  }

  /* A code block's lines as paragraphs of code: Decap keeps a pasted <pre> in the form but
   * writes nothing of it (nor of what is typed after it) to the file. */
  function codeLines(doc) {
    Array.prototype.forEach.call(doc.body.querySelectorAll("pre"), function (pre) {
      pre.textContent.split(/\r?\n/).forEach(function (line) {
        if (!line.trim()) return;
        var p = doc.createElement("p");
        var code = doc.createElement("code");
        code.textContent = line;
        p.appendChild(code);
        pre.parentNode.insertBefore(p, pre);
      });
      pre.parentNode.removeChild(pre);
    });
  }

  /* Pictures go: Decap's editor breaks on a pasted <img> (its form is lost), and a body's
   * picture must be a file beside the innovation anyway. The officer is told. */
  function pictures(doc) {
    var found = doc.body.querySelectorAll("img, picture, svg");
    Array.prototype.forEach.call(found, function (picture) {
      if (picture.parentNode) picture.parentNode.removeChild(picture);
    });
    return found.length;
  }

  var PICTURES_DROPPED = "Đoạn dán có %s ảnh: ảnh không dán được vào nội dung nên đã bỏ ra, "
    + "chữ vẫn giữ nguyên. Ảnh của sáng kiến tải lên ở ô “Ảnh đại diện”.";

  /* {html, pictures}: the HTML as Decap keeps it, and how many pictures were taken out. */
  function cleaned(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var dropped = pictures(doc);
    codeLines(doc);
    // Word's empty-paragraph marks (<o:p>&nbsp;</o:p>): nothing of the text.
    Array.prototype.forEach.call(doc.getElementsByTagName("o:p"), function (mark) {
      if (!mark.textContent.replace(/[\s\u00a0]/g, "")) mark.textContent = "";
    });
    var numbered = dropWordBullets(doc);
    wordLists(doc, numbered);
    Array.prototype.forEach.call(doc.body.querySelectorAll("b"), function (b) {
      if (notBold(b)) unwrap(b); else rename(b, "strong");
    });
    spans(doc);
    tableRows(doc);
    flattenLists(doc);
    splitAtBreaks(doc);
    itemParagraphs(doc);
    return {html: doc.body.innerHTML, pictures: dropped};
  }

  /* The paste event itself goes no further than here when it holds HTML: Chromium's
   * `beforeinput` that follows carries the same clipboard, cleaned below, and nothing of the
   * editor's sees the HTML as it came (its handlers set a picture's onerror into the page). */
  document.addEventListener("paste", function (event) {
    var target = event.target;
    var element = target && (target.nodeType === 1 ? target : target.parentNode);
    if (!element || !element.closest || !element.closest("[data-slate-editor]")) return;
    if (event.clipboardData && event.clipboardData.getData("text/html")) {
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("beforeinput", function (event) {
    if (event.inputType !== "insertFromPaste" || event.skCleaned || !event.dataTransfer) return;
    var target = event.target;
    if (!target || !target.closest || !target.closest("[data-slate-editor]")) return;
    var html = event.dataTransfer.getData("text/html");
    if (!html) return;
    var clean = cleaned(html);
    if (clean.pictures) window.setTimeout(function () {
      window.alert(PICTURES_DROPPED.replace("%s", String(clean.pictures)));
    }, 0);
    var data = new DataTransfer();
    data.setData("text/html", clean.html);
    data.setData("text/plain", event.dataTransfer.getData("text/plain"));
    event.preventDefault();
    event.stopImmediatePropagation();
    var paste = function () {
      var again = new InputEvent("beforeinput", {inputType: "insertFromPaste",
                                                 dataTransfer: data, bubbles: true,
                                                 cancelable: true});
      again.skCleaned = true;
      target.dispatchEvent(again);
    };
    if (atHeadingEnd(target) && /^\s*<(p|ul|ol|h[1-6]|blockquote|div)[\s>]/i.test(clean.html)) {
      // Decap would glue the first pasted block (a list's first item) into the heading.
      target.dispatchEvent(new InputEvent("beforeinput", {inputType: "insertParagraph",
                                                          bubbles: true, cancelable: true}));
      window.setTimeout(paste, 0);  // once the new paragraph holds the caret
    } else {
      paste();
    }
  }, true);

  /* The caret at the end of a heading of the body (nothing after it but Slate's markers). */
  function atHeadingEnd(editable) {
    var selection = window.getSelection();
    if (!selection || !selection.rangeCount || !selection.isCollapsed) return false;
    var node = selection.anchorNode;
    var heading = node && (node.nodeType === 1 ? node : node.parentNode);
    heading = heading && heading.closest ? heading.closest("h1, h2, h3, h4, h5, h6") : null;
    if (!heading || !editable.contains(heading)) return false;
    var rest = document.createRange();
    rest.setStart(selection.anchorNode, selection.anchorOffset);
    rest.setEndAfter(heading.lastChild || heading);
    return !rest.toString().replace(/[\ufeff\s]/g, "");
  }

  window.skPaste = {cleaned: cleaned};
})();
