// The partitioned index (generator/search/partitioned.py): a query opens the manifest, one or
// two dictionary parts per word, a bounded number of further posting blocks, and one display
// file per result shown, whatever the number of documents. Nothing here builds markup: the
// page inserts what it gets with textContent.
const MAX_ALTERNATIVES = 12; // words a typed start of a word stands for, the commonest first
const MAX_PARTS = 2; // dictionary parts a word may open
const MAX_FETCHES = 12; // posting blocks fetched for one screenful, at most

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  // Written gzipped; a host that sends them with Content-Encoding: gzip has unpacked them.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return JSON.parse(new TextDecoder().decode(bytes));
}

// The first index whose value is greater than key (sorted values).
function upperBound(values, key) {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] <= key) low = mid + 1; else high = mid;
  }
  return low;
}

// One term's postings: document numbers (newest first) and tiers (2 title, 1 summary or
// tags, 0 elsewhere), block by block.
class Postings {
  constructor(load, part, slot, entry) {
    [this.term, this.df, , this.starts] = entry;
    this.load = load;
    this.path = `b/${part}/${slot}-`;
    this.docs = [];
    this.tiers = [];
    this.blocks = 1;
    this.decode(entry[2], 0);
  }

  decode(values, first) {
    let doc = first;
    for (const value of values) {
      doc += value >> 2;
      this.docs.push(doc);
      this.tiers.push(value & 3);
    }
  }

  // The last document this list answers for so far.
  get end() {
    return this.blocks > this.starts.length ? Infinity : this.starts[this.blocks - 1] - 1;
  }

  async more() {
    const block = this.blocks;
    const values = await this.load(`${this.path}${block}.json.gz`);
    if (block !== this.blocks) return; // loaded twice at once: the first one counts
    this.decode(values, this.starts[block - 1]);
    this.blocks = block + 1;
  }

  // Documents in (from, to] with their tiers.
  range(from, to, into) {
    for (let i = upperBound(this.docs, from); i < this.docs.length && this.docs[i] <= to; i++) {
      const doc = this.docs[i];
      into.set(doc, Math.max(into.get(doc) ?? 0, this.tiers[i]));
    }
  }
}

const MARKS = /[\u0300-\u036f]/g;
// As generator/site/vietnamese.py folds: tones and marks off, đ to d, lower case.
const fold = (text) => text.normalize("NFC").toLocaleLowerCase("vi").normalize("NFD")
  .replace(MARKS, "").replace(/đ/g, "d");
const wordsOf = (text) => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

// The words of a query, as lists of postings each; all must match (any of a word's lists).
class Query {
  constructor(words, documents, newest) {
    this.words = words;
    this.documents = documents;
    this.newest = newest;
    this.horizon = -1; // every match up to this document is known
    this.found = []; // known matches not yet taken: [doc, score]
    this.matched = 0;
    this.fetches = 0;
    this.single = words.length === 1 && words[0].length === 1 ? words[0][0] : null;
  }

  get complete() { return this.horizon === Infinity; }

  collect(to) {
    const from = this.horizon;
    const maps = this.words.map((lists) => {
      const map = new Map();
      for (const list of lists) list.range(from, to, map);
      return map;
    });
    maps.sort((a, b) => a.size - b.size);
    const batch = [];
    for (const [doc, tier] of maps[0]) {
      let score = tier;
      let all = true;
      for (let w = 1; all && w < maps.length; w++) {
        const other = maps[w].get(doc);
        if (other === undefined) all = false; else score += other;
      }
      if (all) batch.push([doc, score]);
    }
    // Relevance: within what is known, words in titles first, then in summaries and tags;
    // newest first among equals.
    batch.sort(this.newest ? (a, b) => a[0] - b[0] : (a, b) => b[1] - a[1] || a[0] - b[0]);
    this.found.push(...batch);
    this.matched += batch.length;
    this.horizon = to;
  }

