// Search page: Pagefind's API with our own results, filters and sorting.
// Everything from the index is inserted with textContent: no markup from content reaches the DOM.
const script = document.currentScript || document.querySelector("script[data-pagefind]");
const pagefindUrl = new URL(script.dataset.pagefind, document.baseURI).href;
const root = new URL(script.dataset.root || "./", document.baseURI);
const PAGE = 10;

const input = document.getElementById("sk-q");
const sortSelect = document.getElementById("sk-sort");
const filterSelects = [...document.querySelectorAll("select[data-filter]")];
const status = document.getElementById("sk-status");
const list = document.getElementById("sk-results");
const more = document.getElementById("sk-more");

const base = new URL("./", pagefindUrl).href;
let current = { results: [], shown: 0, token: 0 };
let merged = null;
let perShard = null;

const shardPaths = () => fetch(new URL("shards.json", base)).then((r) => r.json())
  .then((manifest) => manifest.merge.map((path) => new URL(path, base).href));

async function createInstance(basePath) {
  const pagefind = await import(pagefindUrl);
  const pf = pagefind.createInstance({ basePath, excerptLength: 24 });
  if (pf.init) await pf.init();
  return pf;
}

// The index comes in shards of a few thousand records, newest dates first
// (generator/search_index.py). Relevance: one instance with every shard merged into it.
function relevanceIndex() {
  merged ??= (async () => {
    const pf = await createInstance(base);
    for (const path of await shardPaths()) await pf.mergeIndex(path);
    return pf;
  })();
  return merged;
}

// Newest first: Pagefind sorts within an index but merges by score, so each shard gets its
// own instance (made only when this order is chosen) and their sorted results are joined
// in shard order, which is date order.
function shardIndexes() {
  perShard ??= (async () => Promise.all([base, ...await shardPaths()].map(createInstance)))();
  return perShard;
}

async function searchAll(query, options) {
  if (!options.sort) return (await (await relevanceIndex()).search(query, options)).results;
  const shards = await shardIndexes();
  const found = await Promise.all(shards.map((pf) => pf.search(query, options)));
  return found.flatMap((search) => search.results);
}

function chosenFilters() {
  const chosen = {};
  for (const select of filterSelects) {
    if (select.value) chosen[select.dataset.filter] = select.value;
  }
  return chosen;
}

const hasMarks = (text) => /[^\u0000-\u007f]/.test(text);
const norm = (text) => text.normalize("NFC").toLocaleLowerCase("vi");

// Pagefind folds tones both ways; when the reader typed them, results that carry the same
// accented words in their title or summary come first among the first screenful (whose data
// is loaded anyway), in Pagefind's order otherwise.
function exactScore(data, words) {
  const text = norm(`${data.meta.title || ""} ${data.meta.summary || ""}`);
  return words.reduce((score, word) => score + (text.includes(word) ? 1 : 0), 0);
}

async function run() {
  const token = ++current.token;
  const query = input.value.normalize("NFC").trim();
  const filters = chosenFilters();
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "Nhập từ khóa, có dấu hoặc không dấu.";
    return;
  }
  status.textContent = "Đang tìm…";
  const options = { filters };
  if (sortSelect.value) options.sort = { date: sortSelect.value };
  let results = await searchAll(query || null, options);
  if (token !== current.token) return;
  if (query && hasMarks(query) && !sortSelect.value) {
    const words = norm(query).split(/\s+/);
    const head = await Promise.all(results.slice(0, PAGE).map(async (r) => ({ r, d: await r.data() })));
    if (token !== current.token) return;
    head.forEach((item, index) => { item.score = exactScore(item.d, words); item.index = index; });
    head.sort((a, b) => b.score - a.score || a.index - b.index);
    results = [...head.map((item) => item.r), ...results.slice(PAGE)];
  }
  current = { results, shown: 0, token };
  list.replaceChildren();
  await showMore();
  if (token !== current.token) return;
  // The count is announced once the results it speaks of are on the page.
  status.textContent = results.length
    ? `${results.length.toLocaleString("vi-VN")} kết quả`
    : "Không tìm thấy kết quả nào. Thử bỏ bớt bộ lọc hoặc gõ từ khác.";
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
  const { results, shown, token } = current;
  const next = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
  if (token !== current.token) return;
  list.append(...next.map(resultItem));
  current.shown = shown + next.length;
  more.hidden = current.shown >= results.length;
}

let timer = 0;
input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
// Enter keeps the reader on the page: results follow typing (no inline handler: see the CSP).
input.form.addEventListener("submit", (event) => event.preventDefault());
sortSelect.addEventListener("change", run);
filterSelects.forEach((select) => select.addEventListener("change", run));
more.addEventListener("click", showMore);

const initial = new URLSearchParams(location.search).get("q");
if (initial) input.value = initial;
if (input.value) run();
input.focus();
