// A record's sealed snapshots are those of the records before it in the stream: a member of staff
// renamed between two AI events of one batch is sealed under the old name by the first event and
// the new name by the second, as if each line had been sent on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { ingestLines } from '../../src/ingest/ingest-lines.ts';
import { verifyStore } from '../../src/ingest/verify-store.ts';
import { citizenRecords, linesOf } from '../helpers/ingest-records.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

describe.each(STORES)('the order of a stream’s lines, on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 4);
  });
  afterAll(async () => {
    await db.close();
  });

  it('seals each AI event with the staff member’s name as the lines before it left it, within one batch too', async () => {
    const records = citizenRecords(30_001, 'order');
    const events = records.filter((r) => r.type === 'ai_event' && typeof r['staffId'] === 'string');
    const first = events[0]!;
    const staffId = String(first['staffId']);
    const sameStaffLater = events
      .slice(1)
      .find((e) => e['staffId'] === staffId && e['caseId'] === first['caseId']);
    expect(sameStaffLater).toBeDefined();
    const { rows } = await db.query(
      'select municipality_code, name, title, unit from audit.staff where id = $1',
      [staffId],
    );
    const before = rows[0]!;
    const rename = {
      type: 'staff',
      idempotencyKey: `order:staff:${staffId}:renamed`,
      id: staffId,
      municipalityCode: String(before['municipality_code']),
      name: 'Omdøbt Medarbejder',
      title: String(before['title']),
      unit: String(before['unit']),
    };
    const at = records.indexOf(sameStaffLater!);
    const stream = [...records.slice(0, at), rename, ...records.slice(at)].map((r) => JSON.stringify(r));
    const summary = await ingestLines(db, linesOf(stream), { writtenBy: 'test:order', batchSize: 1000 });
    expect(summary.rejections).toEqual([]);
    const names = await db.query(
      `select staff_name from audit.ai_event where case_id = $1 and occurred_at = any($2::timestamptz[])
       order by seq`,
      [first['caseId'], [first['occurredAt'], sameStaffLater!['occurredAt']]],
    );
    expect(names.rows.map((r) => r['staff_name'])).toEqual([before['name'], 'Omdøbt Medarbejder']);
    expect((await verifyStore(db, { trustedKey: null })).broken).toEqual([]);
  });
});
