/**
 * How the pages look (issue 12, design system): screenshot baselines of the main pages at 390 and
 * 1280 px in Danish and English, and a measurement of every citizen page at four widths that fails
 * on text under 14 px, a heading smaller than the level below it, or a form control nobody can see.
 * Birgitte Holm (demo citizen 4) is read by no other browser test, so her pages stay as seeded.
 */
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { generateCitizen } from '../../src/demo/world.ts';
import { loginAsCitizen, loginAsStaff } from './helpers.ts';

const CITIZEN = 'Birgitte Holm';
const CASE_ID = generateCitizen(4).cases[0]!.row.id;
/** A notice no other browser test publishes or edits. */
const NOTICE = 'postsortering';

type Lang = 'da' | 'en';
type Who = 'public' | 'citizen' | 'frontdesk' | 'publisher';
interface Shot {
  readonly name: string;
  readonly who: Who;
  readonly path: string;
  /** Whether citizens (or anyone) see the page: the font-size rules apply to these. */
  readonly citizenPage: boolean;
}

const PAGES: readonly Shot[] = [
  { name: 'front-page', who: 'public', path: '/', citizenPage: true },
  { name: 'register', who: 'public', path: '/ai-systemer', citizenPage: true },
  { name: 'notice', who: 'public', path: `/ai-systemer/${NOTICE}`, citizenPage: true },
  { name: 'accessibility', who: 'public', path: '/tilgaengelighed', citizenPage: true },
  { name: 'my-cases', who: 'citizen', path: '/mine-sager', citizenPage: true },
  { name: 'case', who: 'citizen', path: `/mine-sager/${CASE_ID}`, citizenPage: true },
  { name: 'request-form', who: 'citizen', path: `/mine-sager/${CASE_ID}/anmod`, citizenPage: true },
  { name: 'my-requests', who: 'citizen', path: '/mine-anmodninger', citizenPage: true },
  { name: 'front-desk', who: 'frontdesk', path: '/medarbejder', citizenPage: false },
  { name: 'notice-editor', who: 'publisher', path: `/medarbejder/ai-systemer/${NOTICE}`, citizenPage: false },
];

const localized = (path: string, lang: Lang): string => (lang === 'da' ? path : `/en${path}`);

/** A browser context logged in as the page's reader (none for public pages). */
async function pageFor(browser: Browser, who: Who, width: number, forScreenshots = false): Promise<Page> {
  // The screenshots add a style sheet of their own (stylePath), which the portal's strict CSP would
  // refuse: only their pages bypass it. The CSP itself is tested in front-page.spec.ts and the unit tests.
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: forScreenshots });
  const page = await context.newPage();
  if (who === 'citizen') await loginAsCitizen(page, CITIZEN);
  if (who === 'frontdesk') await loginAsStaff(page, 'Camilla Juhl');
  if (who === 'publisher') await loginAsStaff(page, 'Henrik Bisgaard');
  return page;
}

interface Problem {
  readonly kind: 'small-text' | 'heading-order' | 'invisible-control';
  readonly what: string;
}

/** Measures the rendered page: text sizes, heading sizes by level, and whether each form control shows. */
function measure(page: Page): Promise<Problem[]> {
  return page.evaluate(() => {
    const problems: { kind: 'small-text' | 'heading-order' | 'invisible-control'; what: string }[] = [];
    const describe = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${el.textContent.trim().slice(0, 40)}"`;
    const shown = (el: Element): boolean => {
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) return false; // also screen-reader-only text
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
        const clip = s.getPropertyValue('clip');
        if (clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return false;
      }
      return true;
    };
    // Text: every element with its own visible text, SVG text at the size it is drawn.
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const ownText = Array.from(el.childNodes).some(
        (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '',
      );
      if (!ownText || !shown(el) || el.closest('title, desc, script, style')) continue;
      let size = Number.parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement) size *= el.getScreenCTM()?.a ?? 1;
      if (size < 13.95) problems.push({ kind: 'small-text', what: `${describe(el)}: ${size.toFixed(1)}px` });
    }
    // Headings: the smallest of one level is at least as large as the largest of the next.
    const sizes = [1, 2, 3, 4, 5, 6].map((level) =>
      Array.from(document.querySelectorAll(`main h${String(level)}`))
        .filter(shown)
        .map((h) => Number.parseFloat(getComputedStyle(h).fontSize)),
    );
    for (let level = 1; level < 6; level += 1) {
      const here = sizes[level - 1] ?? [];
      const next = sizes[level] ?? [];
      if (here.length > 0 && next.length > 0 && Math.min(...here) < Math.max(...next)) {
        problems.push({
          kind: 'heading-order',
          what: `h${String(level)} ${String(Math.min(...here))}px < h${String(level + 1)} ${String(Math.max(...next))}px`,
        });
      }
    }
    // Form controls: a box one can see, or (DKFDS's checkboxes and radios) the label's drawn box.
    const visibleBox = (s: CSSStyleDeclaration): boolean => {
      const border = ['Top', 'Right', 'Bottom', 'Left'].some(
        (side) =>
          Number.parseFloat(s.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0 &&
          s.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none' &&
          !s.getPropertyValue(`border-${side.toLowerCase()}-color`).endsWith(', 0)'),
      );
      const fill = s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== 'transparent';
      return border || fill || s.appearance !== 'none';
    };
    const controls = document.querySelectorAll(
      'input:not([type=hidden]), select, textarea, button:not(.link-button)',
    );
    for (const control of Array.from(controls)) {
      if (control.closest('[hidden], details:not([open])')) continue;
      const s = getComputedStyle(control);
      const rect = control.getBoundingClientRect();
      const label = control.nextElementSibling;
      const drawnByLabel =
        (control.matches('.form-checkbox, .form-radio') &&
          label?.tagName === 'LABEL' &&
          shown(label) &&
          visibleBox(getComputedStyle(label, '::before')) &&
          Number.parseFloat(getComputedStyle(label, '::before').width) >= 12) ||
        false;
      if (drawnByLabel) continue;
      const ok = rect.width >= 8 && rect.height >= 8 && s.opacity !== '0' && shown(control) && visibleBox(s);
      if (!ok) problems.push({ kind: 'invisible-control', what: describe(control) });
    }
    return problems;
  });
}

