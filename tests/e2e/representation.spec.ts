/**
 * Power of attorney (Digital Fuldmagt) through the development MitID IdP, which sends NemLog-in's
 * privileges claim for its representative test identities: read only (Anna for Mette), read and file
 * requests (Peter for Mette and Amira), and an expired power (Karin for Jens).
 */
import { expect, test, type Page } from '@playwright/test';
import { generateCitizen } from '../../src/demo/world.ts';
import { expectNoAxeViolations, loginAsCitizen } from './helpers.ts';

const mette = generateCitizen(0);
const amira = generateCitizen(2);

async function actFor(page: Page, name: string): Promise<void> {
  await expect(page).toHaveURL(/\/fuldmagt$/);
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: /Fortsæt|Continue/ }).click();
}

test('a read-only representative sees the grantor’s cases under a banner, and cannot file a request', async ({
  page,
}) => {
  await loginAsCitizen(page, 'Anna Sørensen');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hvem vil du handle for?');
  await expectNoAxeViolations(page);
  await actFor(page, 'Mette Sørensen');

  await expect(page).toHaveURL('/mine-sager');
  await expect(page.getByText('Du handler på vegne af Mette Sørensen')).toBeVisible();
  await expect(page.getByText('Du er logget ind som Anna Sørensen')).toBeVisible();
  for (const c of mette.cases) await expect(page.getByText(c.row.caseNumber)).toBeVisible();
  await expectNoAxeViolations(page);

  // The banner stays on every page.
  await page.goto(`/mine-sager/${mette.cases[0]!.row.id}`);
  await expect(page.getByText('Du handler på vegne af Mette Sørensen')).toBeVisible();

  // Filing a request needs its own right: the form and the post are both refused with a clear page.
  const form = await page.goto(`/mine-sager/${mette.cases[0]!.row.id}/anmod`);
  expect(form?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Din fuldmagt kan ikke bruges');
  await expect(page.getByText(/Du må kun se sagerne, ikke sende anmodninger/)).toBeVisible();
  await expectNoAxeViolations(page);
  const posted = await page.request.post(`/mine-sager/${mette.cases[0]!.row.id}/anmod`, {
    headers: { origin: new URL(page.url()).origin },
    form: { kind: 'objection', message: 'Jeg gør indsigelse' },
  });
  expect(posted.status()).toBe(403);
  expect(await posted.text()).not.toContain(mette.cases[0]!.row.caseNumber);
  const english = await page.goto(`/en/mine-sager/${mette.cases[0]!.row.id}/anmod`);
  expect(english?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your power of attorney cannot be used');
  await expectNoAxeViolations(page);

  // Still acting for Mette after an out-of-scope attempt; then back to herself, who has no cases.
  await page.goto('/mine-sager');
  await page.getByRole('button', { name: 'Skift tilbage til dig selv' }).click();
  await expect(page.getByText('Du handler på vegne af')).toHaveCount(0);
  await expect(page.getByText(mette.cases[0]!.row.caseNumber)).toHaveCount(0);
});

test('a representative with several powers chooses, may file requests, and reaches no one else’s case', async ({
  page,
}) => {
  await loginAsCitizen(page, 'Peter Holm', 'Substantial', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Who do you want to act for?');
  await expectNoAxeViolations(page);
  await actFor(page, 'Amira Hassan');
  await expect(page.getByText('You are acting on behalf of Amira Hassan')).toBeVisible();
  await expect(page.getByText(amira.cases[0]!.row.caseNumber)).toBeVisible();
  await expectNoAxeViolations(page);
  const form = await page.goto(`/en/mine-sager/${amira.cases[0]!.row.id}/anmod`);
  expect(form?.status()).toBe(200);
  // He files a re-assessment for her: the sealed receipt says who filed it, and so does her log.
  await page.getByRole('radio', { name: 'That a member of staff looks at my case again without AI' }).check();
  await page.getByLabel(/Your message/).fill('Amira would like a person to look at the case again.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByTestId('filed-by')).toHaveText(
    'Sent by Peter Holm on your behalf (power of attorney).',
  );
  await expectNoAxeViolations(page);

  // Every case of every other demo citizen (the e2e store has 60) answers 404 while acting for Amira.
  const others = Array.from({ length: 60 }, (_, i) => i)
    .filter((i) => i !== 2)
    .flatMap((i) => generateCitizen(i).cases.map((c) => c.row.id));
  for (const id of others) {
    expect((await page.request.get(`/en/mine-sager/${id}`)).status(), id).toBe(404);
  }

  // Switching to Mette (his other power) is a new choice, from the same page.
  await page.goto('/en/fuldmagt');
  await actFor(page, 'Mette Sørensen');
  await expect(page.getByText('You are acting on behalf of Mette Sørensen')).toBeVisible();
});

test('an expired power cannot be chosen and is refused if posted anyway', async ({ page }) => {
  await loginAsCitizen(page, 'Karin Vestergaard');
  await expect(page.getByRole('radio', { name: 'Jens Kristensen' })).toBeDisabled();
  await expect(page.getByText(/Fuldmagten er udløbet/)).toBeVisible();
  const posted = await page.request.post('/fuldmagt', {
    headers: { origin: new URL(page.url()).origin },
    form: { choice: '0' },
  });
  expect(posted.status()).toBe(403);
  await page.goto('/mine-sager');
  await expect(page.getByText('Du handler på vegne af')).toHaveCount(0);
});

test('the grantor’s own log shows what the representative did on their behalf', async ({ browser }) => {
  const anna = await (await browser.newContext()).newPage();
  await loginAsCitizen(anna, 'Anna Sørensen');
  await actFor(anna, 'Mette Sørensen');
  await anna.goto(`/mine-sager/${mette.cases[0]!.row.id}`);

  const page = await (await browser.newContext()).newPage();
  await loginAsCitizen(page, 'Mette Sørensen');
  await page.goto('/min-log');
  const log = page.getByTestId('representative-log');
  await expect(log).toContainText('Anna Sørensen begyndte at handle på dine vegne');
  await expect(log).toContainText(/Anna Sørensen så dine sager på dine vegne den .+ \(\d+ sider\)/);
  await expectNoAxeViolations(page);
  await page.goto('/en/min-log');
  await expect(page.getByTestId('representative-log')).toContainText(
    'Anna Sørensen saw your cases on your behalf',
  );
  await expectNoAxeViolations(page);
});
