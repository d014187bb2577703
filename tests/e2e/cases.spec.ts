import { expect, test, type Page } from '@playwright/test';
import { generateCitizen } from '../../src/demo/world.ts';
import { demoCaseId } from '../../src/demo/world.ts';
import { expectNoAxeViolations, loginAsCitizen } from './helpers.ts';

const mette = generateCitizen(0);
const jens = generateCitizen(1);
const amira = generateCitizen(2);

const TEXT = {
  da: {
    cases: 'Mine sager',
    aiUsed: 'AI blev brugt i denne sag',
    noAi: 'Der blev ikke brugt AI i denne sag',
    departed: 'Medarbejderen var ikke enig med AI og besluttede noget andet.',
    followed: 'Medarbejderen var enig med AI og fulgte det.',
    intact: 'er ikke ændret, siden de blev skrevet',
  },
  en: {
    cases: 'My cases',
    aiUsed: 'AI was used in this case',
    noAi: 'No AI was used in this case',
    departed: 'The member of staff did not agree with the AI and decided something else.',
    followed: 'The member of staff agreed with the AI and followed it.',
    intact: 'has not been changed since it was written',
  },
} as const;

async function openCase(page: Page, lang: 'da' | 'en', caseId: string): Promise<void> {
  await page.goto(`${lang === 'en' ? '/en' : ''}/mine-sager/${caseId}`);
}

for (const lang of ['da', 'en'] as const) {
  const text = TEXT[lang];
  test.describe(`case pages in ${lang}`, () => {
    test('a citizen whose case used AI sees each AI use, its data sources and the human who decided, as in the store', async ({
      page,
    }) => {
      await loginAsCitizen(page, 'Mette Sørensen', 'Substantial', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(text.cases);
      await expect(page.locator('.case-card')).toHaveCount(mette.cases.length);
      await expectNoAxeViolations(page);
      const sickness = mette.cases[0]!;
      await openCase(page, lang, sickness.row.id);
      await expect(page.getByTestId('ai-marker')).toContainText(text.aiUsed);
      await expect(page.getByTestId('integrity')).toContainText(text.intact);
      const entries = page.locator('.timeline-entry');
      await expect(entries).toHaveCount(sickness.events.length + sickness.decisions.length);
      for (const event of sickness.events) {
        const entry = page.locator(`#punkt-${event.seq}`);
        await expect(entry).toContainText(lang === 'en' ? (event.en?.output ?? event.output) : event.output);
        await expect(entry.locator('.sources li')).toHaveCount(event.sources.length);
      }
      const decision = sickness.decisions[0]!;
      await expect(page.locator(`#punkt-${decision.seq}`).getByTestId('decided-by')).toContainText(
        /Karen Mikkelsen|Thomas Bach/,
      );
      await expect(page.locator(`#punkt-${decision.seq}`).getByTestId('assessment')).toHaveText(
        text.followed,
      );
      await expect(page.locator('.timeline-graphic svg[role=img] title')).toHaveCount(1);
      await expectNoAxeViolations(page);
    });

    test('a citizen with no AI in their case is told so at a glance', async ({ page }) => {
      await loginAsCitizen(page, 'Jens Kristensen', 'Substantial', lang);
      await expect(page.getByTestId('ai-marker')).toHaveText(new RegExp(text.noAi));
      await openCase(page, lang, jens.cases[0]!.row.id);
      await expect(page.getByTestId('ai-marker')).toContainText(text.noAi);
      await expect(page.locator('.entry-ai')).toHaveCount(0);
      await expectNoAxeViolations(page);
    });

    test('a caseworker’s departure from the AI output is shown with the reason', async ({ page }) => {
      await loginAsCitizen(page, 'Amira Hassan', 'Substantial', lang);
      const rehab = amira.cases[0]!;
      await openCase(page, lang, rehab.row.id);
      await expect(page.getByTestId('assessment')).toHaveText(text.departed);
      const decision = rehab.decisions[0]!;
      await expect(page.locator('.entry-decision').first()).toContainText(
        (lang === 'en' ? decision.en?.departureReason : decision.departureReason) ?? 'missing',
      );
      await expectNoAxeViolations(page);
    });
  });
}

test('the case page can be used with the keyboard alone', async ({ page }) => {
  await loginAsCitizen(page, 'Mette Sørensen');
  await page.goto('/mine-sager');
  const focused = (): Promise<{ text: string; href: string | null; inMain: boolean; outline: string }> =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        text: (el?.textContent ?? '').trim(),
        href: el?.getAttribute('href') ?? null,
        inMain: el?.closest('main') !== null && el?.closest('main') !== undefined,
        outline: el ? getComputedStyle(el).outlineStyle : 'none',
      };
    });
  // Tab from the top of the page: the skip link comes first, then on to the first case.
  await page.keyboard.press('Tab');
  expect((await focused()).text).toBe('Gå til indhold');
  let href: string | null = null;
  for (let i = 0; i < 15 && !href?.startsWith('/mine-sager/'); i += 1) {
    await page.keyboard.press('Tab');
    href = (await focused()).href;
  }
  expect(href).toMatch(/^\/mine-sager\/[0-9a-f-]{36}$/);
  expect((await focused()).outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/mine-sager\/[0-9a-f-]{36}$/);
  // Every link in the case page's main content is reached by Tab, each with a visible outline.
  const expected = await page.locator('main a').count();
  const reached = new Set<string>();
  for (let i = 0; i < expected + 12; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused();
    if (now.inMain && now.href) {
      reached.add(now.href);
      expect(now.outline).not.toBe('none');
    }
  }
  expect(reached.size).toBe(
    new Set(await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).size,
  );
});

