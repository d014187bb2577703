/**
 * The front desk's look-up of a citizen: why a member of staff may look (the purpose), what the
 * look-up form must hold, and the rule that a look-up is limited per member of staff. Every look-up
 * is recorded and shown to the citizen (§2 stk. 2: access control and logging).
 */
import { z } from 'zod';
import { parseCpr } from './cpr.ts';

/** Why a member of staff looks a citizen up: at the desk, on the phone, a letter, or something else. */
export const LOOKUP_PURPOSES = ['desk', 'phone', 'written', 'other'] as const;
export const lookupPurposeSchema = z.enum(LOOKUP_PURPOSES);
export type LookupPurpose = z.infer<typeof lookupPurposeSchema>;

/** At most this many look-ups per member of staff within the window: a brake on browsing. */
export const LOOKUP_RATE_LIMIT = { max: 30, windowMinutes: 10 } as const;

/** The longest purpose text for "other"; it is shown to the citizen, so it stays a short reason. */
export const PURPOSE_TEXT_MAX = 200;

/** Anything shaped like a CPR number (with or without the dash), anywhere in a text. */
const CPR_LIKE = /(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])/;

/** Whether a text holds something shaped like a CPR number. */
export function containsCprLike(text: string): boolean {
  return CPR_LIKE.test(text);
}

export const LOOKUP_ERROR_CODES = [
  'cpr_required',
  'cpr_format',
  'cpr_date',
  'purpose_required',
  'purpose_text_required',
  'purpose_text_too_long',
  'purpose_text_has_cpr',
] as const;
const lookupErrorCodeSchema = z.enum(LOOKUP_ERROR_CODES);
export type LookupErrorCode = z.infer<typeof lookupErrorCodeSchema>;
export const LOOKUP_FIELDS = ['cpr', 'purpose', 'purposeText'] as const;
const lookupFieldSchema = z.enum(LOOKUP_FIELDS);
export type LookupField = z.infer<typeof lookupFieldSchema>;

/** A message for one field of the form (a key in the translations). */
export interface LookupFieldError {
  readonly field: LookupField;
  readonly code: LookupErrorCode;
}

/** A valid look-up: the CPR number in its compact form, the purpose, and the text for "other". */
export interface LookupRequest {
  readonly cpr: string;
  readonly purpose: LookupPurpose;
  /** Only for "other"; null otherwise. */
  readonly purposeText: string | null;
}

/** What the member of staff typed, to show the form again with the errors. */
export interface LookupFormValues {
  readonly cpr: string;
  readonly purpose: string;
  readonly purposeText: string;
}

// Every check is in one refinement, so a form with several mistakes gets every message at once.
const lookupFormSchema = z
  .object({ cpr: z.string().trim(), purpose: z.string().trim(), purposeText: z.string().trim() })
  .superRefine((form, ctx) => {
    const issue = (field: LookupField, message: LookupErrorCode): void => {
      ctx.addIssue({ code: 'custom', path: [field], message });
    };
    if (form.cpr === '') issue('cpr', 'cpr_required');
    else {
      const cpr = parseCpr(form.cpr);
      if (!cpr.ok) issue('cpr', cpr.error === 'format' ? 'cpr_format' : 'cpr_date');
    }
    const purpose = lookupPurposeSchema.safeParse(form.purpose);
    if (!purpose.success) issue('purpose', 'purpose_required');
    else if (purpose.data === 'other') {
      if (form.purposeText === '') issue('purposeText', 'purpose_text_required');
      else if (form.purposeText.length > PURPOSE_TEXT_MAX) issue('purposeText', 'purpose_text_too_long');
      // The text is shown to the citizen and kept for years: no CPR numbers in it.
      else if (containsCprLike(form.purposeText)) issue('purposeText', 'purpose_text_has_cpr');
    }
  });

function toFieldError(path: readonly PropertyKey[], message: string): LookupFieldError | undefined {
  const field = lookupFieldSchema.safeParse(path[0]);
  const code = lookupErrorCodeSchema.safeParse(message);
  return field.success && code.success ? { field: field.data, code: code.data } : undefined;
}

export type LookupFormResult =
  | { readonly ok: true; readonly lookup: LookupRequest }
  | { readonly ok: false; readonly errors: readonly LookupFieldError[]; readonly values: LookupFormValues };

/**
 * Reads the look-up form: the CPR number (format and a real date, `parseCpr`), a purpose, and for
 * "other" a short text without CPR numbers. Errors come back per field, at most one a field.
 */
export function parseLookupForm(input: {
  readonly cpr: string;
  readonly purpose: string;
  readonly purposeText: string;
}): LookupFormResult {
  const values: LookupFormValues = { cpr: input.cpr, purpose: input.purpose, purposeText: input.purposeText };
  const parsed = lookupFormSchema.safeParse(values);
  if (!parsed.success) {
    const errors: LookupFieldError[] = [];
    for (const issue of parsed.error.issues) {
      const error = toFieldError(issue.path, issue.message);
      if (error && !errors.some((e) => e.field === error.field)) errors.push(error);
    }
    return { ok: false, errors, values };
  }
  const cpr = parseCpr(parsed.data.cpr);
  const purpose = lookupPurposeSchema.safeParse(parsed.data.purpose);
  // Both hold after the refinement above; checked again so the types say so.
  if (!cpr.ok || !purpose.success) {
    return { ok: false, errors: [{ field: 'cpr', code: 'cpr_format' }], values };
  }
  return {
    ok: true,
    lookup: {
      cpr: cpr.cpr,
      purpose: purpose.data,
      purposeText: purpose.data === 'other' ? parsed.data.purposeText : null,
    },
  };
}

/**
 * The purpose as the staff session keeps it (one string): the code, or `other:` and the text.
 * The session holds what the banner shows, so the banner needs no query.
 */
export function encodeSessionPurpose(purpose: LookupPurpose, purposeText: string | null): string {
  return purpose === 'other' ? `other:${purposeText ?? ''}` : purpose;
}

/** The purpose back from the staff session's string (an unknown string reads as "other" with that text). */
export function decodeSessionPurpose(value: string): { purpose: LookupPurpose; purposeText: string | null } {
  if (value.startsWith('other:')) return { purpose: 'other', purposeText: value.slice('other:'.length) };
  const code = lookupPurposeSchema.safeParse(value);
  return code.success && code.data !== 'other'
    ? { purpose: code.data, purposeText: null }
    : { purpose: 'other', purposeText: value };
}
