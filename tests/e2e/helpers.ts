/** Shared steps for the browser tests: log in through the development IdPs, run axe. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Expects axe to find no WCAG 2.1 AA violations on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
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