test('a citizen asks for a human re-assessment without JavaScript, and finds it under My requests', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await loginAsCitizen(page, 'Mette Sørensen');
  await openCase(page, 'da', mette.cases[0]!.row.id);
  await page.getByRole('link', { name: 'Bed om, at en medarbejder ser på sagen igen uden AI' }).click();
  // The form is a new page load (no JavaScript): waited for as a navigation, which on a busy machine
  // took longer than an assertion's 5 s (CI of this stop).
  await page.waitForURL(/\/mine-sager\/[^/]+\/anmod/);
  await expect(
    page.getByRole('radio', { name: 'At en medarbejder ser på min sag igen uden AI' }),
  ).toBeChecked();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByRole('alert')).toContainText('Skriv en besked.');
  await page.getByLabel('Din besked').fill('Jeg vil gerne have, at en person vurderer min sag.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL(/\/mine-anmodninger\/[0-9a-f-]{36}\?sendt=1$/);
  await expect(page.getByRole('status')).toHaveText('Tak. Vi har fået din anmodning.');
  await expect(page.getByTestId('request-status').first()).toHaveText('Modtaget');
  await context.close();
});

test('the request form, its errors and My requests pass axe in both languages', async ({ page }) => {
  // Four axe runs over pages with the DKFDS header and footer: over 30 s on a busy machine.
  test.setTimeout(90_000);
  await loginAsCitizen(page, 'Lars Poulsen');
  const caseId = generateCitizen(3).cases[0]!.row.id;
  for (const prefix of ['', '/en']) {
    await page.goto(`${prefix}/mine-sager/${caseId}/anmod?type=objection`);
    await page.locator('main button[type=submit].button').click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto(`${prefix}/mine-anmodninger`);
    await expect(page.getByTestId('request-status').first()).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test('the case record downloads as JSON that names its schema version, and prints without navigation', async ({
  page,
}) => {
  await loginAsCitizen(page, 'Amira Hassan');
  const caseId = amira.cases[0]!.row.id;
  const response = await page.request.get(`/mine-sager/${caseId}/data.json`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toContain('attachment');
  const record = (await response.json()) as {
    schemaVersion: string;
    case: { id: string };
    decisions: { aiAssessment: string }[];
  };
  expect(record).toMatchObject({ schemaVersion: '1.1', case: { id: caseId } });
  expect(record.decisions[0]?.aiAssessment).toBe('departed');
  const schema = await page.request.get('/api/v1/case-record.schema.json');
  expect(((await schema.json()) as { required: string[] }).required).toContain('aiEvents');
  await page.goto(`/mine-sager/${caseId}/udskriv`);
  await expect(page.getByText(/^Udskrevet /)).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Bed om en forklaring af, hvordan AI blev brugt' }),
  ).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('1,000 case ids that are not the citizen’s all answer 404, with the same page', async ({ page }) => {
  // A thousand requests one after another: 31 s at load 12 on two cores.
  test.setTimeout(90_000);
  await loginAsCitizen(page, 'Jens Kristensen');
  // Other citizens' real case ids (the e2e store has 60 citizens) and ids that exist nowhere.
  const ids = [
    ...Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => i !== 1)
      .flatMap((i) => generateCitizen(i).cases.map((c) => c.row.id)),
    ...Array.from({ length: 1000 }, (_, i) => demoCaseId(100_000 + i, 0)),
  ].slice(0, 1000);
  expect(ids).toHaveLength(1000);
  const notFound = await (await page.request.get('/mine-sager/00000000-0000-4000-8000-000000000000')).text();
  for (const id of ids) {
    const response = await page.request.get(`/mine-sager/${id}`);
    expect(response.status(), id).toBe(404);
  }
  // The same page either way (only the language link repeats the address asked for).
  const theirs = await page.request.get(`/mine-sager/${mette.cases[0]!.row.id}`);
  const same = (html: string, id: string): string => html.replaceAll(id, 'ID');
  expect(same(await theirs.text(), mette.cases[0]!.row.id)).toBe(
    same(notFound, '00000000-0000-4000-8000-000000000000'),
  );
  const own = await page.request.get(`/mine-sager/${jens.cases[0]!.row.id}`);
  expect(own.status()).toBe(200);
});
