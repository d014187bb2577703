import { describe, expect, it } from 'vitest';
import { stateFromSteps, allowedActions, type RequestStep } from '../../src/domain/citizen-request.ts';
import { offeredKinds, parseCaseworkerForm, parseCitizenRequestForm } from '../../src/requests/forms.ts';

const form = (fields: Record<string, string | string[]>): FormData => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  }
  return data;
};

const USES = [
  { seq: 1, sourceIds: ['cpr', 'eindkomst'] },
  { seq: 2, sourceIds: ['medical_certificates'] },
];

describe('the citizen’s request form', () => {
  it('offers explanation, objection and correction only where AI was used', () => {
    expect(offeredKinds(true)).toEqual(['explanation', 'reassessment', 'objection', 'correction']);
    expect(offeredKinds(false)).toEqual(['reassessment']);
    const noAi = parseCitizenRequestForm(form({ kind: 'explanation', message: 'Hvorfor?' }), []);
    expect(noAi.ok || noAi.errors).toEqual({ kind: 'kind' });
  });

  it('asks which AI use an explanation or objection is about, and accepts only the case’s own uses', () => {
    const none = parseCitizenRequestForm(form({ kind: 'objection', message: 'Nej tak.' }), USES);
    expect(none.ok || none.errors).toEqual({ uses: 'uses_empty' });
    const unknown = parseCitizenRequestForm(
      form({ kind: 'objection', uses: ['1', '9'], message: 'x' }),
      USES,
    );
    expect(unknown.ok || unknown.errors).toEqual({ uses: 'uses_unknown' });
    const ok = parseCitizenRequestForm(
      form({ kind: 'explanation', uses: ['2', '1', '2'], message: ' Hvorfor? ' }),
      USES,
    );
    expect(ok).toEqual({
      ok: true,
      value: { kind: 'explanation', message: 'Hvorfor?', eventSeqs: [2, 1], dataSourceId: null },
    });
  });

  it('takes a correction per data source of one AI use', () => {
    const ok = parseCitizenRequestForm(
      form({ kind: 'correction', source: '1:eindkomst', message: 'Forkert løn.' }),
      USES,
    );
    expect(ok).toEqual({
      ok: true,
      value: { kind: 'correction', message: 'Forkert løn.', eventSeqs: [1], dataSourceId: 'eindkomst' },
    });
    const wrongSource = parseCitizenRequestForm(
      form({ kind: 'correction', source: '2:eindkomst', message: 'x' }),
      USES,
    );
    expect(wrongSource.ok || wrongSource.errors).toEqual({ source: 'source_empty' });
  });

  it('refuses an empty or overlong message and NUL bytes by the field, and gives back what was typed', () => {
    const empty = parseCitizenRequestForm(form({ kind: 'reassessment', message: '   ' }), USES);
    expect(empty.ok || empty.errors).toEqual({ message: 'message_empty' });
    const long = parseCitizenRequestForm(form({ kind: 'reassessment', message: 'a'.repeat(4001) }), USES);
    expect(long.ok || long.errors).toEqual({ message: 'message_too_long' });
    const nul = parseCitizenRequestForm(form({ kind: 'reassessment', message: 'Hej\u0000du' }), USES);
    expect(nul.ok ? null : [nul.errors, nul.values.message]).toEqual([
      { message: 'message_control_chars' },
      'Hej\u0000du',
    ]);
  });
});

describe('the caseworker’s forms', () => {
  it('requires a reason and one or two months to extend', () => {
    expect(
      parseCaseworkerForm(form({ action: 'extend', months: '3', reason: '' }), 'explanation'),
    ).toMatchObject({
      ok: false,
      action: 'extend',
      errors: { months: 'months', reason: 'empty' },
    });
    expect(
      parseCaseworkerForm(form({ action: 'extend', months: '2', reason: 'Udtalelse.' }), 'explanation'),
    ).toEqual({
      ok: true,
      value: { action: 'extend', months: 2, reason: 'Udtalelse.' },
    });
  });

  it('requires, for a re-assessment, the human who re-assessed and the outcome (§1 stk. 6)', () => {
    expect(parseCaseworkerForm(form({ action: 'answer', text: 'Svar.' }), 'reassessment')).toMatchObject({
      ok: false,
      errors: { reassessedBy: 'empty', outcome: 'outcome' },
    });
    expect(
      parseCaseworkerForm(
        form({ action: 'answer', text: 'Svar.', reassessedBy: 'Thomas Bach', outcome: 'unchanged' }),
        'reassessment',
      ),
    ).toEqual({
      ok: true,
      value: { action: 'answer', text: 'Svar.', reassessedBy: 'Thomas Bach', outcome: 'unchanged' },
    });
  });

  it('refuses an overlong answer, NUL bytes and an unknown action', () => {
    expect(
      parseCaseworkerForm(form({ action: 'answer', text: 'a'.repeat(8001) }), 'objection'),
    ).toMatchObject({
      ok: false,
      errors: { text: 'too_long' },
      values: { text: 'a'.repeat(8001) },
    });
    expect(parseCaseworkerForm(form({ action: 'refuse', reason: 'Nej\u0000' }), 'objection')).toMatchObject({
      ok: false,
      errors: { reason: 'control_chars' },
    });
    expect(parseCaseworkerForm(form({ action: 'delete' }), 'objection')).toMatchObject({
      ok: false,
      action: null,
    });
  });
});

describe('what may happen to a request', () => {
  const step = (
    seq: number,
    action: RequestStep['action'],
    details: RequestStep['details'],
  ): RequestStep => ({
    requestId: 'r',
    seq,
    action,
    occurredAt: new Date('2026-11-01T10:00:00Z'),
    actor: null,
    details,
    prevHash: null,
    hash: '0'.repeat(64),
  });
  const receipt = step(1, 'received', {
    reference: 'ANM-2026-000001',
    kind: 'correction',
    caseId: 'c',
    eventSeqs: [1],
    dataSourceId: 'eindkomst',
    message: 'x',
    deadline: '2026-12-01',
    unit: 'U',
  });

  it('takes, extends once, forwards a correction once, and closes on an answer or refusal', () => {
    const received = stateFromSteps([receipt])!;
    expect(allowedActions(received)).toEqual(['take', 'extend', 'forward', 'answer', 'refuse']);
    const extended = stateFromSteps([receipt, step(2, 'extended', { reason: 'r', deadline: '2027-02-01' })])!;
    expect(extended).toMatchObject({ status: 'in_progress', deadline: '2027-02-01', extended: true });
    expect(allowedActions(extended)).toEqual(['forward', 'answer', 'refuse']);
    const forwarded = stateFromSteps([
      receipt,
      step(2, 'forwarded', { dataSourceId: 'eindkomst', recipient: 'Skattestyrelsen', note: '' }),
    ])!;
    expect(allowedActions(forwarded)).toEqual(['extend', 'answer', 'refuse']);
    const refused = stateFromSteps([receipt, step(2, 'refused', { reasons: 'r' })])!;
    expect(allowedActions(refused)).toEqual([]);
  });

  it('has no state when the first step is not a well-formed receipt', () => {
    expect(stateFromSteps([])).toBeNull();
    expect(stateFromSteps([step(1, 'taken', { unit: 'U' })])).toBeNull();
    expect(stateFromSteps([step(1, 'received', { kind: 'explanation' })])).toBeNull();
  });
});
