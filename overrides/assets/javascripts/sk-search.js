// Search page: our own results, filters, sorting and ranking over the partitioned index
// (sk-search-parts.js: search(query, {filters, newest}) -> {count, exact, done, next(n)}).
// Everything from the index is inserted with textContent: no markup from content reaches the
// DOM.
const script = document.querySelector("script[data-index]");
const indexBase = new URL(script.dataset.index, document.baseURI).href;
const root = new URL(script.dataset.root || "./", document.baseURI);
const PAGE = 10;

const input = document.getElementById("sk-q");
const sortSelect = document.getElementById("sk-sort");
const filterSelects = [...document.querySelectorAll("select[data-filter]")];
const controls = [...filterSelects, sortSelect];
const status = document.getElementById("sk-status");
const list = document.getElementById("sk-results");
const more = document.getElementById("sk-more");

let current = { search: null, token: 0 };
let engine = null;
const engineOf = () => {
  engine ??= import("./sk-search-parts.js")
    .then((module) => module.createEngine(indexBase));
  return engine;
};

// The search in the page's address, so that it can be shared: ?q=duong+day&don-vi=EVNNPC&
// giai-doan=1. Each option's value is its short form there (the sort's is data-token).
const tokenOf = (option) => option.dataset.token ?? option.value;

function writeAddress(query) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const select of controls) {
    if (select.value) params.set(select.dataset.param, tokenOf(select.selectedOptions[0]));
  }
  const search = params.toString();
  if (`?${search}` !== location.search) {
    history.replaceState(null, "", search ? `?${search}` : location.pathname);
  }
}

function readAddress() {
  const params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").normalize("NFC");
  for (const select of controls) {
    const token = params.get(select.dataset.param);
    const option = [...select.options].find((o) => o.value && tokenOf(o) === token);
    select.value = option ? option.value : "";
  }
}

function chosenFilters() {
  const chosen = {};
  for (const select of filterSelects) {
    if (select.value) chosen[select.dataset.filter] = select.selectedOptions[0].dataset.value;
  }
  return chosen;
}

const MARKS = /[\u0300-\u036f]/g;
const hasMarks = (text) => /[^\u0000-\u007f]/.test(text);
const norm = (text) => text.normalize("NFC").toLocaleLowerCase("vi");
// Tones and marks off, đ to d: "Đường dây" -> "duong day" (as generator/site/vietnamese.py).
const fold = (text) => norm(text).normalize("NFD").replace(MARKS, "").replace(/đ/g, "d");
const wordsOf = (text) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

// The index folds tones and finds each word of the query anywhere in a record: unaccented,
// "duong day" finds "Dưỡng đấu nối hộp công tơ" (whose summary has "đấu dây") as well as
// "đường dây". Its first results are ranked again here
// by their title, summary and tags, folded as the query is: the query's words side by side
// (a phrase) count most, in the title most, then in the tags (the editors' own words for
// what it is about), then in the summary; then every word found in the title; then every
// word found somewhere. The last word may also be the start of a longer one (the reader may
// still be typing), which counts a third of a whole word. When the reader typed tones, each
// word found with the same tones counts one more. Equal scores keep the index's order.
function fieldMatch(words, query, prefix) {
  const last = query.length - 1;
  const hit = (word, index) => word !== undefined && (word === query[index]
    || (prefix && index === last && word.startsWith(query[index])));
  const found = query.map((_, index) => words.some((word) => hit(word, index)));
  let phrase = false;
  for (let start = 0; !phrase && start + last < words.length; start++) {
    phrase = query.every((_, index) => hit(words[start + index], index));
  }
  return { found, phrase };
}

function matchScore(fields, query, prefix) {
  const [title, summary, tags] = fields.map((words) => fieldMatch(words, query, prefix));
  const everywhere = query.every((_, i) => title.found[i] || summary.found[i] || tags.found[i]);
  return 6 * title.phrase + 4 * tags.phrase + 3 * summary.phrase
    + 2 * title.found.every(Boolean) + everywhere;
}

function relevance(data, query, typed) {
  const texts = [data.meta.title, data.meta.summary, data.meta.tags].map((text) => text || "");
  const fields = texts.map((text) => wordsOf(fold(text)));
  let score = matchScore(fields, query, false) + matchScore(fields, query, true) / 2;
  if (typed) {
    const words = new Set(wordsOf(norm(texts.join(" "))));
    score += typed.filter((word) => words.has(word)).length;
  }
  return score;
}

// The first screenful, whose data is loaded to be shown anyway, ranked again; what the
// reader named whole (below) stays first, and an innovation whose id was typed leads.
function rerank(shown, query) {
  const folded = wordsOf(fold(query));
  const typed = hasMarks(query) ? wordsOf(norm(query)) : null;
  if (!folded.length) return shown;
  const named = `/${folded.join("-")}/`;
  const score = (data) => (data.named ? 1000 : 0) + (data.url.endsWith(named) ? 500 : 0)
    + relevance(data, folded, typed);
  return shown.map((data, index) => ({ data, index, score: score(data) }))
    .sort((a, b) => b.score - a.score || a.index - b.index).map((item) => item.data);
}

