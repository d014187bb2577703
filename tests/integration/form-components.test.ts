/**
 * The shared form components render DKFDS's own markup: the label structure its style sheets draw
 * checkboxes and radios from, the select class, ids that aria-describedby and the error summary's
 * links rely on, and the screen-reader "Fejl:"/"Error:" before every error.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import Choice from '../../src/components/form/Choice.astro';
import FieldGroup from '../../src/components/form/FieldGroup.astro';
import SelectField from '../../src/components/form/SelectField.astro';
import TextField from '../../src/components/form/TextField.astro';
import { getTranslator } from '../../src/i18n/translations.ts';

const locals = (locale: 'da' | 'en') => ({
  locale,
  t: getTranslator(locale),
  citizen: undefined,
  staff: undefined,
  sessionToken: undefined,
  sessionExpired: false,
});

/** The attributes of the first element matching `tag` that has id="`id`". */
function attributesOf(html: string, tag: string, id: string): Record<string, string> {
  const match = new RegExp(`<${tag}\\b[^>]*\\bid="${id}"[^>]*>`).exec(html);
  if (!match) throw new Error(`no <${tag} id="${id}"> in ${html}`);
  return Object.fromEntries(
    [...match[0].matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].slice(1).map((m) => [m[1] ?? '', m[2] ?? '']),
  );
}

