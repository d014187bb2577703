import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, loginAsCitizen, loginAsStaff } from './helpers.ts';

const METTE_CPR = '0101600006';

test('the front desk looks a citizen up with a purpose, sees her cases under a banner, prints, ends; she finds it in her log', async ({
  browser,
}) => {
  // Two browsers and eleven axe runs: 30 s ran out at load average 10-13 on 2 cores.
  test.setTimeout(90_000);
  const staffContext = await browser.newContext();
  const page = await staffContext.newPage();
  await loginAsStaff(page, 'Camilla Juhl');
  await expect(page).toHaveURL('/medarbejder');
  await expect(page.getByRole('heading', { name: 'Find en borger' })).toBeVisible();
  await expectNoAxeViolations(page);

  // An empty form: every message by its field, and a summary.
  await page.getByRole('button', { name: 'Find borgeren' }).click();
  await expect(page.getByRole('alert')).toContainText('Skriv borgerens CPR-nummer.');
  await expect(page.getByRole('alert')).toContainText('Vælg, hvorfor du slår borgeren op.');
  await expect(page.getByLabel('Borgerens CPR-nummer')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  // A date that does not exist.
  await page.getByLabel('Borgerens CPR-nummer').fill('310260-1234');
  await page.getByLabel('Borgeren er i borgerservice').check();
  await page.getByRole('button', { name: 'Find borgeren' }).click();
  await expect(page.getByRole('alert')).toContainText('De første 6 cifre skal være en rigtig fødselsdato');

  await page.getByLabel('Borgerens CPR-nummer').fill('010160-0006');
  await page.getByLabel('Borgeren er i borgerservice').check();
  await page.getByRole('button', { name: 'Find borgeren' }).click();
  await expect(page).toHaveURL('/medarbejder/borger');
  const banner = page.getByTestId('helping-banner');
  await expect(banner).toContainText('Du ser sagerne for Mette Sørensen');
  await expect(banner).toContainText('Camilla Juhl, Borgerservicemedarbejder, Borgerservice Egebæk');
  await expect(banner).toContainText('Borgeren er i borgerservice');
  await expect(page.locator('.case-card').first()).toBeVisible();
  // The CPR number was posted, never put in the address or on the page.
  expect(page.url()).not.toContain(METTE_CPR);
  expect(await page.content()).not.toContain(METTE_CPR);
  await expectNoAxeViolations(page);

  // One of her cases, read-only, as she sees it.
  await page.locator('.case-card h2 a').first().click();
  await expect(page).toHaveURL(/\/medarbejder\/borger\/sager\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('helping-banner')).toContainText('Mette Sørensen');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);

  // The print view: the copy for the citizen, without the staff banner, and no JavaScript needed.
  await page.getByRole('link', { name: 'Udskriv til borgeren' }).click();
  await expect(page).toHaveURL(/\?print=1$/);
  await expect(page.getByTestId('print-heading')).toContainText('Udskrift fra Indsigt');
  await expect(page.getByTestId('helping-banner')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Tilbage til visningen' }).click();
  await page.getByRole('link', { name: 'Tilbage til borgerens sager' }).click();
  await expect(page).toHaveURL('/medarbejder/borger');

  await page.getByRole('button', { name: 'Afslut' }).click();
  await expect(page).toHaveURL('/medarbejder?afsluttet=1');
  await expect(page.getByTestId('frontdesk-notice')).toHaveText(
    'Du har afsluttet visningen af borgerens sager.',
  );
  await page.goto('/medarbejder/borger');
  await expect(page).toHaveURL('/medarbejder');
  await expect(page.getByText('Mette Sørensen')).toHaveCount(0);

  // In English, for another purpose; the staff pages pass axe in both languages.
  await page.goto('/en/medarbejder');
  await expectNoAxeViolations(page);
  await page.getByLabel("The citizen's CPR number").fill(METTE_CPR);
  await page.getByLabel('Other', { exact: true }).check();
  await page.getByLabel('Describe the purpose').fill('Questions from her lawyer');
  await page.getByRole('button', { name: 'Find the citizen' }).click();
  await expect(page).toHaveURL('/en/medarbejder/borger');
  await expect(page.getByTestId('helping-banner')).toContainText(
    'You are viewing the cases of Mette Sørensen',
  );
  await expect(page.getByTestId('helping-banner')).toContainText('Questions from her lawyer');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Print for the citizen' }).click();
  await expect(page.getByTestId('print-heading')).toContainText('Printout from Indsigt');
  await expectNoAxeViolations(page);
  await page.goto('/en/medarbejder/borger');
  await page.getByRole('button', { name: 'End', exact: true }).click();
  await expect(page).toHaveURL('/en/medarbejder?afsluttet=1');
  await staffContext.close();

  // Mette, in her own browser, finds both look-ups in her log, newest first, with the purposes.
  const citizenContext = await browser.newContext();
  const mette = await citizenContext.newPage();
  await loginAsCitizen(mette, 'Mette Sørensen');
  await mette.getByRole('link', { name: 'Min log: se, hvem i kommunen der har slået dig op' }).click();
  await expect(mette).toHaveURL('/min-log');
  const rows = mette.getByTestId('access-log').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Andet: Questions from her lawyer');
  await expect(rows.nth(1)).toContainText('Camilla Juhl, Borgerservicemedarbejder, Borgerservice Egebæk');
  await expect(rows.nth(1)).toContainText('Du var i borgerservice');
  await expectNoAxeViolations(mette);
  await mette.goto('/en/min-log');
  await expect(mette.getByRole('heading', { level: 1 })).toHaveText('My log');
  await expect(rows.nth(1)).toContainText('You were at the citizen service desk');
  await expectNoAxeViolations(mette);
  await citizenContext.close();
});

test('a CPR number nobody in the store has is answered plainly', async ({ page }) => {
  await loginAsStaff(page, 'Camilla Juhl');
  await page.getByLabel('Borgerens CPR-nummer').fill('311299-9999');
  await page.getByLabel('Borgeren ringer').check();
  await page.getByRole('button', { name: 'Find borgeren' }).click();
  await expect(page).toHaveURL('/medarbejder');
  await expect(page.getByTestId('frontdesk-notice')).toHaveText(
    'Ingen borger med det CPR-nummer har sager her. Opslaget er skrevet i loggen.',
  );
  await expectNoAxeViolations(page);
});

test('a publisher without the front-desk role cannot look citizens up: no form, 403 on the pages', async ({
  page,
  baseURL,
}) => {
  await loginAsStaff(page, 'Henrik Bisgaard');
  await expect(page).toHaveURL('/medarbejder');
  await expect(page.getByRole('heading', { name: 'Find en borger' })).toHaveCount(0);
  const view = await page.goto('/medarbejder/borger');
  expect(view?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du har ikke adgang');
  await expectNoAxeViolations(page);
  const posted = await page.request.post('/medarbejder', {
    headers: { origin: new URL(baseURL ?? '').origin },
    form: { cpr: METTE_CPR, purpose: 'desk', purposeText: '' },
  });
  expect(posted.status()).toBe(403);
  expect(await posted.text()).not.toContain('Mette');
});

test('a CPR number in a query string is refused with 400, in both languages', async ({ page }) => {
  await loginAsStaff(page, 'Camilla Juhl');
  const danish = await page.goto(`/medarbejder?cpr=${METTE_CPR}`);
  expect(danish?.status()).toBe(400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Et CPR-nummer må ikke stå i adressen');
  expect(await page.content()).not.toContain('Mette');
  await expectNoAxeViolations(page);
  const english = await page.goto('/en/medarbejder/borger?q=010160-0006');
  expect(english?.status()).toBe(400);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A CPR number must not be in the address');
  await expectNoAxeViolations(page);
});
