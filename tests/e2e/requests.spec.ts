import { expect, test, type Browser, type Page } from '@playwright/test';
import { generateCitizen } from '../../src/demo/world.ts';
import { expectNoAxeViolations, loginAsCitizen, loginAsStaff } from './helpers.ts';

// Several logins and axe runs a test, on a shared two-core machine.
test.describe.configure({ timeout: 240_000 });

const lars = generateCitizen(3);
const larsCase = lars.cases[0]!;
const riskUse = larsCase.events.find((e) => e.systemId === 'sygefravaer-risiko')!;
const ANSWER =
  'Risikoscoren byggede på din indkomst og dine tidligere sygeperioder. Den afgjorde ikke sagen.';
const THOMAS = 'Thomas Bach'; // caseworker, Jobcenter Egebæk, Sygedagpenge (Lars's case's unit)
const LOUISE = 'Louise Frederiksen'; // caseworker, Jobcenter Egebæk, Kontanthjælp
const CAMILLA = 'Camilla Juhl'; // front desk only

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  return context.newPage();
}

/** Lars asks for an explanation of the risk profiling on his case; returns the request's path. */
async function larsAsksForExplanation(page: Page): Promise<string> {
  await page.goto(`/mine-sager/${larsCase.row.id}`);
  await page.getByRole('link', { name: `Spørg om brug nr. ${String(riskUse.seq)}` }).click();
  await expect(page.locator(`#use-${String(riskUse.seq)}`)).toBeChecked();
  await page.getByRole('radio', { name: 'En forklaring af, hvordan AI blev brugt i min sag' }).check();
  await page.getByLabel('Din besked').fill('Hvorfor fik jeg en høj risikoscore?');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL(/\/mine-anmodninger\/[0-9a-f-]{36}\?sendt=1$/);
  return new URL(page.url()).pathname;
}

test('Lars asks about one AI use, a caseworker answers it from the inbox, and Lars sees every step with dates in both languages', async ({
  browser,
}) => {
  // Lars asks without JavaScript: the whole loop works with plain forms.
  const noScript = await newPage(browser, false);
  await loginAsCitizen(noScript, 'Lars Poulsen');
  const requestPath = await larsAsksForExplanation(noScript);
  await expect(noScript.getByRole('status')).toHaveText('Tak. Vi har fået din anmodning.');
  // The same pages with a browser that runs axe (axe needs JavaScript).
  const citizen = await newPage(browser);
  await loginAsCitizen(citizen, 'Lars Poulsen');
  await citizen.goto(`${requestPath}?sendt=1`);
  const requestId = requestPath.split('/').at(-1)!;
  await expect(citizen.getByRole('status')).toHaveText('Tak. Vi har fået din anmodning.');
  const reference = (await citizen.getByTestId('request-reference').textContent())!.trim();
  expect(reference).toMatch(/^ANM-\d{4}-\d{6}$/);
  await expect(citizen.getByTestId('request-deadline')).toHaveText(
    /^Du får svar senest \d{1,2}\. \w+ \d{4}\.$/,
  );
  const deadline = (await citizen.getByTestId('request-deadline').textContent())!.replace(
    /^Du får svar senest (.*)\.$/,
    '$1',
  );
  await expect(citizen.getByTestId('request-status')).toHaveText('Modtaget');
  await expect(
    citizen.getByText(
      'Kvitteringen, en eventuel forlængelse af fristen og svaret bliver også sendt til dig i Digital Post.',
    ),
  ).toBeVisible();
  await expect(citizen.getByTestId('request-integrity')).toHaveText('Alle trin er forseglet og uændrede.');
  await expectNoAxeViolations(citizen);

  // The caseworker of the case's unit sees it in the inbox with its deadline and days left.
  const staff = await newPage(browser);
  await loginAsStaff(staff, THOMAS);
  await staff.getByRole('link', { name: 'Anmodninger fra borgere' }).click();
  await expect(staff).toHaveURL('/medarbejder/anmodninger');
  const row = staff.locator(`[data-testid=inbox-row][data-reference="${reference}"]`);
  await expect(row).toContainText(deadline);
  await expect(row.getByTestId('days-left')).toHaveText(/^\d+ dage tilbage$/);
  // The demo's overdue request is marked.
  await expect(staff.getByTestId('overdue').first()).toBeVisible();
  await expectNoAxeViolations(staff);
  await staff.getByLabel('Type').selectOption('explanation');
  await staff.getByRole('button', { name: 'Vis', exact: true }).click();
  await expect(staff).toHaveURL(/type=explanation/);
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: reference }).click();
  await expect(staff.getByRole('heading', { level: 1, name: `Anmodning ${reference}` })).toBeVisible();
  await expect(staff.getByText('Sagen, som borgeren ser den')).toBeVisible();
  await expectNoAxeViolations(staff);
  await staff.getByRole('button', { name: 'Tag anmodningen' }).click();
  await expect(staff.getByRole('status')).toHaveText('Du har taget anmodningen.');
  await staff.getByLabel('Svar til borgeren').fill(ANSWER);
  await staff.getByRole('button', { name: 'Send svaret' }).click();
  await expect(staff.getByRole('status')).toHaveText('Svaret er sendt til borgeren.');
  await expect(staff.getByTestId('request-status')).toHaveText('Besvaret');
  await expectNoAxeViolations(staff);

  // Lars sees the answer and every step with its date, in Danish and English.
  await citizen.goto(requestPath);
  await expect(citizen.getByTestId('request-status')).toHaveText('Besvaret');
  await expect(citizen.getByTestId('request-answer')).toHaveText(ANSWER);
  const steps = citizen.getByTestId('request-steps').locator('li');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText('Modtaget');
  await expect(steps.nth(0)).toContainText(`Du får svar senest ${deadline}.`);
  await expect(steps.nth(1)).toContainText('Under behandling');
  await expect(steps.nth(1)).toContainText('Jobcenter Egebæk, Sygedagpenge behandler din anmodning.');
  await expect(steps.nth(2)).toContainText('Besvaret');
  await expect(steps.nth(2)).toContainText(`Af ${THOMAS}, Socialrådgiver, Jobcenter Egebæk, Sygedagpenge`);
  await expect(steps.nth(2)).toContainText('Sendt til dig i Digital Post.');
  for (const step of await steps.all()) await expect(step.locator('time')).toHaveText(/\d{4}/);
  await expectNoAxeViolations(citizen);

  await citizen.goto(`/en${requestPath}`);
  await expect(citizen.getByTestId('request-status')).toHaveText('Answered');
  await expect(steps.nth(0)).toContainText('Received');
  await expect(steps.nth(1)).toContainText('In progress');
  await expect(steps.nth(2)).toContainText('Answered');
  await expect(steps.nth(2)).toContainText(`By ${THOMAS}`);
  await expect(citizen.getByTestId('request-answer')).toHaveText(ANSWER);
  await expectNoAxeViolations(citizen);

  await citizen.goto('/en/mine-anmodninger');
  await expect(citizen.getByTestId('request').filter({ hasText: reference })).toContainText('Answered');
  await expectNoAxeViolations(citizen);
  await citizen.goto('/mine-anmodninger');
  await expect(citizen.getByTestId('request').filter({ hasText: reference })).toContainText('Besvaret');
  await expectNoAxeViolations(citizen);

  // The caseworker's pages in English pass axe too.
  await staff.goto(`/en/medarbejder/anmodninger/${requestId}`);
  await expect(staff.getByTestId('request-status')).toHaveText('Answered');
  await expectNoAxeViolations(staff);
  await staff.goto('/en/medarbejder/anmodninger?status=all');
  await expect(staff.locator(`[data-reference="${reference}"]`)).toContainText('Closed');
  await expectNoAxeViolations(staff);
});