describe('the form components', () => {
  let container: AstroContainer;
  beforeAll(async () => {
    container = await AstroContainer.create();
  });

  it('a radio: a hidden form-radio input drawn by the form-label right after it, inside form-group-radio', async () => {
    const html = await container.renderToString(Choice, {
      props: { type: 'radio', id: 'kind-explanation', name: 'kind', value: 'explanation', checked: true },
      slots: { default: 'En forklaring' },
      locals: locals('da'),
    });
    expect(html).toMatch(
      /^<div class="form-group-radio"[^>]*>\s*<input type="radio" class="form-radio" id="kind-explanation" name="kind" value="explanation" checked[^>]*>\s*<label class="form-label" for="kind-explanation"[^>]*>En forklaring<\/label>\s*<\/div>$/,
    );
    expect(attributesOf(html, 'input', 'kind-explanation')).not.toHaveProperty('aria-describedby');
  });

  it('a checkbox with a hint is described by it; disabled and required pass through', async () => {
    const html = await container.renderToString(Choice, {
      props: {
        type: 'checkbox',
        id: 'system-sygedagpenge',
        name: 'system',
        value: 'sygedagpenge',
        hint: 'Slået til siden 1. maj',
        disabled: true,
        required: true,
      },
      slots: { default: 'Sygedagpenge' },
      locals: locals('da'),
    });
    expect(html).toContain('<div class="form-group-checkbox"');
    const input = attributesOf(html, 'input', 'system-sygedagpenge');
    expect(input).toMatchObject({ class: 'form-checkbox', 'aria-describedby': 'system-sygedagpenge-hint' });
    expect(input).toHaveProperty('disabled');
    expect(input).toHaveProperty('required');
    expect(input).not.toHaveProperty('checked');
    expect(html).toMatch(
      /<\/label>\s*<span class="form-hint" id="system-sygedagpenge-hint"[^>]*>\s*Slået til siden 1\. maj\s*<\/span>/,
    );
  });

  it('a hint with markup comes from the hint slot', async () => {
    const html = await container.renderToString(Choice, {
      props: { type: 'radio', id: 'choice-1', name: 'choice', value: '1' },
      slots: { default: 'Amira', hint: 'Se sager<br>Du handler for hende nu' },
      locals: locals('da'),
    });
    expect(attributesOf(html, 'input', 'choice-1')['aria-describedby']).toBe('choice-1-hint');
    expect(html).toMatch(
      /<span class="form-hint" id="choice-1-hint"[^>]*>\s*Se sager<br>Du handler for hende nu/,
    );
  });

  it('a group of radios: plain (no frame) when asked, focusable for the error summary, described by its hint and error', async () => {
    const html = await container.renderToString(FieldGroup, {
      props: {
        id: 'uses',
        legend: 'Hvilke brug af AI?',
        hint: 'Vælg mindst én',
        error: 'Vælg mindst én brug',
        framed: false,
        focusable: true,
      },
      locals: locals('en'),
    });
    const fieldset = attributesOf(html, 'fieldset', 'uses');
    expect(fieldset['class']?.split(' ').sort()).toEqual(['form-error', 'form-group']);
    expect(fieldset).toMatchObject({ tabindex: '-1', 'aria-describedby': 'uses-hint uses-error' });
    expect(html).toMatch(
      /<span class="form-error-message" id="uses-error"[^>]*>\s*<span class="sr-only"[^>]*>Error: <\/span>\s*Vælg mindst én brug/,
    );
  });

  it('a group is framed and not focusable by default, and nested groups are never framed', async () => {
    const framed = await container.renderToString(FieldGroup, {
      props: { id: 'f-risks', legend: 'Risici' },
      locals: locals('da'),
    });
    const fieldset = attributesOf(framed, 'fieldset', 'f-risks');
    expect(fieldset['class']?.split(' ').sort()).toEqual(['field-group', 'form-group']);
    expect(fieldset).not.toHaveProperty('tabindex');
    expect(fieldset).not.toHaveProperty('aria-describedby');
    const nested = await container.renderToString(FieldGroup, {
      props: { legend: 'Risiko 1', nested: true },
      locals: locals('da'),
    });
    expect(nested).toMatch(/<fieldset class="form-group field-group-nested"/);
  });

  it('a select: form-select under a form-label, the chosen option selected, invalid and described when in error', async () => {
    const html = await container.renderToString(SelectField, {
      props: {
        id: 'filter-status',
        name: 'status',
        label: 'Status',
        value: 'received',
        options: [
          { value: 'open', label: 'Åbne' },
          { value: 'received', label: 'Modtaget' },
        ],
        error: 'Vælg en status',
      },
      locals: locals('da'),
    });
    expect(html).toMatch(
      /<div class="form-group form-error"[^>]*>\s*<label class="form-label" for="filter-status"/,
    );
    expect(attributesOf(html, 'select', 'filter-status')).toMatchObject({
      class: 'form-select',
      name: 'status',
      'aria-invalid': 'true',
      'aria-describedby': 'filter-status-error',
    });
    expect(html).toMatch(
      /<option value="open"[^>]*>Åbne<\/option>\s*<option value="received" selected[^>]*>Modtaget/,
    );
    expect(html).toMatch(/<span class="sr-only"[^>]*>Fejl: <\/span>/);
  });

  it('a select with no value selects the option whose value is empty ("all")', async () => {
    const html = await container.renderToString(SelectField, {
      props: {
        id: 'register-area',
        name: 'area',
        label: 'Sagsområde',
        value: undefined,
        options: [
          { value: '', label: 'Alle' },
          { value: 'sickness_benefit', label: 'Sygedagpenge' },
        ],
      },
      locals: locals('da'),
    });
    // Astro writes value="" as a bare `value`, which HTML reads as the empty string.
    expect(html).toMatch(
      /<option value(="")? selected[^>]*>Alle<\/option>\s*<option value="sickness_benefit"(?! selected)[^>]*>/,
    );
    expect(attributesOf(html, 'select', 'register-area')).not.toHaveProperty('aria-describedby');
  });

  it('a text field takes DKFDS width classes and the attributes a CPR number field needs', async () => {
    const html = await container.renderToString(TextField, {
      props: {
        id: 'lookup-cpr',
        name: 'cpr',
        label: 'CPR',
        value: '',
        hint: '10 cifre',
        width: 'char-11',
        inputmode: 'numeric',
        autocomplete: 'off',
        spellcheck: false,
        maxlength: 11,
        required: true,
      },
      locals: locals('da'),
    });
    expect(attributesOf(html, 'input', 'lookup-cpr')).toMatchObject({
      class: 'form-input input-char-11',
      type: 'text',
      inputmode: 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      maxlength: '11',
      required: '',
      'aria-describedby': 'lookup-cpr-hint',
    });
    const textarea = await container.renderToString(TextField, {
      props: { id: 'message', name: 'message', label: 'Besked', value: 'Hej', rows: 6, maxlength: 4000 },
      locals: locals('da'),
    });
    expect(attributesOf(textarea, 'textarea', 'message')).toMatchObject({
      class: 'form-input',
      maxlength: '4000',
      rows: '6',
    });
    expect(attributesOf(textarea, 'textarea', 'message')).not.toHaveProperty('required');
  });
});
