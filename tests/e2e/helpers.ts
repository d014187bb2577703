/** Shared steps for the browser tests: log in through the development IdPs, run axe. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's browser build, the one @axe-core/playwright injects. */
const AXE_SOURCE = readFileSync(
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve(
    'axe-core/axe.min.js',
  ),
  'utf8',
);

/**
 * axe's WCAG 2.1 AA results for the page as it is now. The portal's pages have no frames, so axe runs
 * once in the page (axe.run), as @axe-core/playwright's AxeBuilder did per frame; AxeBuilder then
 * opened a blank window for its last step, which was most of its 1-2 s a page on the 2-core machine.
 * A page with a frame fails here rather than going unchecked.
 */
export async function axeResults(page: Page): Promise<AxeResults> {
  expect(page.frames(), 'a page with frames needs AxeBuilder').toHaveLength(1);
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    WCAG_21_AA,
  );
}

/** Expects axe to find no WCAG 2.1 AA violations on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await axeResults(page);
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

export type Level = 'Substantial' | 'High' | 'Low';

/** Logs a test citizen in with MitID from the front page, as a person would. */
export async function loginAsCitizen(
  page: Page,
  name: string,
  level: Level = 'Substantial',
  lang: 'da' | 'en' = 'da',
): Promise<void> {
  await page.goto(lang === 'da' ? '/' : '/en/');
  await page.getByRole('link', { name: lang === 'da' ? 'Log ind med MitID' : 'Log in with MitID' }).click();
  await page.getByRole('radio', { name: new RegExp(name) }).check();
  await page.getByLabel(/Assurance level/).selectOption({
    label:
      new RegExp(level).test('Substantial') && level === 'Substantial'
        ? 'Betydelig · Substantial'
        : level === 'High'
          ? 'Høj · High'
          : 'Lav · Low',
  });
  await page.getByRole('button', { name: 'Log ind · Log in' }).click();
}

/** Logs a test member of staff in from the front page. */
export async function loginAsStaff(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Log ind som medarbejder' }).click();
  await page.getByRole('radio', { name: new RegExp(name) }).check();
  await page.getByRole('button', { name: 'Log ind · Log in' }).click();
}