test('only the right role and unit: another unit gets 404, the front desk 403; the front desk reads the citizen’s requests', async ({
  browser,
}) => {
  const citizen = await newPage(browser);
  await loginAsCitizen(citizen, 'Lars Poulsen');
  const requestPath = await larsAsksForExplanation(citizen);
  const requestId = requestPath.split('/').at(-1)!;

  const otherUnit = await newPage(browser);
  await loginAsStaff(otherUnit, LOUISE);
  const other = await otherUnit.goto(`/medarbejder/anmodninger/${requestId}`);
  expect(other?.status()).toBe(404);
  const post = await otherUnit.request.post(`/medarbejder/anmodninger/${requestId}`, {
    form: { action: 'take' },
    headers: { Origin: new URL(otherUnit.url()).origin },
  });
  expect(post.status()).toBe(404);
  await otherUnit.goto('/medarbejder/anmodninger?status=all');
  await expect(
    otherUnit.locator('[data-testid=inbox-row]').filter({ hasText: larsCase.row.caseNumber }),
  ).toHaveCount(0);

  const frontdesk = await newPage(browser);
  await loginAsStaff(frontdesk, CAMILLA);
  expect((await frontdesk.goto('/medarbejder/anmodninger'))?.status()).toBe(403);
  expect((await frontdesk.goto(`/medarbejder/anmodninger/${requestId}`))?.status()).toBe(403);
  // After a logged look-up, the front desk sees the citizen's requests and their status, read-only.
  await frontdesk.goto('/medarbejder');
  await frontdesk.getByLabel('Borgerens CPR-nummer').fill(lars.citizen.cpr);
  await frontdesk.getByLabel('Borgeren ringer').check();
  await frontdesk.getByRole('button', { name: 'Find borgeren' }).click();
  await expect(frontdesk).toHaveURL('/medarbejder/borger');
  await expect(frontdesk.getByRole('heading', { name: 'Borgerens anmodninger' })).toBeVisible();
  const listed = frontdesk.getByTestId('request');
  await expect(listed.first()).toBeVisible();
  await expect(listed.getByTestId('request-status').first()).toHaveText(/Modtaget|Under behandling|Besvaret/);
  await expect(listed.locator('a')).toHaveCount(0);
  await expectNoAxeViolations(frontdesk);
});

