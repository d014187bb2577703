// The axe check every other spec relies on (helpers.ts) must find what it is there to find: without
// this, a check that ran no rules would pass every page.
import { expect, test } from '@playwright/test';
import { axeResults, expectNoAxeViolations } from './helpers.ts';

test('the axe check reports a form field without a label and text without contrast', async ({ page }) => {
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Bad page</title></head><body><main>
       <h1>A bad page</h1>
       <p style="color:#ddd;background:#fff">Pale text on white</p>
       <input type="text">
     </main></body></html>`,
  );
  const ids = (await axeResults(page)).violations.map((v) => v.id);
  expect(ids).toContain('label');
  expect(ids).toContain('color-contrast');
  await expect(expectNoAxeViolations(page)).rejects.toThrow();
});

test('the axe check passes a plain page that has nothing wrong', async ({ page }) => {
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Good page</title></head><body><main>
       <h1>A good page</h1><label for="q">Search</label><input id="q" type="text">
     </main></body></html>`,
  );
  await expectNoAxeViolations(page);
});
