import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, loginAsStaff } from './helpers.ts';

const EDIT = '/medarbejder/ai-systemer/tale-til-tekst';
const PUBLIC = '/ai-systemer/tale-til-tekst';

test('a publisher edits a notice in both languages, previews, publishes, edits and publishes again', async ({
  page,
}) => {
  // The editor holds the standards' fields too: axe takes longer over it on a busy machine.
  test.setTimeout(120_000);
  await page.goto(PUBLIC);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tale til tekst af samtalenotater');
  const versionsBefore = await page.getByTestId('history').getByRole('listitem').count();

  await loginAsStaff(page, 'Henrik Bisgaard');
  await page.goto('/medarbejder/ai-systemer');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beskrivelser af AI-systemer');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Rediger Tale til tekst af samtalenotater' }).click();
  await expect(page).toHaveURL(EDIT);
  await expectNoAxeViolations(page);

  // Danish and English side by side; a draft without English is refused by the field.
  await page.getByLabel('Formål (dansk)').fill('Sagsbehandleren kan se på dig i stedet for på tastaturet.');
  await page.getByLabel('Formål (engelsk)').fill('');
  await page.getByLabel('Hvad er ændret (dansk)').fill('Nyt formål.');
  await page.getByLabel('Hvad er ændret (engelsk)').fill('New purpose.');
  await page.getByRole('button', { name: 'Offentliggør ny version' }).click();
  await expect(page.getByRole('alert')).toContainText('Formål (engelsk): Udfyld feltet.');
  await expect(page.getByLabel('Formål (engelsk)')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);

  await page.getByLabel('Formål (engelsk)').fill('The caseworker can look at you instead of the keyboard.');
  await page.getByRole('button', { name: 'Se forhåndsvisning' }).click();
  await expect(page.getByText('Forhåndsvisning. Sådan ser siden ud')).toBeVisible();
  await expect(page.getByText('Sagsbehandleren kan se på dig i stedet for på tastaturet.')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Tilbage til redigering' }).click();

  await page.getByRole('button', { name: 'Offentliggør ny version' }).click();
  await expect(page.getByRole('status')).toContainText('er offentliggjort');

  // Edit again and publish a second time.
  await page.goto(EDIT);
  await page.getByLabel('Formål (dansk)').fill('Sagsbehandleren kan lytte til dig i stedet for at skrive.');
  await page.getByLabel('Formål (engelsk)').fill('The caseworker can listen to you instead of writing.');
  await page.getByLabel('Hvad er ændret (dansk)').fill('Formålet er skrevet enklere.');
  await page.getByLabel('Hvad er ændret (engelsk)').fill('The purpose is written more simply.');
  await page.getByRole('button', { name: 'Offentliggør ny version' }).click();
  await expect(page.getByRole('status')).toContainText('er offentliggjort');

  // The public page shows the new text and both new versions in its history, in both languages.
  await page.goto(PUBLIC);
  await expect(page.getByText('Sagsbehandleren kan lytte til dig i stedet for at skrive.')).toBeVisible();
  const history = page.getByTestId('history').getByRole('listitem');
  await expect(history).toHaveCount(versionsBefore + 2);
  await expect(history.first()).toContainText('Formålet er skrevet enklere.');
  await expect(history.nth(1)).toContainText('Nyt formål.');
  await expectNoAxeViolations(page);
  await page.goto(`/en${PUBLIC}`);
  await expect(page.getByText('The caseworker can listen to you instead of writing.')).toBeVisible();
  await expect(page.getByTestId('history').getByRole('listitem').first()).toContainText(
    'The purpose is written more simply.',
  );
});

test('a member of staff without the publisher role is refused with 403, in both languages', async ({
  page,
}) => {
  await loginAsStaff(page, 'Camilla Juhl');
  const response = await page.goto('/medarbejder/ai-systemer');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du har ikke adgang til siden');
  await expectNoAxeViolations(page);
  await page.goto(`/en${EDIT}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');
});

test('someone not logged in is sent to the staff login, and back to the page afterwards', async ({
  page,
}) => {
  const response = await page.request.get(EDIT, { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers()['location']).toBe(
    '/medarbejder/log-ind?returnTo=%2Fmedarbejder%2Fai-systemer%2Ftale-til-tekst',
  );
  await page.goto(EDIT);
  await page.getByRole('radio', { name: /Henrik Bisgaard/ }).check();
  await page.getByRole('button', { name: 'Log ind · Log in' }).click();
  await expect(page).toHaveURL(EDIT);
});
