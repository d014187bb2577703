import { expect, test } from '@playwright/test';
import { OPEN_DATA_SCHEMA_VERSION } from '../../src/register/open-data.ts';
import { expectNoAxeViolations } from './helpers.ts';

const LANGUAGES = [
  {
    lang: 'da',
    root: '',
    listHeading: 'AI-systemer i Egebæk Kommune',
    count: '5 systemer',
    areaLabel: 'Sagsområde',
    area: 'Kontanthjælp',
    status: 'I brug',
    query: 'sygemelding',
    show: 'Vis systemer',
    search: 'Søg',
    riskName: 'Risikovurdering af langvarigt sygefravær',
    retired: 'Taget ud af brug',
    facts: 'Tal fra kommunens log',
    history: 'Ændringer i beskrivelsen',
  },
  {
    lang: 'en',
    root: '/en',
    listHeading: 'AI systems in Egebæk Kommune',
    count: '5 systems',
    areaLabel: 'Case area',
    area: 'Cash benefit',
    status: 'In use',
    query: 'sick leave',
    show: 'Show systems',
    search: 'Search',
    riskName: 'Risk assessment of long-term sick leave',
    retired: 'Taken out of use',
    facts: "Facts from the municipality's records",
    history: 'Changes to this description',
  },
] as const;

for (const l of LANGUAGES) {
  test.describe(`the public AI register in ${l.lang}`, () => {
    test('lists every AI system, and passes axe', async ({ page }) => {
      const response = await page.goto(`${l.root}/ai-systemer`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('html')).toHaveAttribute('lang', l.lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(l.listHeading);
      await expect(page.getByTestId('result-count')).toHaveText(l.count);
      await expect(page.getByRole('link', { name: l.riskName })).toBeVisible();
      await expectNoAxeViolations(page);
    });

    test('filters by case area and status, and searches, with a plain form and no JavaScript', async ({
      browser,
      page: withScript,
    }) => {
      // axe needs JavaScript, so it checks the filtered page in the ordinary context afterwards.
      const noScript = await browser.newContext({ javaScriptEnabled: false });
      const page = await noScript.newPage();
      await page.goto(`${l.root}/ai-systemer`);
      await page
        .getByLabel(l.area.length > 0 ? (l.lang === 'da' ? 'Sagsområde' : 'Case area') : '')
        .selectOption({
          label: l.area,
        });
      await page.getByLabel(l.lang === 'da' ? 'Status' : 'Status').selectOption({ label: l.status });
      await page.getByRole('button', { name: l.show }).click();
      await expect(page).toHaveURL(/area=cash_benefit/);
      await expect(page.getByTestId('result-count')).toHaveText('1 system');
      await expect(page.getByRole('listitem').getByRole('heading', { level: 3 })).toHaveCount(1);
      const filtered = page.url();

      await page.goto(`${l.root}/ai-systemer`);
      await page.getByRole('searchbox', { name: l.search }).fill(l.query);
      await page.getByRole('button', { name: l.show }).click();
      await expect(page.getByTestId('result-count')).toHaveText('1 system');
      await expect(page.getByRole('link', { name: l.riskName })).toBeVisible();
      await noScript.close();

      await withScript.goto(filtered);
      await expectNoAxeViolations(withScript);
    });

    test('shows one notice with facts from the store and its history of versions, and passes axe', async ({
      page,
    }) => {
      await page.goto(`${l.root}/ai-systemer`);
      await page.getByRole('link', { name: l.riskName }).click();
      await expect(page).toHaveURL(`${l.root}/ai-systemer/sygefravaer-risiko`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(l.riskName);
      await expect(page.getByRole('heading', { name: l.facts })).toBeVisible();
      await expect(page.getByTestId('facts').locator('dd')).toHaveCount(3);
      await expect(page.getByRole('heading', { name: l.history })).toBeVisible();
      await expect(page.getByTestId('history').getByRole('listitem')).toHaveCount(2);
      await expectNoAxeViolations(page);
    });

    test('marks a retired system as taken out of use, in words', async ({ page }) => {
      await page.goto(`${l.root}/ai-systemer/postsortering`);
      await expect(page.getByTestId('notice-status')).toHaveText(l.retired);
      await expectNoAxeViolations(page);
    });
  });
}

test('an unknown AI system answers 404', async ({ page }) => {
  const response = await page.goto('/ai-systemer/findes-ikke');
  expect(response?.status()).toBe(404);
});

test('the open data: JSON with its schema version, the JSON Schema and CSV', async ({ request }) => {
  const json = await request.get('/api/v1/ai-systems');
  expect(json.status()).toBe(200);
  expect(json.headers()['content-type']).toContain('application/json');
  const data = (await json.json()) as { schemaVersion: string; systems: unknown[] };
  expect(data.schemaVersion).toBe(OPEN_DATA_SCHEMA_VERSION);
  expect(data.systems).toHaveLength(5);

  const schema = await request.get('/api/v1/ai-systems.schema.json');
  expect(((await schema.json()) as { $schema: string }).$schema).toBe(
    'https://json-schema.org/draft/2020-12/schema',
  );

  const csv = await request.get('/api/v1/ai-systems.csv');
  expect(csv.headers()['content-type']).toContain('text/csv; charset=utf-8');
  const text = await csv.text();
  // UTF-8 with a byte order mark, so Danish Excel reads æ, ø and å right.
  expect(text.startsWith('\uFEFFid,url,status,processing_kind,')).toBe(true);
  expect(text.split('\r\n').filter(Boolean).length).toBeGreaterThanOrEqual(6);
});
