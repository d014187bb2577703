/**
 * Every link on every page answers (issue 12, "English complete"): a crawler follows each same-origin
 * link (`<a href>` and `<link rel="alternate">`) in both languages, as a visitor, as several citizens
 * (one acting under a power of attorney), and as each kind of staff, and expects no 4xx or 5xx.
 * Every kind of page it finds (one address per page shape and language, over all roles) is also
 * opened in the browser and checked with axe, so no page escapes WCAG 2.1 AA in either language.
 * It only reads: logout, login and the IdP callbacks are not followed, and forms are not posted
 * (except the front desk's look-up, which opens the pages a front desk sees).
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { generateCitizen } from '../../src/demo/world.ts';
import { axeResults, loginAsCitizen, loginAsStaff } from './helpers.ts';

/** At most this many addresses per role: the crawl is bounded whatever the pages link to. */
const MAX_ADDRESSES = 400;

/** Paths that change state or leave the portal when fetched (logout, login, IdP callbacks). */
const NEVER_FOLLOW = /^(\/en)?\/(log-ud|log-ind|medarbejder\/log-ind|auth\/)/;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', '#39': "'" };

function decodeAttribute(value: string): string {
  return value.replace(/&(amp|quot|apos|lt|gt|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** The value of one attribute in the text of one start tag, if it is there. */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  const value = match?.[1] ?? match?.[2];
  return value === undefined ? undefined : decodeAttribute(value);
}

/** The targets of every `<a href>` and `<link rel="alternate" href>` in an HTML page. */
export function linksIn(html: string): string[] {
  const out: string[] = [];
  for (const [tag] of html.matchAll(/<(a|link)\b[^>]*>/gi)) {
    const isLink = /^<link/i.test(tag);
    if (isLink && !/^alternate$/i.test(attribute(tag, 'rel') ?? '')) continue;
    const href = attribute(tag, 'href');
    if (href !== undefined) out.push(href);
  }
  return out;
}

interface CrawlResult {
  visited: number;
  failures: string[];
  /** The addresses that answered 200 with an HTML page. */
  pages: string[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A page's shape: its path with ids and numbers replaced, and the names of its query parameters. */
export function pageShape(address: string): string {
  const url = new URL(address, 'http://shape.invalid');
  const keys = [...new Set(url.searchParams.keys())].sort().join('&');
  return `${url.pathname.replace(UUID, ':id').replace(/\d+/g, ':n')}${keys ? `?${keys}` : ''}`;
}

/** Page shapes already checked with axe by an earlier role in this run (the tests run in one worker). */
const axeChecked = new Set<string>();

/** Opens one address of each page shape not checked yet and lists axe's WCAG 2.1 AA violations there. */
async function axeEachShape(page: Page, addresses: string[]): Promise<string[]> {
  const violations: string[] = [];
  for (const address of addresses) {
    const shape = pageShape(address);
    if (axeChecked.has(shape)) continue;
    axeChecked.add(shape);
    await page.goto(address);
    const results = await axeResults(page);
    for (const v of results.violations)
      violations.push(`${address}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  return violations;
}

/** Fetches every same-origin address reachable from `starts`, up to MAX_ADDRESSES, without redirects. */
async function crawl(request: APIRequestContext, origin: string, starts: string[]): Promise<CrawlResult> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const add = (href: string, from: string): void => {
    let url: URL;
    try {
      url = new URL(href, from);
    } catch {
      return;
    }
    if (url.origin !== origin || NEVER_FOLLOW.test(url.pathname)) return;
    url.hash = '';
    const address = `${url.pathname}${url.search}`;
    if (seen.has(address) || seen.size >= MAX_ADDRESSES) return;
    seen.add(address);
    queue.push(address);
  };
  for (const start of starts) add(start, origin);
  const failures: string[] = [];
  const pages: string[] = [];
  for (let address = queue.shift(); address !== undefined; address = queue.shift()) {
    const response = await request.get(address, { maxRedirects: 0 });
    const status = response.status();
    if (status >= 400) failures.push(`${String(status)} ${address}`);
    const location = response.headers()['location'];
    if (status >= 300 && status < 400 && location) add(location, `${origin}${address}`);
    if (/^text\/html/.test(response.headers()['content-type'] ?? '')) {
      if (status === 200) pages.push(address);
      for (const href of linksIn(await response.text())) add(href, `${origin}${address}`);
    }
  }
  return { visited: seen.size, failures, pages };
}

const BOTH = (paths: string[]): string[] => paths.flatMap((p) => [p, p === '/' ? '/en/' : `/en${p}`]);

async function crawlAs(page: Page, role: string, baseURL: string | undefined, starts: string[]) {
  const origin = new URL(baseURL ?? '').origin;
  const result = await crawl(page.request, origin, BOTH(['/', ...starts]));
  const violations = await axeEachShape(page, result.pages);
  console.log(
    `crawl: ${role} visited ${String(result.visited)} addresses; axe checked ${String(axeChecked.size)} page shapes so far`,
  );
  expect(result.visited).toBeGreaterThan(starts.length);
  expect(result.failures).toEqual([]);
  expect(violations).toEqual([]);
}

test.describe('every same-origin link answers without an error', () => {
  test.describe.configure({ timeout: 240_000 });

  test('as a visitor who is not logged in', async ({ page, baseURL }) => {
    await crawlAs(page, 'visitor', baseURL, ['/ai-systemer', '/om']);
  });

  for (const index of [0, 1, 2, 3]) {
    const { citizen } = generateCitizen(index);
    const name = `${citizen.givenName} ${citizen.familyName}`;
    test(`as the citizen ${name}`, async ({ page, baseURL }) => {
      await loginAsCitizen(page, name);
      await expect(page).toHaveURL(/\/mine-sager$/);
      await crawlAs(page, `citizen ${name}`, baseURL, ['/mine-sager', '/mine-anmodninger', '/min-log']);
    });
  }

  test('as a representative acting for a citizen under a power of attorney', async ({ page, baseURL }) => {
    await loginAsCitizen(page, 'Peter Holm');
    await expect(page).toHaveURL(/\/fuldmagt$/);
    await page.getByRole('radio', { name: 'Mette Sørensen' }).check();
    await page.getByRole('button', { name: 'Fortsæt' }).click();
    await expect(page).toHaveURL(/\/mine-sager$/);
    await crawlAs(page, 'representative Peter Holm', baseURL, ['/mine-sager', '/fuldmagt']);
  });

  test('as a caseworker', async ({ page, baseURL }) => {
    await loginAsStaff(page, 'Thomas Bach');
    await crawlAs(page, 'caseworker Thomas Bach', baseURL, ['/medarbejder', '/medarbejder/anmodninger']);
  });

  test('as the front desk, helping a citizen', async ({ page, baseURL }) => {
    await loginAsStaff(page, 'Camilla Juhl');
    // A citizen no other browser test reads the log of: the look-up is written in her log.
    const { citizen } = generateCitizen(5);
    await page.getByLabel('Borgerens CPR-nummer').fill(citizen.cpr);
    await page.getByLabel('Borgeren er i borgerservice').check();
    await page.getByRole('button', { name: 'Find borgeren' }).click();
    await expect(page).toHaveURL(/\/medarbejder\/borger$/);
    await crawlAs(page, 'front desk Camilla Juhl', baseURL, ['/medarbejder', '/medarbejder/borger']);
  });

  test('as a publisher', async ({ page, baseURL }) => {
    await loginAsStaff(page, 'Henrik Bisgaard');
    await crawlAs(page, 'publisher Henrik Bisgaard', baseURL, ['/medarbejder', '/medarbejder/ai-systemer']);
  });
});
