import { describe, expect, it } from 'vitest';
import {
  checkRequestBody,
  fieldsWithControlCharacters,
  jsonHasControlCharacters,
} from '../../src/server/control-characters.ts';

const post = (body: string, type: string): Request =>
  new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': type }, body });

describe('the boundary check on request bodies', () => {
  it('names every form field with a NUL or other control character, and lets tab and newlines through', () => {
    const form = new FormData();
    form.append('message', 'Linje 1\r\nLinje 2\tmed tab');
    form.append('cpr', '010160\u00000006');
    form.append('purposeText', 'escape \u001b[31m');
    form.append('name', 'DEL \u007f');
    form.append('c1', 'next line \u0085');
    expect(fieldsWithControlCharacters(form)).toEqual(['cpr', 'purposeText', 'name', 'c1']);
  });

  it('finds NUL in JSON raw or escaped, and leaves escaped newlines alone', () => {
    expect(jsonHasControlCharacters('{"a":"\\u0000"}')).toBe(true);
    expect(jsonHasControlCharacters('{"a":"\\u001B"}')).toBe(true);
    expect(jsonHasControlCharacters('{"a":"x\u0000"}')).toBe(true);
    expect(jsonHasControlCharacters('{"a":"line\\nnext\\u000a\\t"}')).toBe(false);
  });

  it('checks urlencoded, multipart and JSON bodies without consuming them', async () => {
    const form = post('message=a%00b&kind=explanation', 'application/x-www-form-urlencoded');
    expect(await checkRequestBody(form)).toEqual({ ok: false, kind: 'form', fields: ['message'] });
    expect((await form.formData()).get('kind')).toBe('explanation');
    const json = post('{"records":[{"k":"\\u0000"}]}', 'application/json; charset=utf-8');
    expect(await checkRequestBody(json)).toEqual({ ok: false, kind: 'json' });
    expect(await json.text()).toContain('records');
    expect(
      await checkRequestBody(
        post('kind=explanation&message=Hej%0D%0Ada', 'application/x-www-form-urlencoded'),
      ),
    ).toEqual({
      ok: true,
    });
    expect(await checkRequestBody(new Request('http://localhost/x'))).toEqual({ ok: true });
  });
});
