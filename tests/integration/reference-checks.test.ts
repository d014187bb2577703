// The references of sealed records (migration 190): AI events, their data sources and decisions are
// checked once per statement instead of by per-row foreign keys, and must still refuse what a foreign
// key refused: a record pointing at a case, member of staff, AI system version, data source or AI
// event that is not stored, and deleting or renumbering a member of staff, data source or AI system
// version a sealed record points at. Refused with SQLSTATE 23503, as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const MISSING_CASE = '00000000-0000-4000-8000-000000000000';

/** Copies a stored AI event to a new seq with `changes` (SQL expressions by column). */
function copyEvent(changes: Record<string, string> = {}): string {
  const columns = {
    case_id: 'case_id',
    seq: 'seq + 1000',
    system_id: 'system_id',
    system_name: 'system_name',
    system_version: 'system_version',
    occurred_at: 'occurred_at',
    kind: 'kind',
    purpose_code: 'purpose_code',
    output: 'output',
    staff_id: 'staff_id',
    staff_name: 'staff_name',
    staff_title: 'staff_title',
    staff_unit: 'staff_unit',
    hash: 'hash',
    ...changes,
  };
  return `insert into audit.ai_event (${Object.keys(columns).join(', ')})
    select ${Object.values(columns).join(', ')} from audit.ai_event where staff_id is not null
    order by id limit 2`;
}

async function sqlState(run: Promise<unknown>): Promise<string | null> {
  try {
    await run;
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}

describe.each(STORES)('references of sealed records on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 3);
  });
  afterAll(async () => {
    await db.close();
  });

  /** Runs `sql` in a transaction that is always rolled back; answers its SQLSTATE, or null. */
  const attempt = (sql: string): Promise<string | null> =>
    sqlState(
      db.transaction(async (tx) => {
        await tx.query(sql);
        throw Object.assign(new Error('rolled back'), { code: 'ok' });
      }),
    );

  it('writes records whose references are all stored', async () => {
    expect(await attempt(copyEvent())).toBe('ok');
  });

  it('refuses AI events naming a case, member of staff or AI system version that is not stored', async () => {
    expect(await attempt(copyEvent({ case_id: `'${MISSING_CASE}'::uuid` }))).toBe('23503');
    expect(await attempt(copyEvent({ staff_id: `'nobody'` }))).toBe('23503');
    expect(await attempt(copyEvent({ system_version: `'99.9'` }))).toBe('23503');
    // One good row beside one bad one: the statement is refused whole.
    expect(
      await attempt(
        copyEvent({ case_id: `case when seq = 1 then '${MISSING_CASE}'::uuid else case_id end` }),
      ),
    ).toBe('23503');
  });

  it('refuses an event data source or a decision pointing at nothing stored', async () => {
    const source = (event: string, sourceId: string): string =>
      `insert into audit.ai_event_source (ai_event_id, data_source_id, data_categories, source_name, source_owner)
       select ${event}, ${sourceId}, data_categories, source_name, source_owner from audit.ai_event_source limit 1`;
    expect(await attempt(source('ai_event_id', `'nowhere'`))).toBe('23503');
    expect(await attempt(source('-1', 'data_source_id'))).toBe('23503');
    const decision = (caseId: string, decidedBy: string): string =>
      `insert into audit.decision (case_id, seq, decided_at, outcome, reasons, decided_by, decided_by_name,
         decided_by_title, decided_by_unit, ai_assessment, appeal_body, appeal_deadline_weeks, hash)
       select ${caseId}, seq + 1000, decided_at, outcome, reasons, ${decidedBy}, decided_by_name,
         decided_by_title, decided_by_unit, ai_assessment, appeal_body, appeal_deadline_weeks, hash
       from audit.decision limit 1`;
    expect(await attempt(decision('case_id', 'decided_by'))).toBe('ok');
    expect(await attempt(decision(`'${MISSING_CASE}'::uuid`, 'decided_by'))).toBe('23503');
    expect(await attempt(decision('case_id', `'nobody'`))).toBe('23503');
  });

  it('refuses to delete or renumber what a sealed record refers to, and allows it for the rest', async () => {
    expect(
      await attempt(`delete from audit.staff where id = (select staff_id from audit.ai_event
                     where staff_id is not null limit 1)`),
    ).toBe('23503');
    expect(
      await attempt(`update audit.staff set id = id || '-x' where id = (select decided_by from audit.decision
                     limit 1)`),
    ).toBe('23503');
    expect(
      await attempt(`delete from audit.data_source where id = (select data_source_id from audit.ai_event_source
                     limit 1)`),
    ).toBe('23503');
    expect(
      await attempt(`delete from audit.ai_system_version v where exists (select 1 from audit.ai_event e
                     where e.system_id = v.system_id and e.system_version = v.version)`),
    ).toBe('23503');
    // A renamed member of staff keeps their id: allowed (the sealed records keep their snapshot).
    expect(
      await attempt(`update audit.staff set name = name || ' Jensen' where id = (select staff_id
                     from audit.ai_event where staff_id is not null limit 1)`),
    ).toBe('ok');
    await db.query(
      `insert into audit.staff (id, municipality_code, name, title, unit)
       select 'unused-staff', municipality_code, 'Ny', 'Fuldmægtig', 'Ydelser' from audit.staff limit 1`,
    );
    expect(await attempt(`delete from audit.staff where id = 'unused-staff'`)).toBe('ok');
  });
});
