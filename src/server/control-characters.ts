/**
 * The boundary check every request body passes before any route parses it (issue 10): no NUL or
 * other control character in a form field or a JSON string. PostgreSQL refuses NUL in text (a 500,
 * and the failing statement in the server's log), and no field of ours has a use for the others.
 * Tab, line feed and carriage return are allowed, since textareas carry them; single-line fields are
 * trimmed and checked by their own schemas.
 */

/** C0 controls except tab, LF and CR; DEL; C1 controls. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** The same characters written as JSON escapes. */
const FORBIDDEN_JSON_ESCAPE = /\\u(000[0-8bcef]|001[0-9a-f]|007f|008[0-9a-f]|009[0-9a-f])/i;

/** Whether a text holds a character no field accepts. */
export function hasControlCharacters(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** The names of the form fields (and file names) that hold a forbidden character. */
export function fieldsWithControlCharacters(form: FormData): string[] {
  const fields = new Set<string>();
  for (const [name, value] of form) {
    const text = typeof value === 'string' ? value : value.name;
    if (hasControlCharacters(name) || hasControlCharacters(text)) fields.add(name);
  }
  return [...fields];
}

/** Whether a JSON text holds a forbidden character, raw or escaped. */
export function jsonHasControlCharacters(text: string): boolean {
  return FORBIDDEN.test(text) || FORBIDDEN_JSON_ESCAPE.test(text);
}

export type BodyCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly kind: 'form'; readonly fields: readonly string[] }
  | { readonly ok: false; readonly kind: 'json' };

/**
 * Checks a request's body (a form or JSON) without consuming it: the route reads the original.
 * Bodies of other types, and bodies that do not parse, are left to the route to refuse.
 */
export async function checkRequestBody(request: Request): Promise<BodyCheck> {
  if (request.method === 'GET' || request.method === 'HEAD' || !request.body) return { ok: true };
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
    const form = await request
      .clone()
      .formData()
      .catch(() => undefined);
    if (!form) return { ok: true };
    const fields = fieldsWithControlCharacters(form);
    return fields.length === 0 ? { ok: true } : { ok: false, kind: 'form', fields };
  }
  if (/^application\/([\w.+-]+\+)?json/.test(type)) {
    const text = await request
      .clone()
      .text()
      .catch(() => '');
    return jsonHasControlCharacters(text) ? { ok: false, kind: 'json' } : { ok: true };
  }
  return { ok: true };
}
