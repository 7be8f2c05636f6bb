// Pagefind's index (generator/search/search_index.py), behind the search page's engine
// interface: search(query, {filters, newest}) gives {count, exact, done, next(n)}.
export function createEngine(base) {
  const pagefindUrl = new URL("pagefind.js", base).href;
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

  // The index comes in shards of a few thousand records, newest dates first. Relevance: one
  // instance with every shard merged into it.
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

  async function search(query, { filters = {}, newest = false } = {}) {
    const options = { filters };
    if (newest) options.sort = { date: "desc" };
    const results = await searchAll(query, options);
    let shown = 0;
    return {
      count: results.length,
      exact: true,
      get done() { return shown >= results.length; },
      async next(count) {
        const next = results.slice(shown, shown + count);
        shown += next.length;
        return Promise.all(next.map((result) => result.data()));
      },
    };
  }

  return { search };
}
