import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, loginAsStaff } from './helpers.ts';

const SYSTEM = 'sygefravaer-risiko';

const PAGES = [
  {
    root: '',
    tradeOffs: 'Afvejninger og alternativer, vi har overvejet',
    risks: 'Risici og hvad vi gør ved dem',
    risk: 'Sagsbehandleren kan stole for meget på vurderingen.',
    technical: 'Sådan virker modellen',
    technicalText: 'En logistisk regressionsmodel.',
    appeal: 'Sådan klager du',
    appealLink: 'Læs, hvordan du klager',
    assessment: 'Test af skævheder efter alder, køn og oprindelse',
    owner: 'Mette Kjær, Jobcenterchef, Egebæk Jobcenter',
    atrs: /britiske standard/,
  },
  {
    root: '/en',
    tradeOffs: 'Trade-offs and alternatives considered',
    risks: 'Risks and what we do about them',
    risk: 'The caseworker may rely too much on the assessment.',
    technical: 'How the model works',
    technicalText: 'A logistic regression model.',
    appeal: 'How to complain or appeal',
    appealLink: 'Read how to complain',
    assessment: 'Bias audit by age group, gender and origin',
    owner: 'Mette Kjær, Head of Egebæk Job Centre',
    atrs: /UK Algorithmic Transparency Recording Standard record/,
  },
] as const;

for (const p of PAGES) {
  test(`the public page shows the standards’ fields (${p.root || '/'}), without JavaScript, and passes axe`, async ({
    browser,
    page: withScript,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const response = await page.goto(`${p.root}/ai-systemer/${SYSTEM}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 2, name: p.tradeOffs })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: p.risks })).toBeVisible();
    await expect(page.getByTestId('risks')).toContainText(p.risk);
    await expect(page.getByRole('heading', { level: 2, name: p.technical })).toBeVisible();
    await expect(page.getByText(p.technicalText)).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: p.appeal })).toBeVisible();
    await expect(page.getByRole('link', { name: p.appealLink })).toHaveAttribute(
      'href',
      'https://egebaek.example.dk/klage',
    );
    await expect(
      page.getByTestId('impact-assessments').getByRole('link', { name: p.assessment }),
    ).toBeVisible();
    await expect(page.getByTestId('senior-responsible-owner')).toHaveText(p.owner);
    const atrs = page.getByRole('link', { name: p.atrs });
    await expect(atrs).toHaveAttribute('href', `/api/v1/ai-systems/${SYSTEM}/atrs.json`);
    await context.close();
    // axe runs as a script in the page: check the same page with scripts on.
    await withScript.goto(`${p.root}/ai-systemer/${SYSTEM}`);
    await expectNoAxeViolations(withScript);
  });
}

test('each system’s ATRS and Algoritmeregister records and their schemas are served as JSON; an unknown system is 404', async ({
  request,
}) => {
  const atrs = await request.get(`/api/v1/ai-systems/${SYSTEM}/atrs.json`);
  expect(atrs.status()).toBe(200);
  expect(atrs.headers()['content-type']).toContain('application/json');
  const record = (await atrs.json()) as {
    tier_1: { name: string };
    tier_2: { tool_specification: { phase: string } };
  };
  expect(record.tier_1.name).toBe('Risk assessment of long-term sick leave');
  expect(record.tier_2.tool_specification.phase).toBe('production');
  const nl = await request.get('/api/v1/ai-systems/postsortering/algoritmeregister.json');
  expect(((await nl.json()) as { status: string }).status).toBe('Buiten gebruik');
  expect((await request.get('/api/v1/ai-systems/findes-ikke/atrs.json')).status()).toBe(404);
  for (const path of ['/api/v1/atrs.schema.json', '/api/v1/algoritmeregister.schema.json']) {
    const schema = await request.get(path);
    expect(schema.status()).toBe(200);
    expect(((await schema.json()) as { $id: string }).$id).toContain(path);
  }
  const openapi = (await (await request.get('/api/v1/openapi.json')).json()) as {
    paths: Record<string, unknown>;
  };
  expect(Object.keys(openapi.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/ai-systems/{slug}/atrs.json',
      '/api/v1/ai-systems/{slug}/algoritmeregister.json',
    ]),
  );
});

test('a publisher edits the standards’ fields in both languages: errors by field, then a new risk and stage published', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const edit = '/medarbejder/ai-systemer/laegeresume';
  await loginAsStaff(page, 'Henrik Bisgaard');
  await page.goto(`/en${edit}`);
  await expect(page.getByLabel('Risk 1: What we do about it (English)')).toBeVisible();
  await expect(page.getByRole('group', { name: 'Where the system is in its life' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto(edit);
  await page.getByLabel('Risiko 1: Det gør vi ved det (engelsk)').fill('');
  await page.getByLabel('Link til, hvordan man klager').fill('ftp://egebaek.example.dk/klage');
  await page.getByLabel('Hvad er ændret (dansk)').fill('Ny risiko og fase.');
  await page.getByLabel('Hvad er ændret (engelsk)').fill('New risk and stage.');
  await page.getByRole('button', { name: 'Offentliggør ny version' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Risiko 1: Det gør vi ved det (engelsk): Udfyld feltet.');
  await expect(alert).toContainText(
    'Link til, hvordan man klager: Skriv en hel webadresse, der begynder med https://.',
  );
  await expect(page.getByLabel('Risiko 1: Det gør vi ved det (engelsk)')).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expectNoAxeViolations(page);

  // A NUL byte in a field is refused before the form is read, with the translated page.
  const origin = new URL(page.url()).origin;
  const nul = await page.request.post(edit, {
    form: { action: 'save', 'risks.0.da.risk': 'Risiko\u0000med NUL' },
    headers: { Origin: origin },
  });
  expect(nul.status()).toBe(422);

  await page
    .getByLabel('Risiko 1: Det gør vi ved det (engelsk)')
    .fill('The caseworker always reads the documents.');
  await page.getByLabel('Link til, hvordan man klager').fill('https://egebaek.example.dk/klage');
  await page
    .getByLabel('Risiko 3: Risiko (dansk)')
    .fill('Resuméet kan være forældet, hvis der kommer nye papirer.');
  await page
    .getByLabel('Risiko 3: Det gør vi ved det (dansk)')
    .fill('Resuméet laves igen, når der kommer et nyt dokument.');
  await page
    .getByLabel('Risiko 3: Risiko (engelsk)')
    .fill('The summary may be out of date when new papers arrive.');
  await page
    .getByLabel('Risiko 3: Det gør vi ved det (engelsk)')
    .fill('The summary is made again when a new document arrives.');
  await page.getByRole('radio', { name: 'Forsøg (afprøves i lille skala)' }).check();
  await page.getByRole('button', { name: 'Offentliggør ny version' }).click();
  await expect(page.getByRole('status')).toContainText('er offentliggjort');

  await page.goto('/ai-systemer/laegeresume');
  await expect(page.getByTestId('notice-status')).toHaveText('Forsøg (afprøves i lille skala)');
  await expect(page.getByTestId('risks')).toContainText(
    'Resuméet laves igen, når der kommer et nyt dokument.',
  );
  await expect(page.getByTestId('history').getByRole('listitem').first()).toContainText('fase, risici');
  await expectNoAxeViolations(page);
  await page.goto('/en/ai-systemer/laegeresume');
  await expect(page.getByTestId('notice-status')).toHaveText('Pilot (tried out on a small scale)');
  await expect(page.getByTestId('risks')).toContainText(
    'The summary is made again when a new document arrives.',
  );
  await expectNoAxeViolations(page);
});
