/**
 * Forms sent back with errors, as a screen reader meets them: every error message starts with a hidden
 * "Fejl:"/"Error:", every link of the error summary leads to an element of that id, and each field or
 * group with an error is described by it.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import LookupForm from '../../src/components/frontdesk/LookupForm.astro';
import CaseworkerActions from '../../src/components/requests/CaseworkerActions.astro';
import type { RequestWithSteps } from '../../src/db/requests.ts';
import { getTranslator } from '../../src/i18n/translations.ts';

const locals = (locale: 'da' | 'en') => ({
  locale,
  t: getTranslator(locale),
  citizen: undefined,
  staff: undefined,
  sessionToken: undefined,
  sessionExpired: false,
});

/** Without Astro's dev-only source attributes. */
const clean = (html: string): string => html.replace(/ data-astro-source-[a-z]+="[^"]*"/g, '');

/** The value of `attribute` on the element with id="`id`". */
function attribute(html: string, id: string, name: string): string | undefined {
  const tag = new RegExp(`<[a-z]+\\b[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no element with id="${id}"`);
  return new RegExp(`\\b${name}(?:="([^"]*)")?`).exec(tag)?.[1];
}

/** Every error message's text as it is read: its screen-reader-only prefix shown as "(sr: …)". */
const errorMessages = (html: string): string[] =>
  [
    ...html
      .replace(/<span class="sr-only"[^>]*>([^<]*)<\/span>/g, '(sr: $1)')
      .matchAll(/<(?:p|span) class="form-error-message"[^>]*>([^<]*)/g),
  ].map((m) => (m[1] ?? '').replace(/\s+/g, ' ').trim());

const summaryTexts = (html: string): string[] =>
  [...html.matchAll(/<a class="function-link" href="#[^"]+"[^>]*>([^<]+)<\/a>/g)].map((m) =>
    (m[1] ?? '').trim(),
  );
const summaryTargets = (html: string): string[] =>
  [...html.matchAll(/<a class="function-link" href="#([^"]+)"/g)].map((m) => m[1] ?? '');

describe('forms sent back with errors', () => {
  let container: AstroContainer;
  beforeAll(async () => {
    container = await AstroContainer.create();
  });

  it("the caseworker's answer to a re-assessment: each error read with Fejl:, linked and described", async () => {
    const data = {
      request: { kind: 'reassessment', createdAt: new Date('2026-03-02T09:00:00Z') },
      dataSource: null,
    } as unknown as RequestWithSteps;
    const html = clean(
      await container.renderToString(CaseworkerActions, {
        props: {
          data,
          actions: ['answer', 'extend', 'refuse'],
          refused: {
            action: 'answer',
            values: { months: '', reason: '', text: '', reassessedBy: '', outcome: '', note: '' },
            errors: { text: 'empty', reassessedBy: 'empty', outcome: 'outcome' },
          },
        },
        locals: locals('da'),
      }),
    );
    const messages = errorMessages(html);
    expect(messages).toHaveLength(3);
    for (const message of messages) expect(message).toMatch(/^\(sr: Fejl: \) ?\S/);
    expect(summaryTargets(html)).toEqual(['answer-text', 'answer-reassessedBy', 'answer-outcome']);
    // The summary says what is missing in each field, not only that a field is empty.
    expect(summaryTexts(html)).toEqual([
      'Skriv et svar til borgeren.',
      'Skriv navnet på den, der vurderede sagen igen.',
      'Vælg, om den nye vurdering ændrede afgørelsen.',
    ]);
    expect(attribute(html, 'answer-text', 'aria-describedby')).toBe('answer-text-hint answer-text-error');
    expect(attribute(html, 'answer-reassessedBy', 'aria-invalid')).toBe('true');
    // The radio group: the summary's link can focus it, and it is described by its error.
    expect(attribute(html, 'answer-outcome', 'tabindex')).toBe('-1');
    expect(attribute(html, 'answer-outcome', 'aria-describedby')).toBe('answer-outcome-error');
    expect(html).toContain('id="answer-outcome-error"');
    // The forms that were not sent show no errors.
    expect(attribute(html, 'extend-reason', 'aria-invalid')).toBeUndefined();
  });

  it("the front desk's look-up: Error: before each message, the purpose's error on its group, links to focusable fields", async () => {
    const html = clean(
      await container.renderToString(LookupForm, {
        props: {
          values: { cpr: '12', purpose: '', purposeText: '' },
          errors: [
            { field: 'cpr', code: 'cpr_format' },
            { field: 'purpose', code: 'purpose_required' },
          ],
        },
        locals: locals('en'),
        request: new Request('http://localhost/en/medarbejder'),
      }),
    );
    const messages = errorMessages(html);
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message).toMatch(/^\(sr: Error: \) ?\S/);
    expect(summaryTargets(html)).toEqual(['lookup-cpr', 'lookup-purpose-desk']);
    expect(attribute(html, 'lookup-cpr', 'aria-describedby')).toBe('lookup-cpr-hint lookup-cpr-error');
    expect(attribute(html, 'lookup-purpose', 'aria-describedby')).toBe('lookup-purpose-error');
    expect(attribute(html, 'lookup-purpose-desk', 'class')).toBe('form-radio');
    expect(html).not.toContain('visually-hidden');
  });
});
