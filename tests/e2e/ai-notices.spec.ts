/** A publisher turns letters about AI use on per system (issue 14, §2 stk. 4), in Danish and English. */
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, loginAsStaff } from './helpers.ts';

test('a publisher turns AI-use letters on for a system, and the choice is kept, in both languages', async ({
  page,
}) => {
  await loginAsStaff(page, 'Henrik Bisgaard');
  await page.getByRole('link', { name: 'Breve til borgere, når AI bruges i deres sag' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Breve om brug af AI');
  await expectNoAxeViolations(page);
  const first = page.getByRole('checkbox').first();
  await expect(first).toBeVisible();
  const before = await first.isChecked();
  await first.setChecked(!before);
  await page.getByRole('button', { name: 'Gem' }).click();
  await expect(page.getByRole('status')).toHaveText('Gemt.');
  await expect(page.getByRole('checkbox').first()).toBeChecked({ checked: !before });
  await page.goto('/en/medarbejder/ai-breve');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Letters about the use of AI');
  await expectNoAxeViolations(page);
});

test('a front-desk worker without the publisher role is refused with 403', async ({ page }) => {
  await loginAsStaff(page, 'Camilla Juhl');
  const response = await page.goto('/medarbejder/ai-breve');
  expect(response?.status()).toBe(403);
  const posted = await page.request.post('/medarbejder/ai-breve', {
    headers: { origin: new URL(page.url()).origin },
    form: { system: 'sygefravaer-risiko' },
  });
  expect(posted.status()).toBe(403);
});
