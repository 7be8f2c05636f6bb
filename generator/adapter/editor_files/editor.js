/* The web editor's own script (/bien-tap/).
 * - units.yml as a form: it holds a list at the top of the file, which Decap CMS cannot keep
 *   as an entry's data: this format reads it as {header, units} and writes the same list
 *   back, with the comment lines at the top of the file kept, and phase targets as
 *   `{1: 800, 2: 1900}`.
 * - Vietnamese for what Decap's own `vi` phrases leave in English.
 * - Two widgets: a date typed day/month/year (stored YYYY-MM-DD), money typed the Vietnamese
 *   way (1.200.000 đồng, 1,5 triệu, 1,2 tỷ; stored as an integer); what they cannot read they
 *   refuse in the form, in Vietnamese, never changed silently.
 * - An event's presented innovation chosen by a relation that can be removed again.
 * - Rules over the whole catalog (catalog.json): a taken id refused in its field, with the
 *   unit's next free id offered; a draft among picks or presented innovations, a draft or a
 *   new id for an innovation others name, refused before saving; deleting an innovation
 *   others name refused, saying where.
 * - A picture over the checker's size refused when chosen, with its size and the limit. */
(function () {
  "use strict";
  var quote = function (value) { return JSON.stringify(String(value)); };
  var has = function (value) { return value !== undefined && value !== null && value !== ""; };

  function fromFile(text) {
    var header = [];
    var lines = text.split("\n");
    for (var i = 0; i < lines.length && /^\s*(#.*)?$/.test(lines[i]); i++) header.push(lines[i]);
    var data = window.jsyaml.safeLoad(text) || [];
    var units = data.map(function (unit) {
      var copy = Object.assign({}, unit);
      copy.targets = Object.keys(unit.targets || {}).map(function (phase) {
        return {phase: Number(phase), target: unit.targets[phase]};
      });
      return copy;
    });
    return {header: header.join("\n"), units: units};
  }

  function unitToYaml(unit) {
    var out = ["- code: " + quote(unit.code), "  name: " + quote(unit.name)];
    if (has(unit.parent)) out.push("  parent: " + quote(unit.parent));
    if (has(unit.members)) out.push("  members: " + Number(unit.members));
    var targets = (unit.targets || []).filter(function (t) { return has(t.phase); });
    // A unit below the top may leave its targets to its children's sum (contract v3).
    if (targets.length || !has(unit.parent)) {
      out.push("  targets: {" + targets.map(function (t) {
        return Number(t.phase) + ": " + Number(t.target);
      }).join(", ") + "}");
    }
    var team = unit.advisory_team;
    if (team && ((team.members || []).length || has(team.contact))) {
      out.push("  advisory_team:");
      if (has(team.contact)) out.push("    contact: " + quote(team.contact));
      out.push("    members:");
      (team.members || []).forEach(function (member) {
        var row = "      - {name: " + quote(member.name);
        if (has(member.position)) row += ", position: " + quote(member.position);
        out.push(row + "}");
      });
    }
    return out.join("\n") + "\n";
  }

  function toFile(data) {
    var header = data.header ? data.header.replace(/\s+$/, "") + "\n\n" : "";
    return header + (data.units || []).map(unitToYaml).join("\n");
  }

  window.CMS.registerCustomFormat("sk-units", "yml", {fromFile: fromFile, toFile: toFile});

  // --- Vietnamese where Decap's `vi` phrases are missing or English -------------------
  var VI = {
    auth: {loginWithAzure: "Đăng nhập bằng Azure", loginWithForgejo: "Đăng nhập bằng Forgejo"},
    collection: {
      collectionTop: {viewAs: "Xem dạng", viewAsList: "Xem dạng danh sách",
                      viewAsGrid: "Xem dạng lưới", newButton: "+ Thêm %{collectionLabel}",
                      groupBy: "Nhóm theo"},
      entries: {unpublishedHeader: "Bài chưa đăng"},
      groups: {other: "Khác", negateLabel: "Không %{label}"}
    },
    editor: {
      editorControl: {field: {widgetLabel: "Ô nhập liệu"}},
      editorControlPane: {i18n: {
        writingInLocale: "Đang viết bằng %{locale}",
        copyFromLocale: "Điền từ ngôn ngữ khác",
        copyFromLocaleConfirm: "Điền nội dung từ %{locale}?\nNội dung hiện có sẽ bị ghi đè."}},
      editorInterface: {toggleI18n: "Bật/tắt đa ngôn ngữ", togglePreview: "Bật/tắt xem trước",
                        toggleScrollSync: "Cuộn đồng thời", toggleNotes: "Bật/tắt ghi chú"},
      editorNotesPane: {
        title: "Ghi chú", emptyState: "Chưa có ghi chú nào.", addNote: "Thêm ghi chú",
        addPlaceholder: "Thêm ghi chú...", editPlaceholder: "Sửa ghi chú...", save: "Lưu",
        cancel: "Hủy", edit: "Sửa", delete: "Xóa", resolve: "Đã xử lý",
        unresolve: "Chưa xử lý", confirmDelete: "Xóa ghi chú này?",
        shortcut: "Mẹo: nhấn Ctrl+Enter để thêm nhanh ghi chú"},
      editorToolbar: {
        statusInfoTooltipDraft: "Bài đang là bản nháp. Để gửi duyệt, chuyển trạng thái sang "
          + "‘Đang duyệt’",
        statusInfoTooltipInReview: "Bài đang được duyệt, không cần làm gì thêm; vẫn có thể "
          + "sửa tiếp trong lúc duyệt."},
      editorWidgets: {
        markdown: {bold: "Chữ đậm", italic: "Chữ nghiêng", strikethrough: "Gạch ngang",
                   code: "Mã", link: "Liên kết", linkPrompt: "Nhập địa chỉ của liên kết",
                   headings: "Đề mục", quote: "Trích dẫn", bulletedList: "Danh sách dấu chấm",
                   numberedList: "Danh sách đánh số", addComponent: "Thêm thành phần",
                   markdown: "Văn bản thô",
                   toggleMode: {rich: "Chuyển sang soạn thảo trực quan",
                                markdown: "Chuyển sang văn bản thô"}},
        image: {chooseMultiple: "Chọn các ảnh", chooseUrl: "Chèn từ địa chỉ web",
                replaceUrl: "Thay bằng địa chỉ web", promptUrl: "Nhập địa chỉ của ảnh",
                addMore: "Thêm ảnh", removeAll: "Xóa tất cả ảnh"},
        file: {chooseUrl: "Chèn từ địa chỉ web", chooseMultiple: "Chọn các tệp",
               replaceUrl: "Thay bằng địa chỉ web", promptUrl: "Nhập địa chỉ của tệp",
               addMore: "Thêm tệp", removeAll: "Xóa tất cả tệp"},
        datetime: {setToNow: "Đặt %{fieldLabel} là hôm nay"},
        list: {add: "Thêm %{item}", addType: "Thêm %{item}"},
        object: {expand: "Mở rộng", collapse: "Thu gọn"}
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {copy: "Chép", copyUrl: "Chép địa chỉ", copyPath: "Chép đường dẫn",
                         copyName: "Chép tên", copied: "Đã chép"},
      mediaLibraryModal: {close: "Đóng"},
      mediaLibrary: {fileTooLarge: "Tệp quá lớn: tối đa %{size} kB."}
    },
    ui: {
      settingsDropdown: {account: "Tài khoản"},
      toast: {onFailToPersist: "Chưa lưu được: %{details}",
              noteAdded: "Đã thêm ghi chú", onFailToAddNote: "Không thêm được ghi chú: %{details}",
              noteUpdated: "Đã sửa ghi chú",
              onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
              noteDeleted: "Đã xóa ghi chú",
              onFailToDeleteNote: "Không xóa được ghi chú: %{details}",
              noteResolved: "Ghi chú đã xử lý", noteReopened: "Ghi chú mở lại",
              onFailToToggleNote: "Không đổi được trạng thái ghi chú: %{details}"}
    }
  };

  function merged(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" && base && typeof base[key] === "object"
        ? merged(base[key], value) : (value && typeof value === "object"
          ? merged({}, value) : value);
    });
    return out;
  }

  var cms = window.CMS;
  cms.registerLocale("vi", merged((cms.getLocale && cms.getLocale("vi")) || {}, VI));

  // --- Numbers and dates as a Vietnamese reader writes them -----------------------------
  var h = window.h;
  var createClass = window.createClass;

  function grouped(digits) {
    return String(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  var SCALES = {"nghìn": 3, "ngàn": 3, "triệu": 6, "tỷ": 9, "tỉ": 9};
  var MONEY_EXAMPLES = "ví dụ 1.200.000, 1.200.000 đồng, 1,5 triệu hoặc 1,2 tỷ";

  /* {value: integer | null (empty)} or {error: a Vietnamese sentence}. */
  function parseMoney(text, max) {
    var s = String(text === undefined || text === null ? "" : text).normalize("NFC")
      .replace(/[\u00a0\u202f]/g, " ").trim().toLowerCase();
    if (!s) return {value: null};
    s = s.replace(/\s*(đồng|vnđ|vnd|đ)\s*(\/\s*năm)?$/, "");
    var exp = 0;
    var scale = s.match(/^(.*?)\s*(nghìn|ngàn|triệu|tỷ|tỉ)$/);
    if (scale) {
      s = scale[1];
      exp = SCALES[scale[2]];
    }
    s = s.replace(/(\d) (?=\d{3}(?!\d))/g, "$1.");
    var m = s.match(/^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/);
    if (!m) return {error: "Không đọc được số tiền “" + String(text).trim() + "”: hãy viết "
                           + MONEY_EXAMPLES + "."};
    var whole = m[1].replace(/\./g, "");
    var fraction = m[2] || "";
    if (fraction.length > exp) {
      if (/[^0]/.test(fraction.slice(exp))) {
        return {error: "Số tiền “" + String(text).trim() + "” không phải số đồng chẵn: bỏ "
                       + "phần lẻ sau dấu phẩy."};
      }
      fraction = fraction.slice(0, exp);
    }
    var digits = (whole + fraction + "0".repeat(exp - fraction.length)).replace(/^0+(?=\d)/, "");
    if (max !== undefined && max !== null && BigInt(digits) > BigInt(max)) {
      return {error: "Số tiền " + grouped(digits) + " đồng quá lớn: trình biên tập web giữ "
                     + "đúng tới " + grouped(max) + " đồng; số lớn hơn sửa trực tiếp trong tệp."};
    }
    return {value: Number(digits)};
  }

  function shownMoney(value) {
    if (typeof value === "number" && isFinite(value)) return grouped(value);
    return value === undefined || value === null ? "" : String(value);
  }

  /* A text box whose text is read into the stored value as it is typed (parse gives
   * {value} or {error}); the text stays as typed, and a note under it says what will be
   * stored, what is wrong or what to check. spec: show(value), parse(text, field),
   * stored(result), isOwn(value), note(result, field), noteKind, placeholder, inputMode. */
  function textWidget(spec) {
    return createClass({
      getInitialState: function () {
        return {text: spec.show(this.props.value)};
      },
      componentDidUpdate: function (previous) {
        var value = this.props.value;
        if (value !== previous.value && spec.isOwn(value) && this.parsed().value !== value) {
          this.setState({text: spec.show(value)});
        }
      },
      parsed: function () {
        return spec.parse(this.state.text, this.props.field);
      },
      isValid: function () {
        var result = this.parsed();
        return result.error ? {error: {type: "CUSTOM", message: result.error}} : true;
      },
      handleChange: function (event) {
        var text = event.target.value;
        this.setState({text: text});
        var result = spec.parse(text, this.props.field);
        this.props.onChange(result.error ? text : spec.stored(result));
      },
      render: function () {
        var result = this.parsed();
        var note = result.error || spec.note(result, this.props.field, this.state.text);
        return h("div", {className: this.props.classNameWrapper},
          h("input", {type: "text", id: this.props.forID, value: this.state.text,
                      inputMode: spec.inputMode, autoComplete: "off",
                      placeholder: spec.placeholder,
                      onChange: this.handleChange, onFocus: this.props.setActiveStyle,
                      onBlur: this.props.setInactiveStyle,
                      style: {border: 0, outline: 0, width: "100%", background: "transparent",
                              font: "inherit"}}),
          note ? h("p", {role: "status", "data-sk": spec.noteKind,
                         style: {margin: "6px 0 0", fontSize: "0.85em",
                                 color: result.error ? "#b00020" : spec.noteColour}}, note)
            : null);
      }
    });
  }

  var MoneyControl = textWidget({
    show: shownMoney,
    parse: function (text, field) { return parseMoney(text, field.get("max")); },
    stored: function (result) { return result.value === null ? "" : result.value; },
    isOwn: function (value) { return typeof value === "number"; },
    note: function (result, field, text) {
      return typeof result.value === "number" && text.trim() !== grouped(result.value)
        ? "Sẽ lưu: " + grouped(result.value) + " đồng." : "";
    },
    noteKind: "money-note", noteColour: "#555", inputMode: "text",
    placeholder: "ví dụ 1.200.000 đồng"
  });

  function isoDate(year, month, day) {
    return year + "-" + String(month).padStart(2, "0") + "-" + String(day).padStart(2, "0");
  }

  function shownDate(value) {
    var m = typeof value === "string" && value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
    if (m) return m[3] + "/" + m[2] + "/" + m[1];
    return value === undefined || value === null ? "" : String(value);
  }

  /* {value: "YYYY-MM-DD" | "" (empty)} or {error: a Vietnamese sentence}. */
  function parseDate(text, minYear, maxYear) {
    var s = String(text === undefined || text === null ? "" : text).trim();
    if (!s) return {value: ""};
    var day, month, year;
    var m = s.match(/^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/);
    if (m) {
      day = Number(m[1]); month = Number(m[2]); year = Number(m[3]);
    } else if ((m = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) {
      year = Number(m[1]); month = Number(m[2]); day = Number(m[3]);
    } else {
      return {error: "Ngày “" + s + "” chưa đúng dạng ngày/tháng/năm (năm đủ 4 chữ số), "
                     + "ví dụ 15/09/2023."};
    }
    if ((minYear && year < minYear) || (maxYear && year > maxYear)) {
      return {error: "Năm " + year + " không hợp lệ: từ " + minYear + " đến " + maxYear + "."};
    }
    var date = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || month > 12 || date.getUTCDate() !== day
        || date.getUTCMonth() !== month - 1) {
      return {error: "Không có ngày " + day + "/" + month + "/" + year + " trong lịch."};
    }
    return {value: isoDate(year, month, day)};
  }

  function dateWarning(value, field) {
    var start = field.get("program_start");
    var end = field.get("program_end");
    if (start && value < start) {
      return "Lưu ý: ngày này trước khi chương trình bắt đầu (" + shownDate(start)
        + "); kiểm tra lại, vẫn lưu được.";
    }
    if (end && value > end) {
      return "Lưu ý: ngày này sau khi chương trình kết thúc (" + shownDate(end)
        + "); kiểm tra lại, vẫn lưu được.";
    }
    return "";
  }

  var DateControl = textWidget({
    show: shownDate,
    parse: function (text, field) {
      return parseDate(text, field.get("min_year"), field.get("max_year"));
    },
    stored: function (result) { return result.value; },
    isOwn: function (value) {
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
    },
    note: function (result, field) { return result.value ? dateWarning(result.value, field) : ""; },
    noteKind: "date-note", noteColour: "#8a5300", inputMode: undefined,
    placeholder: "ngày/tháng/năm, ví dụ 15/09/2023"
  });

  cms.registerWidget("sk-money", MoneyControl);
  cms.registerWidget("sk-date", DateControl);

  /* Decap's relation widget, keeping no metadata: in a list of plain values (an event's
   * presented innovations) Decap 3.16 removes an item's metadata with the item's value as
   * a key path, which throws once the relation has stored metadata, and the remove button
   * does nothing. The stored value (the id) is the same. */
  var PlainRelation = createClass({
    handleChange: function (value) {
      this.props.onChange(value);
    },
    render: function () {
      var inner = cms.getWidget("relation").control;
      return h(inner, Object.assign({}, this.props, {onChange: this.handleChange}));
    }
  });
  cms.registerWidget("sk-relation", PlainRelation);

  // --- Rules over the whole catalog, from catalog.json (written by each build) ------------
  /* {innovations: {id: [source, title, draft 0/1]}, used: {id: [where it is named]}}:
   * generator/site/editor_config.py, editor_catalog. */
  var known = {innovations: {}, used: {}};
  var saved = {};  // ids saved in this tab since: {id: [source, title, draft]}
  function load() {
    return window.fetch ? window.fetch("catalog.json", {cache: "no-cache"})
      .then(function (response) { return response.ok ? response.json() : known; })
      .then(function (data) {
        known = data;
        Object.keys(saved).forEach(function (id) {
          if (!known.innovations[id]) known.innovations[id] = saved[id];
        });
        return data;
      }, function () { return known; })
      : Promise.resolve(known);
  }
  var loading = load();
  // A form opened again reads the catalog again: the build since may have added entries.
  window.addEventListener("hashchange", function () {
    if (/\/(new|entries\/)/.test(String(window.location.hash))) loading = load();
  });

  function sourceOf(path) {
    return String(path || "").replace(/^content\//, "");
  }

  /* The innovation, other than the entry at `path`, that has this id. An id saved in this tab
   * whose file is not known yet ("") is another's only for a new entry. */
  function otherWithId(id, path, isNew) {
    var found = known.innovations[id];
    if (!found) return null;
    if (!found[0]) return isNew ? found : null;
    return found[0] !== sourceOf(path) ? found : null;
  }

  function nextFreeId(unit, year) {
    if (!unit || !year) return "";
    var prefix = unit + "-" + year + "-";
    var highest = 0;
    Object.keys(known.innovations).forEach(function (id) {
      if (id.indexOf(prefix) === 0 && /^\d+$/.test(id.slice(prefix.length))) {
        highest = Math.max(highest, Number(id.slice(prefix.length)));
      }
    });
    return prefix + String(highest + 1).padStart(4, "0");
  }

  function duplicateMessage(id, other) {
    return "Mã sáng kiến " + id + " đã dùng cho sáng kiến “" + other[1] + "” (tệp " + other[0]
      + "): mỗi sáng kiến một mã riêng.";
  }

  function where(list) {
    return list.map(function (place) { return "– " + place; }).join("\n");
  }

  /* The id's field: a text box that says at once when the id is taken, and proposes the
   * unit's next free id for the year of registration. */
  var IdControl = createClass({
    getInitialState: function () { return {ready: false}; },
    componentDidMount: function () {
      var self = this;
      loading.then(function () { if (!self.unmounted) self.setState({ready: true}); });
    },
    componentWillUnmount: function () { this.unmounted = true; },
    /* Also Decap's question for the widget: the offer follows the unit and the date. */
    shouldComponentUpdate: function (next, nextState) {
      var key = function (props) {
        var entry = props.entry;
        return [props.value, props.classNameWrapper, props.hasActiveStyle,
                entry && entry.getIn ? entry.getIn(["data", "unit"]) : "",
                entry && entry.getIn ? entry.getIn(["data", "registered"]) : ""].join("\u0000");
      };
      return (nextState !== undefined && nextState !== this.state) || key(next) !== key(this.props);
    },
    data: function (name) {
      var entry = this.props.entry;
      return entry && entry.getIn ? entry.getIn(["data", name]) : undefined;
    },
    taken: function () {
      var value = String(this.props.value || "").trim();
      var entry = this.props.entry;
      var path = entry && entry.get ? entry.get("path") : "";
      return value ? otherWithId(value, path, !!(entry && entry.get && entry.get("newRecord")))
        : null;
    },
    isValid: function () {
      var other = this.taken();
      return other ? {error: {type: "CUSTOM", message: duplicateMessage(this.props.value, other)}}
        : true;
    },
    proposal: function () {
      var unit = this.data("unit");
      var registered = String(this.data("registered") || "");
      var year = /^\d{4}-/.test(registered) ? registered.slice(0, 4)
        : String(new Date().getFullYear());
      return nextFreeId(unit, year);
    },
    handleChange: function (event) {
      this.props.onChange(event.target.value);
    },
    render: function () {
      var self = this;
      var value = this.props.value || "";
      var other = this.taken();
      var proposal = this.proposal();
      var offer = proposal && proposal !== value && (!value || other) ? proposal : "";
      return h("div", {className: this.props.classNameWrapper},
        h("input", {type: "text", id: this.props.forID, value: value, autoComplete: "off",
                    placeholder: proposal ? "ví dụ " + proposal : "ví dụ EVNNPC-2022-0042",
                    onChange: this.handleChange, onFocus: this.props.setActiveStyle,
                    onBlur: this.props.setInactiveStyle,
                    style: {border: 0, outline: 0, width: "100%", background: "transparent",
                            font: "inherit"}}),
        other ? h("p", {role: "status", "data-sk": "id-note",
                        style: {margin: "6px 0 0", fontSize: "0.85em", color: "#b00020"}},
                  duplicateMessage(value, other)) : null,
        offer ? h("p", {"data-sk": "id-offer", style: {margin: "6px 0 0", fontSize: "0.85em"}},
                  "Mã còn trống tiếp theo của " + this.data("unit") + ": " + offer + " ",
                  h("button", {type: "button", onClick: function () { self.props.onChange(offer); },
                               style: {font: "inherit", cursor: "pointer"}},
                    "Dùng mã " + offer)) : null);
    }
  });
  cms.registerWidget("sk-id", IdControl);

  /* Before saving: what the checker would refuse across files. A string thrown is shown in
   * Decap's notice ("Không lưu được: ..."), and nothing is written. */
  /* The sample sentences the form starts with, still there in an innovation to publish: the
   * checker refuses them (the preview would show the problem instead of the page). */
  function placeholdersLeft(get, list) {
    var samples = known.placeholders;
    if (!samples) return [];
    var left = [];
    if (String(get("summary") || "").trim() === samples.summary) left.push("“Tóm tắt”");
    list(get("authors")).forEach(function (author, index) {
      if (author && (author.name === samples.name || author.position === samples.position)) {
        left.push("“Tác giả” thứ " + (index + 1));
      }
    });
    var lines = String(get("body") || "").split("\n").map(function (line) { return line.trim(); });
    (samples.body || []).forEach(function (pair) {
      if (lines.indexOf(pair[1]) >= 0) left.push("mục “" + pair[0] + "” của “Nội dung”");
    });
    if (!left.length) return [];
    return ["Còn câu mẫu chưa thay ở " + left.join(", ") + ". Thay bằng nội dung thật, hoặc bật "
      + "“Bản nháp” để lưu mà chưa đăng."];
  }

  function refusals(entry) {
    var collection = entry.get("collection");
    var data = entry.get("data");
    var get = function (name) { return data && data.get ? data.get(name) : undefined; };
    var list = function (value) { return value && value.toJS ? value.toJS() : (value || []); };
    var problems = [];
    if (collection === "innovations") {
      var id = String(get("id") || "");
      var other = otherWithId(id, entry.get("path"), !!entry.get("newRecord"));
      if (other) problems.push(duplicateMessage(id, other));
      var own = known.innovations[id];
      var usedAt = known.used[id] || [];
      if (get("draft") && usedAt.length && !(own && own[2])) {
        problems.push("Sáng kiến " + id + " đang được nêu ở:\n" + where(usedAt)
          + "\nnên chưa thể chuyển thành bản nháp: bỏ nó khỏi những chỗ đó trước.");
      }
      if (!get("draft")) problems = problems.concat(placeholdersLeft(get, list));
      var path = sourceOf(entry.get("path"));
      Object.keys(known.used).forEach(function (usedId) {
        var was = known.innovations[usedId];
        if (was && was[0] === path && usedId !== id) {
          problems.push("Mã " + usedId + " đang được nêu ở:\n" + where(known.used[usedId])
            + "\nnên không đổi được thành " + id + ".");
        }
      });
    } else if (collection === "featured" || collection === "events") {
      var ids = collection === "featured"
        ? list(get("picks")).map(function (pick) { return pick && pick.id; })
        : list(get("innovations"));
      var label = collection === "featured" ? "Sáng kiến được chọn" : "Sáng kiến được trình bày";
      ids.forEach(function (pickId) {
        var found = known.innovations[pickId];
        if (found && found[2]) {
          problems.push("“" + label + "”: sáng kiến " + pickId + " (“" + found[1] + "”) còn là "
            + "bản nháp, chưa đăng nên không chọn được. Bỏ nó ra, hoặc đăng sáng kiến trước.");
        }
      });
    }
    return problems;
  }

  if (cms.registerEventListener) cms.registerEventListener({name: "preSave", handler: function (args) {
    return loading.then(function () {
      var problems = refusals(args.entry);
      if (problems.length) {
        window.alert("Chưa lưu được:\n\n" + problems.join("\n\n"));
        throw problems.join(" ");
      }
      return undefined;
    });
  }});

  // What this tab saved counts at once, before the next build's catalog.json says it.
  if (cms.registerEventListener) cms.registerEventListener({name: "postSave", handler: function (args) {
    var entry = args.entry;
    if (entry.get("collection") !== "innovations") return undefined;
    var data = entry.get("data");
    var id = String(data.get("id") || "");
    if (id) {
      saved[id] = [sourceOf(entry.get("path")), String(data.get("title") || ""),
                   data.get("draft") ? 1 : 0];
      known.innovations[id] = saved[id];
    }
    return undefined;
  }});

  /* Deleting an innovation a month's picks or an event names: refused, saying where. Decap
   * asks window.confirm before it deletes an entry; the question is answered here first. */
  var confirmFirst = window.confirm ? window.confirm.bind(window) : function () { return true; };
  window.confirm = function (message) {
    var entry = String(window.location.hash).match(/^#\/collections\/innovations\/entries\/(.+)$/);
    var deleting = /xoá|xóa/i.test(String(message));
    if (entry && deleting) {
      var slug = decodeURIComponent(entry[1]);
      var sources = ["innovations/" + slug + ".md", "innovations/" + slug + "/index.md"];
      var id = Object.keys(known.innovations).filter(function (key) {
        return known.innovations[key][0] && sources.indexOf(known.innovations[key][0]) >= 0;
      })[0];
      if (id && known.used[id]) {
        window.alert("Không xóa được sáng kiến " + id + " (“" + known.innovations[id][1]
          + "”): nó đang được nêu ở\n" + where(known.used[id])
          + "\nHãy bỏ nó khỏi những chỗ đó trước, rồi xóa.");
        return false;
      }
    }
    return confirmFirst(message);
  };

  // --- A picture too large, refused when it is chosen ---------------------------------
  var MAX_IMAGE_BYTES = 1000000;  // generator/content/images.py (tests/browser/test_editor.py checks)

  function megabytes(bytes) {
    var text = (bytes / 1000000).toFixed(bytes % 1000000 === 0 ? 0 : 1);
    return text.replace(".", ",") + " MB";
  }

  window.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "file" || !input.files) return;
    var big = Array.prototype.filter.call(input.files, function (file) {
      return file.size > MAX_IMAGE_BYTES;
    })[0];
    if (!big) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    input.value = "";
    window.alert("Ảnh “" + big.name + "” nặng " + megabytes(big.size) + " (" + grouped(big.size)
                 + " byte), quá giới hạn " + megabytes(MAX_IMAGE_BYTES) + " ("
                 + grouped(MAX_IMAGE_BYTES) + " byte). Hãy thu nhỏ ảnh rồi tải lên lại.");
  }, true);

  // The choosers (react-select) say "Loading..." and "No options" themselves, in English.
  var NOTICES = {"Loading...": "Đang tải...", "No options": "Không có lựa chọn nào"};
  /* Buttons Decap draws as icons only, named for screen readers: a list item's bar (fold,
   * then remove) and the body's mode switch. */
  function nameItemButtons(root) {
    if (!root.querySelectorAll) return;
    Array.prototype.forEach.call(root.querySelectorAll("[class*='TopBar']"), function (bar) {
      var buttons = bar.querySelectorAll(":scope > button[class*='TopBarButton']");
      if (buttons.length !== 2) return;
      if (!buttons[0].hasAttribute("aria-label")) {
        buttons[0].setAttribute("aria-label", "Thu gọn hoặc mở mục này");
      }
      if (!buttons[1].hasAttribute("aria-label")) {
        buttons[1].setAttribute("aria-label", "Bỏ mục này khỏi danh sách");
      }
    });
    // A notice's close button and timer (react-toastify), named in English.
    Array.prototype.forEach.call(root.querySelectorAll("[aria-label='close'], "
      + "[aria-label='notification timer']"), function (element) {
      element.setAttribute("aria-label", element.getAttribute("aria-label") === "close"
        ? "Đóng thông báo" : "Thời gian còn lại của thông báo");
    });
    // The body's toolbar switch between the formatted view and Markdown text.
    Array.prototype.forEach.call(
      root.querySelectorAll("[class*='ToolbarToggle'][role='switch']:not([aria-label])"),
      function (toggle) {
        toggle.setAttribute("aria-label", "Chuyển chế độ soạn: có định dạng hoặc văn bản thô");
      });
  }
  if (window.MutationObserver && document.body) {
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        Array.prototype.forEach.call(change.addedNodes, nameItemButtons);
        if (change.type === "characterData" && NOTICES[change.target.nodeValue]) {
          change.target.nodeValue = NOTICES[change.target.nodeValue];
        }
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
          for (var text = node.nodeType === 3 ? node : walker.nextNode(); text;
               text = walker.nextNode()) {
            if (NOTICES[text.nodeValue]) text.nodeValue = NOTICES[text.nodeValue];
          }
        });
      });
    }).observe(document.body, {childList: true, subtree: true, characterData: true});
  }

  window.skEditor = {parseMoney: parseMoney, parseDate: parseDate};
  // Decap waits for this (before-decap.js): our phrases and widgets are all registered now.
  cms.init();
})();
