import { expect, test } from '@playwright/test';
import { axeResults } from './helpers.ts';

for (const { path, lang, heading, switchTo } of [
  { path: '/', lang: 'da', heading: 'Kunstig intelligens i Egebæk Kommune', switchTo: '/en/' },
  { path: '/en/', lang: 'en', heading: 'Artificial intelligence in Egebæk Kommune', switchTo: '/' },
]) {
  test(`the front page in ${lang} names the municipality and its AI systems, and passes axe`, async ({
    page,
  }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(page.getByTestId('systems-in-use')).toContainText('4');
    const results = await axeResults(page);
    expect(results.violations).toEqual([]);
    await page.locator('a.lang-switch').click();
    await expect(page).toHaveURL(switchTo);
  });
}

test('every response carries the security headers', async ({ request }) => {
  const response = await request.get('/');
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
});

test('an unknown page answers 404 with a translated page and a way back', async ({ page }) => {
  const response = await page.goto('/en/no-such-page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'Go to the front page' })).toHaveAttribute('href', '/en/');
  const results = await axeResults(page);
  expect(results.violations).toEqual([]);
});

test('the health endpoints answer', async ({ request }) => {
  expect((await request.get('/healthz')).status()).toBe(200);
  const ready = await request.get('/readyz');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
});
