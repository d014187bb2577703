/**
 * The request loop's forms, parsed at the boundary: what the citizen asks for, and each caseworker
 * action. Each parser returns the value or, per field, an error code (a key under `errors.` in
 * locales/{da,en}/requests.json) together with what was typed, so the page shows it again.
 */
import { z } from 'zod';
import {
  AI_ONLY_KINDS,
  ANSWER_MAX,
  MESSAGE_MAX,
  REASON_MAX,
  requestKindSchema,
  textField,
  type CaseworkerInput,
  type RequestKind,
} from '../domain/citizen-request.ts';
import type { NewRequest } from '../db/requests.ts';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type Parsed<T, F extends string, V> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: FieldErrors<F>; readonly values: V };

/** A string field of a form ('' when missing or a file). */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The one way a route reads a posted form (src/server/forms.ts). */
export { readForm } from '../server/forms.ts';

function firstIssue(result: z.ZodSafeParseResult<unknown>): string {
  return result.success ? 'invalid' : (result.error.issues[0]?.message ?? 'invalid');
}

/** An AI use of the case with its data sources, as the form offers them. */
export interface OfferedUse {
  readonly seq: number;
  readonly sourceIds: readonly string[];
}

export type CitizenField = 'kind' | 'uses' | 'source' | 'message';

/** What the citizen typed, as shown again when the form is refused. */
export interface CitizenFormValues {
  readonly kind: string;
  readonly uses: readonly string[];
  readonly source: string;
  readonly message: string;
}

/** The kinds a case offers: explanation, objection and correction only where AI was used on it. */
export function offeredKinds(hasAi: boolean): RequestKind[] {
  return requestKindSchema.options.filter((k) => hasAi || !AI_ONLY_KINDS.includes(k));
}

/**
 * The citizen's request form: a kind the case offers; for an explanation or objection, at least one
 * of the case's AI uses ("which use do you mean?"); for a correction, one data source of one use
 * (`<seq>:<source id>`); and a message.
 */
export function parseCitizenRequestForm(
  form: FormData,
  uses: readonly OfferedUse[],
): Parsed<NewRequest, CitizenField, CitizenFormValues> {
  const values: CitizenFormValues = {
    kind: formText(form, 'kind'),
    uses: form.getAll('uses').filter((v): v is string => typeof v === 'string'),
    source: formText(form, 'source'),
    message: formText(form, 'message'),
  };
  const errors: FieldErrors<CitizenField> = {};
  const kinds = offeredKinds(uses.length > 0);
  const kind = kinds.find((k) => k === values.kind);
  if (!kind) errors.kind = 'kind';

  const known = new Map(uses.map((u) => [u.seq, u]));
  const seqs = [...new Set(values.uses.map(Number))];
  // A repeated box is harmless; hundreds of values are not a person ticking boxes.
  if (values.uses.length > 100 || seqs.some((s) => !known.has(s))) errors.uses = 'uses_unknown';
  else if ((kind === 'explanation' || kind === 'objection') && seqs.length === 0) errors.uses = 'uses_empty';

  let dataSourceId: string | null = null;
  let correctionSeq: number | null = null;
  if (kind === 'correction') {
    const match = /^(\d{1,9}):([a-z0-9_]{1,64})$/.exec(values.source);
    const use = match ? known.get(Number(match[1])) : undefined;
    if (!match || !use || !use.sourceIds.includes(match[2] ?? '')) errors.source = 'source_empty';
    else {
      dataSourceId = match[2] ?? null;
      correctionSeq = use.seq;
    }
  }

  const message = textField(MESSAGE_MAX).safeParse(values.message);
  // The message's own wording ("Skriv en besked."), not the generic field's.
  if (!message.success) errors.message = `message_${firstIssue(message)}`;

  if (!kind || Object.keys(errors).length > 0 || !message.success) return { ok: false, errors, values };
  return {
    ok: true,
    value: {
      kind,
      message: message.data,
      // A correction concerns the use whose data source is chosen; a re-assessment may name none.
      eventSeqs: kind === 'correction' && correctionSeq !== null ? [correctionSeq] : seqs,
      dataSourceId,
    },
  };
}

export type CaseworkerField = 'months' | 'reason' | 'text' | 'reassessedBy' | 'outcome' | 'note';

/** What a caseworker typed into one action's form. */
export type CaseworkerFormValues = Readonly<Record<CaseworkerField, string>>;

export type CaseworkerParsed =
  | { readonly ok: true; readonly value: CaseworkerInput }
  | {
      readonly ok: false;
      readonly action: CaseworkerInput['action'] | null;
      readonly errors: FieldErrors<CaseworkerField>;
      readonly values: CaseworkerFormValues;
    };

const NAME_MAX = 200;

/**
 * One caseworker action from its form (`action` names it). An answer to a re-assessment must name
 * the human who re-assessed the case and the outcome (§1 stk. 6, GDPR art. 22(3)).
 */
export function parseCaseworkerForm(form: FormData, kind: RequestKind): CaseworkerParsed {
  const values: CaseworkerFormValues = {
    months: formText(form, 'months'),
    reason: formText(form, 'reason'),
    text: formText(form, 'text'),
    reassessedBy: formText(form, 'reassessedBy'),
    outcome: formText(form, 'outcome'),
    note: formText(form, 'note'),
  };
  const action = z
    .enum(['take', 'extend', 'forward', 'answer', 'refuse'])
    .safeParse(formText(form, 'action'));
  if (!action.success) return { ok: false, action: null, errors: {}, values };
  const errors: FieldErrors<CaseworkerField> = {};
  const refuse = (): CaseworkerParsed => ({ ok: false, action: action.data, errors, values });

  switch (action.data) {
    case 'take':
      return { ok: true, value: { action: 'take' } };
    case 'extend': {
      const months = values.months === '1' ? 1 : values.months === '2' ? 2 : null;
      if (months === null) errors.months = 'months';
      const reason = textField(REASON_MAX).safeParse(values.reason);
      if (!reason.success) errors.reason = firstIssue(reason);
      if (months === null || !reason.success) return refuse();
      return { ok: true, value: { action: 'extend', months, reason: reason.data } };
    }
    case 'forward': {
      const note = textField(REASON_MAX, false).safeParse(values.note);
      if (!note.success) {
        errors.note = firstIssue(note);
        return refuse();
      }
      return { ok: true, value: { action: 'forward', note: note.data } };
    }
    case 'answer': {
      const text = textField(ANSWER_MAX).safeParse(values.text);
      if (!text.success) errors.text = firstIssue(text);
      if (kind !== 'reassessment') {
        if (!text.success) return refuse();
        return { ok: true, value: { action: 'answer', text: text.data, reassessedBy: null, outcome: null } };
      }
      const by = textField(NAME_MAX).safeParse(values.reassessedBy);
      if (!by.success) errors.reassessedBy = firstIssue(by);
      const outcome = z.enum(['changed', 'unchanged']).safeParse(values.outcome);
      if (!outcome.success) errors.outcome = 'outcome';
      if (!text.success || !by.success || !outcome.success) return refuse();
      return {
        ok: true,
        value: { action: 'answer', text: text.data, reassessedBy: by.data, outcome: outcome.data },
      };
    }
    case 'refuse': {
      const reasons = textField(REASON_MAX).safeParse(values.reason);
      if (!reasons.success) {
        errors.reason = firstIssue(reasons);
        return refuse();
      }
      return { ok: true, value: { action: 'refuse', reasons: reasons.data } };
    }
  }
}