// A query that names something whole: a unit by its code or name (the unit filter's options,
// on the page), an innovation by its id or an author by name (identity terms of the
// partitioned index). Its innovations come first, then the words' other matches.
const whole = (text) => wordsOf(fold(text)).join(" ");
const unitFilter = filterSelects.find((select) => select.dataset.filter === "unit");

// A unit's code, its name, its name without the words every unit's starts with, or the
// end of its name of two words or more that no other unit's name ends with ("điện lực
// miền trung").
function unitNamed(folded) {
  if (!unitFilter) return null;
  const options = [...unitFilter.options].filter((o) => o.value);
  const exact = options.find((o) => [
    o.value, o.dataset.value, (o.getAttribute("label") || "").replace(/\s*\([\d.]+\)$/, ""),
  ].some((text) => text && whole(text) === folded));
  if (exact) return exact.dataset.value;
  if (folded.split(" ").length < 2) return null;
  const ending = options.filter((o) => ` ${whole(o.dataset.value)}`.endsWith(` ${folded}`));
  return ending.length === 1 ? ending[0].dataset.value : null;
}

async function namedFilter(engine, query, filters) {
  const folded = whole(query);
  if (!folded) return null;
  const unit = unitNamed(folded);
  if (unit && !filters.unit) return { unit };
  if (!engine.knows) return null;
  for (const key of ["id", "author"]) {
    if (await engine.knows(key, folded)) return { [key]: folded };
  }
  return null;
}

// Two searches as one: the first's results, then the second's not already given.
function chained(first, second) {
  const given = new Set();
  const drain = async (search, count, out, skip) => {
    while (out.length < count && !search.done) {
      const next = await search.next(count - out.length);
      if (!next.length) break;
      for (const data of next) {
        if (skip && given.has(data.url)) continue;
        given.add(data.url);
        out.push(data);
      }
    }
  };
  return {
    get count() { return Math.max(first.count, second.count); },
    get exact() { return first.exact && second.exact && first.count <= second.count; },
    get done() { return first.done && second.done; },
    async next(count) {
      const out = [];
      await drain(first, count, out, false);
      for (const data of out) data.named = true;
      await drain(second, count, out, true);
      return out;
    },
  };
}

const countText = (search) => {
  const number = search.count.toLocaleString("vi-VN");
  return search.exact ? `${number} kết quả` : `Khoảng ${number} kết quả`;
};

async function run() {
  const token = ++current.token;
  const query = input.value.normalize("NFC").trim();
  const filters = chosenFilters();
  writeAddress(query);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "Nhập từ khóa, có dấu hoặc không dấu.";
    return;
  }
  status.textContent = "Đang tìm…";
  const newest = Boolean(sortSelect.value);
  const reader = await engineOf();
  let search = await reader.search(query || null, { filters, newest });
  const named = query && !newest ? await namedFilter(reader, query, filters) : null;
  if (named) {
    search = chained(await reader.search(null, { filters: { ...filters, ...named } }), search);
  }
  if (token !== current.token) return;
  let shown = await search.next(PAGE);
  if (token !== current.token) return;
  if (query && !newest) shown = rerank(shown, query);
  current = { search, token };
  list.replaceChildren(...shown.map(resultItem));
  more.hidden = search.done;
  // The count is announced once the results it speaks of are on the page.
  if (shown.length) status.textContent = countText(search);
  else if (!search.done) status.textContent = "Chưa thấy kết quả nào trong các mục mới nhất; bấm “Xem thêm” để tìm tiếp.";
  else status.textContent = "Không tìm thấy kết quả nào. Thử bỏ bớt bộ lọc hoặc gõ từ khác.";
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "sk-result";
  const title = document.createElement("a");
  title.className = "sk-result__title";
  title.href = new URL(data.url.replace(/^\//, ""), root).href;
  title.textContent = data.meta.title || data.url;
  const meta = document.createElement("p");
  meta.className = "sk-card__meta";
  meta.textContent = [data.meta.kind, data.meta.unit, data.meta.category, data.meta.date]
    .filter(Boolean).join(" · ");
  const summary = document.createElement("p");
  summary.className = "sk-card__summary";
  summary.textContent = data.meta.summary || "";
  item.append(title, meta, summary);
  return item;
}

async function showMore() {
  const { search, token } = current;
  if (!search) return;
  const next = await search.next(PAGE);
  if (token !== current.token) return;
  list.append(...next.map(resultItem));
  more.hidden = search.done;
  if (list.childElementCount) status.textContent = countText(search);
}

// The filters fold away on a phone; their summary counts those chosen.
const folder = document.querySelector(".sk-search__filters");
const chosenNote = folder?.querySelector(".sk-search__chosen");
const NARROW = "(max-width: 44.9375em)"; // Material's phone and tablet portrait widths

function noteChosen() {
  if (!chosenNote) return;
  const chosen = controls.filter((select) => select.value).length;
  chosenNote.textContent = chosen ? ` (${chosen} đang chọn)` : "";
}

let timer = 0;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
// Enter keeps the reader on the page: results follow typing (no inline handler: see the CSP).
input.form.addEventListener("submit", (event) => event.preventDefault());
controls.forEach((select) => select.addEventListener("change", () => { noteChosen(); run(); }));
more.addEventListener("click", showMore);

readAddress();
noteChosen();
if (folder && matchMedia(NARROW).matches) folder.open = false;
if (input.value || controls.some((select) => select.value)) run();
input.focus();
