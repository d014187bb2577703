/**
 * The explanation of an AI use as applied to the citizen (issue 13), in the browser, without
 * JavaScript, in both languages: Lars's risk profile and Amira's rehabilitation recommendation.
 * The page ships no script (the chart is SVG drawn on the server); axe itself needs JavaScript to run.
 */
import { expect, test } from '@playwright/test';
import { generateCitizen } from '../../src/demo/world.ts';
import { expectNoAxeViolations, loginAsCitizen } from './helpers.ts';

const amira = generateCitizen(2);
const lars = generateCitizen(3);

const TEXT = {
  da: {
    title: 'Sådan indgik AI i vurderingen',
    up: 'Det, der talte mest for en høj score, var',
    chart: 'Hvor meget hver oplysning trak scoren op eller ned',
    factor: 'Sygemeldinger de seneste tre år',
    rehabRole: 'Resultatet var et råd til sagsbehandleren. Sagsbehandleren besluttede selv.',
  },
  en: {
    title: 'How AI entered the assessment',
    up: 'What counted most towards a high score was',
    chart: 'How much each piece of information pushed the score up or down',
    factor: 'Sick leave in the last three years',
    rehabRole: 'The result was advice to the caseworker. The caseworker decided.',
  },
} as const;

for (const lang of ['da', 'en'] as const) {
  const text = TEXT[lang];
  const prefix = lang === 'en' ? '/en' : '';

  test(`Lars sees why his risk was assessed as high, with a table and a chart (${lang})`, async ({
    page,
  }) => {
    await loginAsCitizen(page, 'Lars Poulsen', 'Substantial', lang);
    const c = lars.cases[0]!;
    const risk = c.events.find((e) => e.kind === 'profiling')!;
    await page.goto(`${prefix}/mine-sager/${c.row.id}`);
    const entry = page.locator(`#punkt-${risk.seq}`);
    await expect(entry.getByTestId('event-output')).toHaveText(
      lang === 'en' ? risk.en!.output! : risk.output,
    );
    const explanation = entry.getByTestId('explanation');
    await expect(explanation.getByRole('heading', { level: 4 })).toHaveText(text.title);
    await expect(explanation.getByTestId('explanation-summary')).toContainText(text.up);
    const table = explanation.getByTestId('explanation-table');
    await expect(table.locator('tbody tr')).toHaveCount(risk.explanation!.factors.length);
    await expect(table).toContainText(text.factor);
    await expect(explanation.getByRole('img', { name: text.chart })).toBeVisible();
    await expect(page.locator('script')).toHaveCount(0);
    await expectNoAxeViolations(page);
    // On a phone the table scrolls sideways inside a named, focusable region.
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page);
  });

  test(`Amira sees the recommendation explained and why the caseworker departed from it (${lang})`, async ({
    page,
  }) => {
    await loginAsCitizen(page, 'Amira Hassan', 'Substantial', lang);
    const c = amira.cases[0]!;
    const rehab = c.events.find((e) => e.kind === 'prediction')!;
    await page.goto(`${prefix}/mine-sager/${c.row.id}`);
    const explanation = page.locator(`#punkt-${rehab.seq}`).getByTestId('explanation');
    await expect(explanation.getByTestId('explanation-role')).toHaveText(text.rehabRole);
    await expect(explanation.getByTestId('explanation-table').locator('tbody tr')).toHaveCount(3);
    const decision = c.decisions[0]!;
    await expect(page.locator(`#punkt-${decision.seq}`).getByTestId('departure-reason')).toContainText(
      lang === 'en' ? decision.en!.departureReason! : decision.departureReason!,
    );
    await expectNoAxeViolations(page);
  });
}
