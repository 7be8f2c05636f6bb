// Runs Lighthouse over a list of jobs in one Chromium, one fresh browser context per run.
// Usage: node lighthouse_runner.mjs JOBS.json  (JSON lines of results on stdout)
// Env: LIGHTHOUSE_DIR (a folder where `npm install lighthouse` was run), CHROME_PATH.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const toolDir = path.resolve(process.env.LIGHTHOUSE_DIR || '.');
const requireTool = createRequire(path.join(toolDir, 'package.json'));
const lhPath = requireTool.resolve('lighthouse');
const lighthouse = (await import(pathToFileURL(lhPath).href)).default;
// Lighthouse's own puppeteer-core, so the two agree on the protocol.
const requireLh = createRequire(lhPath);
const puppeteer = (await import(pathToFileURL(requireLh.resolve('puppeteer-core')).href)).default;
const constants = (
  await import(pathToFileURL(path.join(path.dirname(lhPath), 'config', 'constants.js')).href)
);
const lhVersion = JSON.parse(
  readFileSync(path.join(path.dirname(requireTool.resolve('lighthouse/package.json')), 'package.json'), 'utf8'),
).version;

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const FORMS = {
  mobile: {
    formFactor: 'mobile',
    emulatedUserAgent: constants.userAgents.mobile,
    screenEmulation: { mobile: true, width: 360, height: 640, deviceScaleFactor: 3, disabled: false },
  },
  desktop: {
    formFactor: 'desktop',
    screenEmulation: { mobile: false, width: 1280, height: 800, deviceScaleFactor: 1, disabled: false },
    emulatedUserAgent: constants.userAgents.desktop,
  },
};

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || 'chromium',
  headless: true,
  args: [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const chromeVersion = await browser.version();

for (const job of jobs) {
  const form = FORMS[job.form];
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const result = { ...job, lighthouse: lhVersion, chrome: chromeVersion };
  try {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: job.scheme }]);
    const flags = {
      output: 'json',
      logLevel: process.env.LH_LOG || 'error',
      onlyCategories: ['accessibility', 'best-practices', 'seo'],
      disableFullPageScreenshot: true,
      // Simulated throttling loads the page unthrottled with 1 s quiet windows ('provided'
      // and 'devtools' stretch them to 5.25 s for performance metrics, not measured here).
      throttlingMethod: 'simulate',
      ignoreStatusCode: Boolean(job.ignoreStatusCode),
      ...form,
    };
    const runnerResult = await lighthouse(job.url, flags, undefined, page);
    const lhr = runnerResult.lhr;
    // What the page ended up with: the media query and the theme's scheme attribute.
    result.observed = await page.evaluate(() => ({
      darkQuery: matchMedia('(prefers-color-scheme: dark)').matches,
      scheme: document.body ? document.body.getAttribute('data-md-color-scheme') : null,
    }));
    if (job.report) writeFileSync(job.report, JSON.stringify(lhr));
    result.finalUrl = lhr.finalDisplayedUrl;
    result.runtimeError = lhr.runtimeError ? lhr.runtimeError.code : null;
    result.warnings = lhr.runWarnings.map(String);
    result.categories = {};
    for (const [id, cat] of Object.entries(lhr.categories)) {
      const failing = [];
      const informative = [];
      for (const ref of cat.auditRefs) {
        const audit = lhr.audits[ref.id];
        const mode = audit.scoreDisplayMode;
        const items = (audit.details && audit.details.items) || [];
        // Informative audits with findings: no effect on the score, kept as notes.
        const notes = mode === 'informative' && items.length > 0;
        if (!notes) {
          if (mode === 'notApplicable' || mode === 'manual' || mode === 'informative') continue;
          if (audit.score === null || audit.score >= 1) continue;
        }
        (notes ? informative : failing).push({
          id: ref.id,
          title: audit.title,
          score: audit.score,
          weight: ref.weight,
          displayValue: audit.displayValue || null,
          items: items.slice(0, 20).map((item) => {
            const node = item.node;
            const out = {};
            if (node) {
              out.selector = node.selector;
              out.snippet = node.snippet;
              if (node.explanation) out.explanation = node.explanation;
            }
            for (const key of ['url', 'href', 'text', 'source', 'description', 'value', 'directive']) {
              if (item[key] !== undefined && typeof item[key] !== 'object') out[key] = item[key];
            }
            for (const key of ['source', 'sourceLocation']) {
              const loc = item[key];
              if (loc && typeof loc === 'object' && loc.url) out.location = `${loc.url}:${loc.line}`;
            }
            const related = item.subItems && item.subItems.items ? item.subItems.items : [];
            const nodes = related.map((sub) => sub.relatedNode).filter(Boolean);
            if (nodes.length) out.related = nodes.slice(0, 10).map((n) => n.selector + ' ' + n.snippet);
            return out;
          }),
        });
      }
      const notApplicable = cat.auditRefs
        .filter((ref) => lhr.audits[ref.id].scoreDisplayMode === 'notApplicable')
        .map((ref) => ref.id);
      result.categories[id] = { score: cat.score, failing, informative, notApplicable };
    }
  } catch (err) {
    result.error = String(err && err.stack ? err.stack : err);
  } finally {
    await context.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}
await browser.close();
