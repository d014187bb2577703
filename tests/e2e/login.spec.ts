import { expect, test } from '@playwright/test';
import { IDP_PORT } from '../../playwright.config.ts';
import { expectNoAxeViolations, loginAsCitizen, loginAsStaff } from './helpers.ts';

test('two citizens in two browsers each see their own name and cases, and logout leaves nothing private', async ({
  browser,
}) => {
  const metteContext = await browser.newContext();
  const jensContext = await browser.newContext();
  const mette = await metteContext.newPage();
  const jens = await jensContext.newPage();

  await loginAsCitizen(mette, 'Mette Sørensen');
  await loginAsCitizen(jens, 'Jens Kristensen');
  await expect(mette).toHaveURL('/mine-sager');
  await expect(mette.getByText('Du er logget ind som Mette Sørensen')).toBeVisible();
  await expect(jens.getByText('Du er logget ind som Jens Kristensen')).toBeVisible();
  await expect(mette.getByText('Jens Kristensen')).toHaveCount(0);
  await expect(mette.getByRole('heading', { name: 'Mine sager' })).toBeVisible();
  await expect(jens.getByText('Der blev ikke brugt AI i denne sag')).toBeVisible();
  await expectNoAxeViolations(mette);

  await mette.getByRole('button', { name: 'Log af' }).click();
  await expect(mette).toHaveURL('/logget-ud');
  await expect(mette.getByRole('heading', { name: 'Du er logget ud' })).toBeVisible();
  await expectNoAxeViolations(mette);
  // Back re-requests the private page (it is never cached), which now sends her to log in.
  await mette.goBack();
  await expect(mette.getByText('Du er logget ind som Mette Sørensen')).toHaveCount(0);
  await expect(mette.getByRole('heading', { name: 'Mine sager' })).toHaveCount(0);
  await expect(mette.getByTestId('ai-marker')).toHaveCount(0);
  await mette.goto('/mine-sager');
  await expect(mette).toHaveURL(new RegExp(`/log-ind|localhost:${String(IDP_PORT)}`));

  // Jens is still logged in: logging Mette out ended only her session.
  await jens.reload();
  await expect(jens.getByText('Du er logget ind som Jens Kristensen')).toBeVisible();
  await metteContext.close();
  await jensContext.close();
});

test('a login at level Low is refused with a translated page and a way back', async ({ page }) => {
  await loginAsCitizen(page, 'Mette Sørensen', 'Low', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your login is not secure enough');
  await expect(page.getByRole('link', { name: 'Log in again' })).toHaveAttribute('href', '/en/log-ind');
  await expectNoAxeViolations(page);
  await page.goto('/en/mine-sager');
  await expect(page).not.toHaveURL(/mine-sager/);
});

test('a cancelled login says so, in Danish', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Log ind med MitID' }).click();
  await page.getByRole('button', { name: 'Afbryd · Cancel' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du afbrød login');
});

test('a member of staff logs in and sees their roles; staff and citizen sessions do not mix', async ({
  page,
}) => {
  await loginAsStaff(page, 'Morten Dahl');
  await expect(page).toHaveURL('/medarbejder');
  const roles = page.getByTestId('staff-roles').locator('li');
  await expect(roles).toHaveCount(2);
  await expect(page.getByTestId('staff-roles').locator('[data-role=frontdesk]')).toBeVisible();
  await expect(page.getByTestId('staff-roles').locator('[data-role=publisher]')).toBeVisible();
  await expectNoAxeViolations(page);
  // A citizen login in the same browser replaces the staff session.
  await loginAsCitizen(page, 'Amira Hassan');
  await expect(page.getByText('Du er logget ind som Amira Hassan')).toBeVisible();
  await page.goto('/medarbejder');
  await expect(page).not.toHaveURL('/medarbejder');
});

test('staff without a portal role are refused with 403', async ({ page }) => {
  await loginAsStaff(page, 'Karen Mikkelsen');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Du har ikke adgang');
  await expectNoAxeViolations(page);
});

test('a form posted from another site is refused, but the back-channel logout endpoint is reachable', async ({
  request,
}) => {
  const crossSite = await request.post('/log-ud', {
    headers: { origin: 'https://evil.example' },
    form: { x: '1' },
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain('Handlingen blev stoppet');
  // No Origin at all, as the IdP's server sends it: not refused by the origin check, only by the
  // token check (400 for a token that does not verify).
  const backchannel = await request.post('/auth/backchannel-logout', {
    form: { logout_token: 'not-a-token' },
  });
  expect(backchannel.status()).toBe(400);
});

test('a session cookie is HttpOnly and SameSite=Lax, and no page or cookie carries the CPR number', async ({
  page,
  context,
}) => {
  await loginAsCitizen(page, 'Mette Sørensen');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'indsigt_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  for (const cookie of cookies) expect(cookie.value).not.toContain('0101600006');
  expect(page.url()).not.toContain('0101600006');
  expect(await page.content()).not.toContain('0101600006');
});

test('after a real login, a return address that normalises to another host stays on the portal', async ({
  page,
  baseURL,
}) => {
  const portal = new URL(baseURL ?? '').origin;
  // Citizen: "/.//evil.example" would be "//evil.example" (another host) once the dot is removed.
  await page.goto('/log-ind?returnTo=/.//evil.example');
  await page.getByRole('radio', { name: /Mette Sørensen/ }).check();
  await page.getByRole('button', { name: 'Log ind · Log in' }).click();
  await expect(page).toHaveURL(`${portal}/mine-sager`);
  await expect(page.getByText('Du er logget ind som Mette Sørensen')).toBeVisible();
  // Staff: the same with an encoded dot.
  await page.goto('/medarbejder/log-ind?returnTo=/%252e//evil.example');
  await page.getByRole('radio', { name: /Morten Dahl/ }).check();
  await page.getByRole('button', { name: 'Log ind · Log in' }).click();
  await expect(page).toHaveURL(`${portal}/medarbejder`);
});
