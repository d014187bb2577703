/**
 * English complete (issue 12): on an English page, no Danish text is shown as if it were English.
 * Texts the store has in English are shown in English; where a case system sent only Danish, the
 * Danish text is marked `lang="da"` (so a screen reader reads it in Danish) with a short note.
 * Every visible text node with Danish letters or words must be inside an element with `lang="da"`.
 * People's and places' names are names, not Danish text, and are allowed as they are.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  FAMILY_NAMES,
  GIVEN_NAMES_FEMALE,
  GIVEN_NAMES_MALE,
  MUNICIPALITY,
  STAFF,
} from '../../src/demo/reference-data.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { loginAsCitizen, loginAsStaff } from './helpers.ts';

/** At most this many English pages per role (found by following links from the start pages). */
const MAX_PAGES = 60;

const citizens = [0, 1, 2, 3].map((i) => generateCitizen(i).citizen);
/** Proper names in the demo world (people, the municipality, a supplier), longest first. */
const NAMES = [
  ...STAFF.map((s) => s.name),
  ...GIVEN_NAMES_FEMALE,
  ...GIVEN_NAMES_MALE,
  ...FAMILY_NAMES,
  MUNICIPALITY.name,
  MUNICIPALITY.address,
  'Egebæk',
  'Sprogværk A/S',
].sort((a, b) => b.length - a.length);

/** Danish words that are not also common English words. */
const DANISH_WORD =
  /(^|[^\p{L}])(og|ikke|af|til|med|er|der|som|på|ved|fra|har|blev|skal|kan|det|eller|sagen|borger|borgeren|kommune|ydelse|afgørelse|afslag|bevilget|oplysninger|sagsbehandler)(?=$|[^\p{L}])/iu;
const DANISH_LETTER = /[æøåÆØÅ]/;

/** Visible text nodes with Danish in them that are not inside an element marked lang="da". */
async function danishOutsideLangDa(page: Page, names: readonly string[]): Promise<string[]> {
  return page.evaluate(
    ({ names, word, letter }) => {
      const danishWord = new RegExp(word, 'iu');
      const danishLetter = new RegExp(letter);
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, noscript, template, [hidden], [aria-hidden="true"]'))
          continue;
        // The citizen's own words, shown as they wrote them, in whatever language that was.
        if (parent.closest('.citizen-message')) continue;
        if (parent.closest('[lang]')?.getAttribute('lang')?.startsWith('da')) continue;
        let text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
        for (const name of names) text = text.split(name).join(' ');
        if (danishLetter.test(text) || danishWord.test(text)) found.push(text.slice(0, 120));
      }
      return found;
    },
    { names: [...names], word: DANISH_WORD.source, letter: DANISH_LETTER.source },
  );
}

/** Visits English pages from `starts` through their English links, and collects Danish texts. */
async function checkEnglishPages(page: Page, starts: string[]): Promise<{ pages: number; found: string[] }> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  const found: string[] = [];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const response = await page.goto(path);
    if (!response || !/^text\/html/.test(response.headers()['content-type'] ?? '')) continue;
    for (const text of await danishOutsideLangDa(page, NAMES)) found.push(`${path}: ${text}`);
    // Downloads (the case's JSON, the register's CSV) are not pages.
    const links = await page.$$eval('a[href]:not([download])', (as) =>
      as.map((a) => (a as HTMLAnchorElement).href),
    );
    for (const href of links) {
      const url = new URL(href);
      if (url.origin !== new URL(page.url()).origin || !url.pathname.startsWith('/en/')) continue;
      if (/^\/en\/(log-ud|log-ind|auth\/|medarbejder\/log-ind)/.test(url.pathname)) continue;
      if (/\.(json|csv|xml|txt)$/.test(url.pathname)) continue;
      const next = `${url.pathname}${url.search}`;
      if (seen.has(next) || seen.size >= MAX_PAGES) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return { pages: seen.size, found: [...new Set(found)] };
}

test.describe('English pages show no Danish text unmarked', () => {
  test.describe.configure({ timeout: 240_000 });

  test('public pages: the front page, the register and its systems, the statutory pages', async ({
    page,
  }) => {
    const { pages, found } = await checkEnglishPages(page, ['/en/', '/en/ai-systemer', '/en/om']);
    expect(pages).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });

  for (const citizen of citizens) {
    const name = `${citizen.givenName} ${citizen.familyName}`;
    test(`a citizen’s own pages: ${name}`, async ({ page }) => {
      await loginAsCitizen(page, name, 'Substantial', 'en');
      const { pages, found } = await checkEnglishPages(page, ['/en/mine-sager', '/en/min-log']);
      expect(pages).toBeGreaterThan(2);
      expect(found).toEqual([]);
    });
  }

  test('staff pages: the caseworker’s requests and the publisher’s notices', async ({ page }) => {
    await loginAsStaff(page, 'Morten Dahl');
    const { found } = await checkEnglishPages(page, ['/en/medarbejder', '/en/medarbejder/anmodninger']);
    expect(found).toEqual([]);
  });
});