  async fill(want, budget) {
    for (;;) {
      const lists = this.words.flat();
      const end = Math.min(...lists.map((list) => list.end));
      if (end > this.horizon) this.collect(end);
      if (this.complete || this.found.length >= want || this.fetches >= budget) return;
      // The lists that stop first are read further, at once.
      const next = lists.filter((list) => list.end === end);
      this.fetches += next.length;
      await Promise.all(next.map((list) => list.more()));
    }
  }

  get count() {
    if (this.single) return { count: this.single.df, exact: true };
    if (this.complete) return { count: this.matched, exact: true };
    const estimate = this.matched * this.documents / (this.horizon + 1);
    const round = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(estimate, 1))) - 1);
    return { count: Math.max(this.matched, Math.round(estimate / round) * round), exact: false };
  }
}

export function createEngine(base) {
  const cache = new Map();
  const load = (path) => {
    if (!cache.has(path)) cache.set(path, getJson(new URL(path, base)));
    return cache.get(path);
  };
  const manifest = () => load("index.json");

  // The lists of a word: the word itself, and when it may be the start of a longer one, the
  // words it starts (the commonest first), from at most MAX_PARTS parts of the dictionary.
  async function listsOf(word, prefix) {
    const { parts } = await manifest();
    const first = Math.max(0, upperBound(parts, word) - 1);
    const last = prefix ? Math.max(first, upperBound(parts, `${word}\uffff`) - 1) : first;
    const numbers = [];
    for (let part = first; part <= Math.min(last, first + MAX_PARTS - 1); part++) {
      numbers.push(part);
    }
    const found = [];
    const terms = await Promise.all(numbers.map((part) => load(`t/${part}.json.gz`)));
    terms.forEach((entries, index) => entries.forEach((entry, slot) => {
      if (entry[0] === word || (prefix && entry[0].startsWith(word))) {
        found.push({ part: numbers[index], slot, entry });
      }
    }));
    found.sort((a, b) => (b.entry[0] === word) - (a.entry[0] === word)
      || b.entry[1] - a.entry[1]);
    return found.slice(0, MAX_ALTERNATIVES)
      .map(({ part, slot, entry }) => new Postings(load, part, slot, entry));
  }

  async function display(doc) {
    const { pageSize } = await manifest();
    const page = Math.floor(doc / pageSize);
    const rows = await load(`d/${Math.floor(page / 1000)}/${page}.json.gz`);
    const [url, title, kind, unit, category, date, summary, tags] = rows[doc % pageSize];
    return { url, meta: { title, kind, unit, category, date, summary, tags } };
  }

  async function search(query, { filters = {}, newest = false } = {}) {
    const { documents } = await manifest();
    const typed = query ? wordsOf(query) : [];
    const words = await Promise.all([
      ...typed.map((word, index) => listsOf(word, index === typed.length - 1)),
      ...Object.entries(filters).map(([key, value]) => listsOf(`~${key}=${value}`, false)),
    ]);
    const empty = !words.length || words.some((lists) => !lists.length);
    const state = empty ? null : new Query(words, documents, newest);
    if (state) await state.fill(1, MAX_FETCHES);
    const result = {
      get done() { return !state || (state.complete && !state.found.length); },
      get count() { return state ? state.count.count : 0; },
      get exact() { return state ? state.count.exact : true; },
      async next(count) {
        if (!state) return [];
        state.fetches = 0;
        await state.fill(count, MAX_FETCHES);
        // Nothing found within the budget and more to read: read on once more before the
        // page offers to search further ("Xem thêm"). A block weighs at most about 10 KB
        // gzipped: a first search reads at most 2 * MAX_FETCHES of them.
        if (!state.found.length && !state.complete) {
          await state.fill(1, state.fetches + MAX_FETCHES);
        }
        const taken = state.found.splice(0, count);
        return Promise.all(taken.map(([doc]) => display(doc)));
      },
    };
    return result;
  }

  // Whether the index holds this identity term (an id or an author's name, folded as
  // identity_value folds it): the search page then puts its innovations first.
  async function knows(key, value) {
    return (await listsOf(`~${key}=${value}`, false)).length > 0;
  }

  return { search, knows };
}
