/**
 * Lighthouse (mobile preset) over the front page, the register and a case page of a running portal
 * (issue 12: performance, accessibility, best practices and SEO of 100). Not a test: the scores
 * depend on the machine's load; run it by hand and report the figures.
 *
 *   npm run lighthouse                         # the portal at http://localhost:4321 (npm start)
 *   npm run lighthouse -- http://localhost:5100
 *
 * The case page needs a login: the script logs a demo citizen in through the development IdP with
 * Playwright and hands Lighthouse the session cookie. It uses the system Chromium at /usr/bin/chromium,
 * or the one given as the second argument.
 */
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { generateCitizen } from '../src/demo/world.ts';

const base = new URL(process.argv[2] ?? 'http://localhost:4321');
const chromePath = process.argv[3] ?? '/usr/bin/chromium';
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

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
let failed = false;
try {
  console.log(`Lighthouse (mobile) at ${base.origin}`);
  console.log(['page'.padEnd(12), ...CATEGORIES.map((c) => c.padStart(15))].join(''));
  for (const page of pages) {
    const result = await lighthouse(
      new URL(page.path, base).href,
      { port: chrome.port, output: 'json', logLevel: 'error', extraHeaders: page.headers },
      // The default configuration is the mobile preset (Moto G power, slow 4G).
      undefined,
    );
    if (!result) throw new Error(`Lighthouse gave no result for ${page.path}`);
    // A run that could not measure (no paint seen, a page that did not load) scores 0 or null:
    // say why instead of printing a bare 0.
    if (result.lhr.runtimeError) {
      failed = true;
      console.log(`    ${page.name}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
    }
    for (const warning of result.lhr.runWarnings) console.log(`    warning: ${warning}`);
    const scores = CATEGORIES.map((c) => Math.round((result.lhr.categories[c]?.score ?? 0) * 100));
    console.log([page.name.padEnd(12), ...scores.map((s) => String(s).padStart(15))].join(''));
    // What keeps a category under 100: every audit that counts and did not pass.
    for (const c of CATEGORIES) {
      for (const ref of result.lhr.categories[c]?.auditRefs ?? []) {
        const audit = result.lhr.audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
          failed = true;
          console.log(`    ${c}: ${audit.id} (${String(audit.score)}) ${audit.displayValue ?? ''}`);
        }
      }
    }
  }
} finally {
  chrome.kill();
}
process.exitCode = failed ? 1 : 0;
