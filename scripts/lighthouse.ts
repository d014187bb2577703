/**
 * Lighthouse (mobile preset) over the front page, the register and a case page of a running portal
 * (issue 12: performance, accessibility, best practices and SEO of 100). Not a test: the scores
 * depend on the machine's load; run it by hand and report the figures.
 *
 *   npm run lighthouse                         # the portal at http://localhost:4321 (npm start)
 *   npm run lighthouse -- http://localhost:5100
 *   npm run lighthouse -- --runs 9
 *
 * Each page is measured `--runs` times (default 5), and the median run by Lighthouse's own rule (the
 * run closest to the median first paint and time to interactive, core/lib/median-run.js) is reported
 * beside every run's performance score: Lighthouse's variability guide finds the median of five runs
 * twice as stable as one.
 *
 * The case page needs a login: the script logs a demo citizen in through the development IdP with
 * Playwright and hands Lighthouse the session cookie. It uses the system Chromium at /usr/bin/chromium,
 * or the one given as the second argument.
 */
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { parseArgs } from 'node:util';
import { generateCitizen } from '../src/demo/world.ts';

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '5' } },
  allowPositionals: true,
});
const base = new URL(positionals[0] ?? 'http://localhost:4321');
const chromePath = positionals[1] ?? '/usr/bin/chromium';
const RUNS = Math.max(1, Number.parseInt(values.runs, 10) || 5);

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The run closest to the median first contentful paint and time to interactive (Lighthouse's rule). */
function medianRun(runs: Lhr[]): Lhr | undefined {
  const value = (lhr: Lhr, id: string): number => lhr.audits[id]?.numericValue ?? Number.NaN;
  const valid = runs.filter((r) => !r.runtimeError && Number.isFinite(value(r, 'interactive')));
  const fcp = median(valid.map((r) => value(r, 'first-contentful-paint')));
  const tti = median(valid.map((r) => value(r, 'interactive')));
  const distance = (r: Lhr): number =>
    (fcp - value(r, 'first-contentful-paint')) ** 2 + (tti - value(r, 'interactive')) ** 2;
  return [...valid].sort((a, b) => distance(a) - distance(b))[0];
}
const CITIZEN_INDEX = 4; // Birgitte Holm: her case is read by no test that changes it
const citizen = generateCitizen(CITIZEN_INDEX);
const citizenName = `${citizen.citizen.givenName} ${citizen.citizen.familyName}`;
const caseId = citizen.cases[0]?.row.id ?? '';

/** Logs the demo citizen in as a person would and returns the portal's cookies as a Cookie header. */
async function citizenCookieHeader(): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(new URL('/', base).href);
    await page.getByRole('link', { name: 'Log ind med MitID' }).click();
    await page.getByRole('radio', { name: new RegExp(citizenName) }).check();
    await page.getByRole('button', { name: 'Log ind · Log in' }).click();
    await page.waitForURL(new URL('/mine-sager', base).href);
    const cookies = await page.context().cookies(base.href);
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  } finally {
    await browser.close();
  }
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const cookie = await citizenCookieHeader();
const pages = [
  { name: 'front page', path: '/', headers: {} },
  { name: 'register', path: '/ai-systemer', headers: {} },
  { name: 'case page', path: `/mine-sager/${caseId}`, headers: { Cookie: cookie } },
];

let failed = false;
console.log(`Lighthouse (mobile) at ${base.origin}, ${String(RUNS)} runs a page; the median run's scores`);
console.log(
  ['page'.padEnd(12), ...CATEGORIES.map((c) => c.padStart(15)), '  performance of each run'].join(''),
);
for (const page of pages) {
  const runs: Lhr[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A Chrome of its own for every run, as the Lighthouse CLI does: an instance used for a second
    // run sometimes records no trace of the navigation (NO_NAVSTART, scored 0), a known weakness of
    // reusing one (GoogleChrome/lighthouse#14736).
    const chrome = await chromeLauncher.launch({
      chromePath,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const result = await lighthouse(
        new URL(page.path, base).href,
        { port: chrome.port, output: 'json', logLevel: 'error', extraHeaders: page.headers },
        // The default configuration is the mobile preset (Moto G power, slow 4G).
        undefined,
      );
      if (!result) throw new Error(`Lighthouse gave no result for ${page.path}`);
      // A run that could not measure (no paint seen, a page that did not load): say why.
      if (result.lhr.runtimeError) {
        console.log(`    ${page.name}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
      }
      for (const warning of result.lhr.runWarnings) console.log(`    warning: ${warning}`);
      runs.push(result.lhr);
    } finally {
      chrome.kill();
    }
  }
  const middle = medianRun(runs);
  if (!middle) {
    failed = true;
    console.log(`${page.name.padEnd(12)} no run could measure the page`);
    continue;
  }
  const score = (lhr: Lhr, c: string): number => Math.round((lhr.categories[c]?.score ?? 0) * 100);
  console.log(
    [
      page.name.padEnd(12),
      ...CATEGORIES.map((c) => String(score(middle, c)).padStart(15)),
      `  ${runs.map((r) => (r.runtimeError ? r.runtimeError.code : String(score(r, 'performance')))).join(' ')}`,
    ].join(''),
  );
  // What keeps a category of the median run under 100: every audit that counts and did not pass.
  for (const c of CATEGORIES) {
    for (const ref of middle.categories[c]?.auditRefs ?? []) {
      const audit = middle.audits[ref.id];
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
        failed = true;
        console.log(`    ${c}: ${audit.id} (${String(audit.score)}) ${audit.displayValue ?? ''}`);
      }
    }
  }
}
process.exitCode = failed ? 1 : 0;
