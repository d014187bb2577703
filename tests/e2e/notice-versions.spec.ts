import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, loginAsStaff } from './helpers.ts';

const RISK = '/ai-systemer/sygefravaer-risiko';

const LANGUAGES = [
  {
    lang: 'da',
    root: '',
    name: 'Risikovurdering af langvarigt sygefravær',
    readVersion1: 'Læs version 1, og se hvad der blev ændret',
    old: 'Dette er en gammel udgave af beskrivelsen: version 1',
    current: 'Dette er den gældende udgave af beskrivelsen: version 2',
    currentLink: 'Læs den gældende beskrivelse (version 2)',
    first: 'Dette er den første version.',
    caption: 'Felter, der blev ændret fra version 1 til version 2',
    rows: [
      'Sådan bruges det i sagen, og det ser sagsbehandleren (dansk)',
      'Sådan bruges det i sagen, og det ser sagsbehandleren (engelsk)',
      'Menneskelig kontrol (dansk)',
      'Menneskelig kontrol (engelsk)',
    ],
    added: 'En teamleder gennemgår hver måned',
  },
  {
    lang: 'en',
    root: '/en',
    name: 'Risk assessment of long-term sick leave',
    readVersion1: 'Read version 1 and see what changed',
    old: 'This is an old version of the description: version 1',
    current: 'This is the current version of the description: version 2',
    currentLink: 'Read the current description (version 2)',
    first: 'This is the first version.',
    caption: 'Fields changed from version 1 to version 2',
    rows: [
      'How it is used in the case, and what the caseworker sees (Danish)',
      'How it is used in the case, and what the caseworker sees (English)',
      'Human oversight (Danish)',
      'Human oversight (English)',
    ],
    added: 'Every month a team leader reviews',
  },
] as const;

for (const l of LANGUAGES) {
  test.describe(`a notice's versions in ${l.lang}`, () => {
    // Two browsers and a full-page axe run each: more than the default on a busy machine.
    test.describe.configure({ timeout: 90_000 });
    test('an old version is readable in full, marked old, with a link to the current one; no JavaScript', async ({
      browser,
      page: withScript,
    }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${l.root}${RISK}`);
      await page.getByRole('link', { name: l.readVersion1 }).click();
      await expect(page).toHaveURL(`${l.root}${RISK}/versioner/1`);
      await expect(page.locator('html')).toHaveAttribute('lang', l.lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(l.name);
      await expect(page.getByTestId('version-status')).toContainText(l.old);
      // Version 1's own text, without what version 2 added.
      await expect(page.getByText(l.added)).toHaveCount(0);
      await expect(page.getByText(l.first)).toBeVisible();
      await page.getByRole('link', { name: l.currentLink }).click();
      await expect(page).toHaveURL(`${l.root}${RISK}`);
      await context.close();
      // axe runs as a script, so it checks the same page in a browser that has them.
      await withScript.goto(`${l.root}${RISK}/versioner/1`);
      await expectNoAxeViolations(withScript);
    });

    test('a version shows what it changed field by field, before and after, and passes axe', async ({
      page,
    }) => {
      const response = await page.goto(`${l.root}${RISK}/versioner/2`);
      expect(response?.status()).toBe(200);
      await expect(page.getByTestId('version-status')).toContainText(l.current);
      const diff = page.getByRole('table', { name: l.caption });
      await expect(diff.getByRole('rowheader')).toHaveText([...l.rows]);
      // Row 3 is human oversight in Danish: before without the team leader's check, after with it.
      const oversight = diff.getByRole('row').nth(3).getByRole('cell');
      await expect(oversight.nth(0)).not.toContainText('En teamleder gennemgår hver måned');
      await expect(oversight.nth(1)).toContainText('En teamleder gennemgår hver måned');
      await expectNoAxeViolations(page);
    });
  });
}

test('a version that does not exist answers 404', async ({ page }) => {
  for (const path of [`${RISK}/versioner/9`, `${RISK}/versioner/0`, '/ai-systemer/findes-ikke/versioner/1'])
    expect((await page.goto(path))?.status(), path).toBe(404);
});

for (const l of LANGUAGES)
  test(`publishing a notice that has not changed is refused with the reason, and passes axe (${l.lang})`, async ({
    page,
  }) => {
    // The editor is a long form: axe takes a while on it on a busy machine.
    test.setTimeout(90_000);
    await loginAsStaff(page, 'Henrik Bisgaard');
    await page.goto(`${l.root}/medarbejder/ai-systemer/rehab-behov`);
    const publish = l.lang === 'da' ? 'Offentliggør ny version' : 'Publish new version';
    await page
      .getByLabel(l.lang === 'da' ? 'Hvad er ændret (dansk)' : 'What changed (Danish)')
      .fill('Intet.');
    await page
      .getByLabel(l.lang === 'da' ? 'Hvad er ændret (engelsk)' : 'What changed (English)')
      .fill('Nothing.');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: publish }).click(),
    ]);
    expect(response.status()).toBe(409);
    await expect(page.getByTestId('unchanged')).toHaveText(
      l.lang === 'da'
        ? 'Beskrivelsen er den samme som version 1, så der er ikke lavet en ny version. Ret i beskrivelsen, før du offentliggør den. Din kladde er gemt.'
        : 'The description is the same as version 1, so no new version was made. Change the description before you publish it. Your draft is saved.',
    );
    await expectNoAxeViolations(page);
  });