for (const lang of ['da', 'en'] as const) {
  for (const width of [390, 1280]) {
    test(`the main pages look as they did (${lang}, ${String(width)} px)`, async ({ browser }) => {
      test.setTimeout(180_000);
      const pages = new Map<Who, Page>();
      for (const shot of PAGES) {
        const page = pages.get(shot.who) ?? (await pageFor(browser, shot.who, width, true));
        pages.set(shot.who, page);
        await page.goto(localized(shot.path, lang));
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page).toHaveScreenshot(`${shot.name}-${lang}-${String(width)}.png`, {
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
          maxDiffPixelRatio: 0.02,
          // A full page of a case is long: taking two identical shots in a row takes a while on a busy machine.
          timeout: 30_000,
          // What changes from run to run: the deadlines of open requests and times of day.
          mask: [page.locator('[data-time-dependent]')],
          // Paints the timeline entries that wait to be scrolled to (see the file).
          stylePath: fileURLToPath(new URL('look-full-page.css', import.meta.url)),
        });
      }
      for (const page of pages.values()) await page.context().close();
    });
  }
}

test('every page: text at least 14 px, headings in order, every form control visible (320-1280 px)', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const found: string[] = [];
  for (const width of [320, 390, 768, 1280]) {
    const pages = new Map<Who, Page>();
    for (const lang of ['da', 'en'] as const) {
      for (const shot of PAGES) {
        const page = pages.get(shot.who) ?? (await pageFor(browser, shot.who, width));
        pages.set(shot.who, page);
        await page.goto(localized(shot.path, lang));
        for (const problem of await measure(page)) {
          if (problem.kind === 'invisible-control' || shot.citizenPage) {
            found.push(`${shot.name} ${lang} ${String(width)}px ${problem.kind}: ${problem.what}`);
          }
        }
      }
    }
    for (const page of pages.values()) await page.context().close();
  }
  expect([...new Set(found)]).toEqual([]);
});

test('the language switch keeps the query string', async ({ page }) => {
  await page.goto('/ai-systemer?q=tale');
  await page.locator('a.lang-switch').click();
  await expect(page).toHaveURL('/en/ai-systemer?q=tale');
  await page.locator('a.lang-switch').click();
  await expect(page).toHaveURL('/ai-systemer?q=tale');
});

test('a form sent with errors says so in the title and puts the focus on the error summary, without JavaScript', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await loginAsStaff(page, 'Camilla Juhl');
  await page.getByRole('button', { name: 'Find borgeren' }).click();
  await expect(page).toHaveTitle(/^Fejl: /);
  const summary = page.locator('.error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveCount(2);
  await page.goto('/en/medarbejder');
  await page.getByRole('button', { name: 'Find the citizen' }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await context.close();
});

test('the header names the municipality with its logo and the person logged in; the footer its contact and the statutory pages', async ({
  page,
}) => {
  await loginAsCitizen(page, CITIZEN);
  const header = page.locator('header');
  await expect(header.locator('img[src="/logo.svg"]')).toBeVisible();
  await expect(header).toContainText('Egebæk Kommune');
  await expect(header).toContainText(CITIZEN);
  await expect(header.getByRole('button', { name: 'Log af' })).toBeVisible();
  const footer = page.locator('footer');
  await expect(footer).toContainText('CVR 99999999');
  await expect(footer.getByRole('link', { name: 'Egebæk Kommunes hjemmeside' })).toHaveAttribute(
    'href',
    'https://egebaek.example.dk',
  );
  for (const name of ['Tilgængelighedserklæring', 'Privatlivspolitik', 'Cookies', 'Om Indsigt']) {
    await expect(footer.getByRole('link', { name })).toBeVisible();
  }
  const logo = await page.request.get('/logo.svg');
  expect(logo.headers()['content-type']).toContain('image/svg+xml');
});
