/**
 * Issue 15: the citizen's case page is served again as rendered while the case row read on the
 * request says nothing it shows has changed (src/cases/page-cache.ts). Every kind of change to what
 * the page shows — an event, its system's or data source's English name, an event's source, a
 * decision, the case's header, the municipality's contact, an AI-use letter sent, a deleted or an
 * added row — gives another key on the very next read, on both stores; and the viewer, language and
 * address are part of the key.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casePageKey, type CasePageKey, type CasePageViewer } from '../../src/cases/page-cache.ts';
import { CASE_CONTENT_VERSIONS_SQL, DECISIONS_SQL, EVENTS_SQL, readCaseRow } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen, type GeneratedCase } from '../../src/demo/world.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

const SEEDED = 8;

const SUITABLE = Array.from({ length: SEEDED }, (_, i) => generateCitizen(i)).flatMap((generated) =>
  generated.cases
    .filter(
      (c) => c.events.length > 1 && c.decisions.length > 0 && c.events.some((e) => e.sources.length > 0),
    )
    .map((target) => ({ citizen: generated.citizen, target })),
);

function viewerOf(
  citizen: { cpr: string; givenName: string; familyName: string },
  overrides: Partial<CasePageViewer> = {},
): CasePageViewer {
  return {
    locale: 'da',
    citizen: { cpr: citizen.cpr, name: `${citizen.givenName} ${citizen.familyName}`, powers: [] },
    path: '/mine-sager/x',
    search: '',
    branding: { name: 'Egebæk Kommune' },
    ...overrides,
  };
}

it('names in its version every table the events and decisions queries read', () => {
  const tables = (sql: string): string[] =>
    [...sql.matchAll(/\b(?:from|join)\s+((?:audit|portal)\.[a-z_"]+)/g)].map((m) => m[1]!);
  const read = new Set([...tables(EVENTS_SQL), ...tables(DECISIONS_SQL)]);
  expect([...read].sort()).toEqual([
    'audit.ai_event',
    'audit.ai_event_source',
    'audit.ai_system',
    'audit.data_source',
    'audit.decision',
  ]);
  for (const table of read) expect(tables(CASE_CONTENT_VERSIONS_SQL), table).toContain(table);
});

describe.each(STORES)('the case page key on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, SEEDED);
  });
  afterAll(async () => {
    await db.close();
  });

  /** Changes the store as its owner, past the append-only triggers. */
  const tamper = (sql: string, params: unknown[]): Promise<void> => tamperAsOwner(db, sql, params);

  async function keyOf(index: number, overrides: Partial<CasePageViewer> = {}): Promise<CasePageKey> {
    const { citizen, target } = SUITABLE[index]!;
    const row = await readCaseRow(db, citizen.cpr, target.row.id);
    if (!row) throw new Error('case not found');
    return casePageKey(target.row.id, row, viewerOf(citizen, overrides));
  }

  /** The key before and after `change`: the slot is the same, the version is not. */
  async function changes(index: number, change: (caseId: string, target: GeneratedCase) => Promise<void>) {
    const before = await keyOf(index);
    expect(await keyOf(index)).toEqual(before); // nothing changed: the same key
    await change(SUITABLE[index]!.target.row.id, SUITABLE[index]!.target);
    const after = await keyOf(index);
    expect(after.slot).toBe(before.slot);
    expect(after.version).not.toBe(before.version);
  }

  it('changes with every event, source, system and decision the page shows', async () => {
    await changes(0, (caseId, target) =>
      tamper(`update audit.ai_event set output = 'Omskrevet.' where case_id = $1 and seq = $2`, [
        caseId,
        target.events[0]!.seq,
      ]),
    );
    await changes(0, (caseId, target) =>
      tamper(
        `update audit.ai_event_source set source_name = 'Et andet register'
          where ai_event_id = (select id from audit.ai_event where case_id = $1 and seq = $2)`,
        [caseId, target.events.find((e) => e.sources.length > 0)!.seq],
      ),
    );
    await changes(0, (caseId, target) =>
      tamper(
        `update audit.data_source set name_en = 'Another register' where id in (
           select s.data_source_id from audit.ai_event_source s join audit.ai_event e on e.id = s.ai_event_id
            where e.case_id = $1 and e.seq = $2)`,
        [caseId, target.events.find((e) => e.sources.length > 0)!.seq],
      ),
    );
    await changes(0, (caseId, target) =>
      tamper(
        `update audit.ai_system set name_en = 'Another name' where id = (
           select system_id from audit.ai_event where case_id = $1 and seq = $2)`,
        [caseId, target.events[0]!.seq],
      ),
    );
    await changes(0, (caseId, target) =>
      tamper(`update audit.decision set reasons = 'Omskrevet.' where case_id = $1 and seq = $2`, [
        caseId,
        target.decisions[0]!.seq,
      ]),
    );
  });

  it('changes with a deleted or an added event or decision', async () => {
    await changes(1, (caseId, target) =>
      tamper(`delete from audit.decision where case_id = $1 and seq = $2`, [
        caseId,
        target.decisions.at(-1)!.seq,
      ]),
    );
    await changes(1, (caseId, target) =>
      tamper(
        `delete from audit.ai_event_source where ai_event_id = (
                select id from audit.ai_event where case_id = $1 and seq = $2)`,
        [caseId, target.events.find((e) => e.sources.length > 0)!.seq],
      ),
    );
    await changes(1, (caseId) =>
      tamper(
        `insert into audit.ai_event
         select (jsonb_populate_record(null::audit.ai_event,
                   to_jsonb(e) || jsonb_build_object('id', e.id + 100000000, 'seq', e.seq + 100))).*
           from audit.ai_event e where e.case_id = $1 order by e.seq desc limit 1`,
        [caseId],
      ),
    );
  });

  it('changes with the case’s header, the municipality’s contact and an AI-use letter', async () => {
    await changes(2, (caseId) =>
      tamper(`update audit."case" set title = 'En anden titel' where id = $1`, [caseId]),
    );
    await changes(2, (caseId) =>
      tamper(
        `update audit.municipality set contact_phone = '+45 11 22 33 44'
          where code = (select municipality_code from audit."case" where id = $1)`,
        [caseId],
      ),
    );
    const letter = randomUUID();
    await changes(2, (caseId) =>
      db
        .query(
          `insert into portal.outbox_message (message_uuid, kind, recipient_cpr, sender_cvr, label, memo_xml, case_id)
           values ($1, 'ai_use_notice', $2, '12345678', 'Brev', '<x/>', $3)`,
          [letter, SUITABLE[2]!.citizen.cpr, caseId],
        )
        .then(() => undefined),
    );
    await changes(2, () =>
      db
        .query(`update portal.outbox_message set status = 'sent', sent_at = now() where message_uuid = $1`, [
          letter,
        ])
        .then(() => undefined),
    );
  });

  it('is another copy for another viewer, language, address or representative', async () => {
    const base = await keyOf(3);
    const other = [
      await keyOf(3, { locale: 'en', path: '/en/mine-sager/x' }),
      await keyOf(3, { citizen: { ...viewerOf(SUITABLE[3]!.citizen).citizen, name: 'Et andet navn' } }),
      await keyOf(3, { citizen: { ...viewerOf(SUITABLE[3]!.citizen).citizen, powers: [{}] } }),
      await keyOf(3, { search: '?a=1' }),
      await keyOf(3, { branding: { name: 'Anden Kommune' } }),
      await keyOf(3, { representative: { actorPseudonym: 'rep' } }),
    ];
    for (const key of other) expect(key.version).not.toBe(base.version);
    expect(other[0]!.slot).not.toBe(base.slot);
    expect(other.at(-1)!.slot).not.toBe(base.slot);
  });

  it('reads no case that is not the citizen’s', async () => {
    const mine = SUITABLE[0]!;
    const someoneElse = SUITABLE.find((s) => s.citizen.cpr !== mine.citizen.cpr)!;
    expect(await readCaseRow(db, mine.citizen.cpr, someoneElse.target.row.id)).toBeUndefined();
  });
});
