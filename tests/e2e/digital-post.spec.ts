import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers.ts';

test('staff reach the Digital Post page from their start page, in Danish and English, and it passes axe', async ({
  page,
}) => {
  // Without a session the page sends the visitor to the staff login, and back after it.
  await page.goto('/medarbejder/post');
  await page.getByRole('radio', { name: /Camilla Juhl/ }).check();
  await page.getByRole('button', { name: 'Log ind · Log in' }).click();
  await expect(page).toHaveURL('/medarbejder/post');

  await page.goto('/medarbejder');
  await page.getByRole('link', { name: 'Digital Post: breve til borgere' }).click();
  await expect(page).toHaveURL('/medarbejder/post');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Digital Post');
  await expect(page.getByTestId('transport')).toHaveText(
    'Breve leveres til udviklingsindbakken (kun til test).',
  );
  await expect(
    page.getByTestId('outbox-counts').getByRole('link', { name: /^Fejlet: \d+$/ }),
  ).toHaveAttribute('aria-current', 'page');
  await expectNoAxeViolations(page);

  await page.goto('/en/medarbejder/post?status=sent');
  await expect(page.getByRole('heading', { level: 2, name: 'Sent' })).toBeVisible();
  await expect(page.getByTestId('transport')).toHaveText(
    'Letters are delivered to the development inbox (test only).',
  );
  await expectNoAxeViolations(page);
});