test('a cross-site POST is refused and writes nothing; bad input gets field errors and 4xx, and keeps what was typed', async ({
  browser,
}) => {
  const citizen = await newPage(browser);
  await loginAsCitizen(citizen, 'Lars Poulsen');
  const requestPath = await larsAsksForExplanation(citizen);
  const requestId = requestPath.split('/').at(-1)!;
  const staff = await newPage(browser);
  await loginAsStaff(staff, THOMAS);
  const origin = 'http://localhost:' + new URL(staff.url()).port;
  const url = `/medarbejder/anmodninger/${requestId}`;

  // CSRF: another site's form is refused before anything happens.
  const crossSite = await staff.request.post(url, {
    form: { action: 'refuse', reason: 'Fra en anden side' },
    headers: { Origin: 'https://evil.example' },
  });
  expect(crossSite.status()).toBe(403);
  await staff.goto(url);
  await expect(staff.getByTestId('request-steps').locator('li')).toHaveCount(1);

  // Empty reason for an extension.
  await staff.getByRole('radio', { name: /^2 måneder/ }).check();
  await staff.getByRole('button', { name: 'Forlæng fristen' }).click();
  await expect(staff.getByRole('alert')).toContainText('Skriv en begrundelse til borgeren.');
  await expect(staff.getByRole('radio', { name: /^2 måneder/ })).toBeChecked();
  await expectNoAxeViolations(staff);

  // An overlong answer: refused by the field, and the text is still there.
  const long = 'a'.repeat(8001);
  await staff.getByLabel('Svar til borgeren').fill(long);
  await staff.getByRole('button', { name: 'Send svaret' }).click();
  await expect(staff.getByRole('alert')).toContainText('Svaret er for langt.');
  await expect(staff.getByLabel('Svar til borgeren')).toHaveValue(long);

  const statusOf = async (form: Record<string, string>, path = url): Promise<number> =>
    (await staff.request.post(path, { form, headers: { Origin: origin } })).status();
  expect(await statusOf({ action: 'answer', text: '' })).toBe(422);
  expect(await statusOf({ action: 'answer', text: 'a'.repeat(8001) })).toBe(422);
  expect(await statusOf({ action: 'answer', text: 'Svar\u0000med NUL' })).toBe(422);
  expect(await statusOf({ action: 'refuse', reason: '   ' })).toBe(422);
  expect(await statusOf({ action: 'extend', months: '7', reason: 'x' })).toBe(422);
  expect(await statusOf({ action: 'explode' })).toBe(400);
  expect(
    await statusOf({ action: 'take' }, '/medarbejder/anmodninger/00000000-0000-4000-8000-000000000000'),
  ).toBe(404);
  expect(await statusOf({ action: 'take' }, '/medarbejder/anmodninger/not-an-id')).toBe(404);
  expect((await staff.goto('/medarbejder/anmodninger/%00'))?.status()).toBeLessThan(500);
  // Nothing was written by any of it.
  await staff.goto(url);
  await expect(staff.getByTestId('request-steps').locator('li')).toHaveCount(1);
  await expect(staff.getByTestId('request-integrity')).toHaveText('Alle trin er forseglet og uændrede.');

  // The citizen's form: NUL bytes and an unknown use are refused by field, with the message kept.
  const citizenOrigin = 'http://localhost:' + new URL(citizen.url()).port;
  const ask = async (form: Record<string, string>): Promise<number> =>
    (
      await citizen.request.post(`/mine-sager/${larsCase.row.id}/anmod`, {
        form,
        headers: { Origin: citizenOrigin },
      })
    ).status();
  expect(await ask({ kind: 'explanation', uses: String(riskUse.seq), message: 'Hej\u0000' })).toBe(422);
  expect(await ask({ kind: 'explanation', uses: '999', message: 'Hej' })).toBe(422);
  expect(await ask({ kind: 'correction', source: `${String(riskUse.seq)}:nope`, message: 'Hej' })).toBe(422);
  expect((await citizen.goto('/mine-anmodninger/00000000-0000-4000-8000-000000000000'))?.status()).toBe(404);
  await citizen.goto(`/mine-sager/${larsCase.row.id}/anmod?type=explanation`);
  await citizen.getByLabel('Din besked').fill('Jeg har ikke valgt en brug.');
  await citizen.getByRole('button', { name: 'Send' }).click();
  await expect(citizen.getByRole('alert')).toContainText('Vælg, hvilken brug af AI du mener.');
  await expect(citizen.getByLabel('Din besked')).toHaveValue('Jeg har ikke valgt en brug.');
  await expectNoAxeViolations(citizen);
});
