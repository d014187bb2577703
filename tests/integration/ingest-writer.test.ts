import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { parseIngestRecord, type IngestRecord } from '../../src/ingest/schema.ts';
import { verifyStore } from '../../src/ingest/verify-store.ts';
import { ingestBatch, writeRecords } from '../../src/ingest/writer.ts';
import {
  caseRecords,
  citizenRecords,
  documentedExample,
  type JsonRecord,
} from '../helpers/ingest-records.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

function parsed(records: readonly JsonRecord[]): IngestRecord[] {
  return records.map((r) => {
    const result = parseIngestRecord(r);
    if (!result.ok) throw new Error(result.reason);
    return result.record;
  });
}

async function storedChain(
  db: Db,
  caseId: string,
): Promise<{ seq: number; prev: string | null; hash: string }[]> {
  const { rows } = await db.query(
    `select seq, prev_hash, hash from (
       select seq, prev_hash, hash from audit.ai_event where case_id = $1
       union all select seq, prev_hash, hash from audit.decision where case_id = $1) r order by seq`,
    [caseId],
  );
  return rows.map((r) => ({
    seq: Number(r['seq']),
    prev: r['prev_hash'] as string | null,
    hash: String(r['hash']),
  }));
}

describe.each(STORES)('the ingest writer on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  it('appends a case’s events and decisions to its chain with the same hashes the seed computes', async () => {
    const generated = generateCitizen(5000);
    const records = generated.cases.flatMap((c) => caseRecords(generated, c));
    const { results, fallbacks } = await ingestBatch(db, parsed(records), 'test');
    expect(fallbacks).toBe(0);
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    for (const c of generated.cases) {
      const expected = [...c.events, ...c.decisions].map((r) => ({
        seq: r.seq,
        prev: r.prevHash,
        hash: r.hash,
      }));
      expect(await storedChain(db, c.row.id)).toEqual(expected);
    }
    const first = records.findIndex((r) => r.type === 'ai_event');
    expect(results[first]).toEqual({ status: 'accepted', caseId: records[first]!['caseId'], seq: 1 });
  });

  it('continues an existing chain from its head, across batches', async () => {
    const generated = generateCitizen(5001);
    const records = generated.cases.flatMap((c) => caseRecords(generated, c));
    const half = Math.ceil(records.length / 2);
    await ingestBatch(db, parsed(records.slice(0, half)), 'test');
    await ingestBatch(db, parsed(records.slice(half)), 'test');
    for (const c of generated.cases) {
      expect((await storedChain(db, c.row.id)).map((r) => r.hash)).toEqual(
        [...c.events, ...c.decisions].map((r) => r.hash),
      );
    }
  });

  it('answers an exact re-send as a duplicate and the same key with other content as a conflict', async () => {
    const records = citizenRecords(5002);
    await ingestBatch(db, parsed(records), 'test');
    const event = records.find((r) => r.type === 'ai_event')!;
    const resend = await ingestBatch(
      db,
      parsed([{ ...event }, { ...event, output: 'Rewritten output' }]),
      'test',
    );
    expect(resend.results[0]).toEqual({ status: 'duplicate', caseId: event['caseId'], seq: 1 });
    expect(resend.results[1]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^conflict: /),
    });
    expect((await storedChain(db, String(event['caseId']))).length).toBe(
      records.filter((r) => r['caseId'] === event['caseId']).length,
    );
  });

  it('treats a repeat inside one batch like a re-send', async () => {
    const records = citizenRecords(5003);
    const event = records.find((r) => r.type === 'ai_event')!;
    const { results } = await ingestBatch(
      db,
      parsed([...records, event, { ...event, output: 'other' }]),
      'test',
    );
    expect(results.at(-2)).toEqual({ status: 'duplicate', caseId: event['caseId'], seq: 1 });
    expect(results.at(-1)).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^conflict: /),
    });
  });

  it('rejects records that point at an unknown case, system version, staff member or data source, and writes the rest', async () => {
    const records = citizenRecords(5004);
    const event = records.find((r) => r.type === 'ai_event')!;
    const bad: JsonRecord[] = [
      { ...event, idempotencyKey: 'bad:case', caseId: '00000000-0000-4000-8000-00000000dead' },
      { ...event, idempotencyKey: 'bad:version', systemVersion: '9.9' },
      { ...event, idempotencyKey: 'bad:staff', staffId: 'nobody' },
      // Without the explanation, whose factors name the event's real sources.
      {
        ...event,
        idempotencyKey: 'bad:source',
        explanation: undefined,
        sources: [{ dataSourceId: 'nowhere', categories: ['x'] }],
      },
      {
        ...event,
        explanation: undefined,
        idempotencyKey: 'bad:category',
        sources: [{ dataSourceId: 'cpr', categories: ['health'] }],
      },
    ];
    const { results } = await ingestBatch(db, parsed([...records, ...bad]), 'test');
    const reasons = results.slice(records.length).map((r) => (r.status === 'rejected' ? r.reason : r.status));
    expect(reasons).toEqual([
      'unknown case 00000000-0000-4000-8000-00000000dead',
      `unknown AI system version ${String(event['systemId'])} 9.9`,
      'unknown staff nobody',
      'unknown data source nowhere',
      'data source cpr has no data categories health',
    ]);
    expect(results.slice(0, records.length).every((r) => r.status === 'accepted')).toBe(true);
  });

  it('refuses to move a case to another citizen', async () => {
    const records = citizenRecords(5005);
    await ingestBatch(db, parsed(records), 'test');
    const caseRecord = records[0]!;
    const moved = {
      ...caseRecord,
      idempotencyKey: 'move-case',
      citizen: { cpr: generateCitizen(5006).citizen.cpr, givenName: 'A', familyName: 'B' },
    };
    const { results } = await ingestBatch(db, parsed([moved]), 'test');
    expect(results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/another citizen/),
    });
  });

  it('writes a batch of cases together, sealing each header as the seed does, and a refused one alone', async () => {
    const generated = generateCitizen(5010);
    const caseLines = generated.cases.map((c) => caseRecords(generated, c, 'bulkcase')[0]!);
    expect(caseLines.length).toBeGreaterThan(1);
    const first = await ingestBatch(db, parsed(caseLines), 'test');
    expect(first.results.every((r) => r.status === 'accepted')).toBe(true);
    const { rows } = await db.query(
      'select case_id::text as case_id, hash from audit.case_seal where case_id = any($1::uuid[]) and version = 1',
      [generated.cases.map((c) => c.row.id)],
    );
    expect(new Map(rows.map((r) => [String(r['case_id']), String(r['hash'])]))).toEqual(
      new Map(generated.cases.map((c) => [c.row.id, c.seal.hash])),
    );

    // One case closed anew, one moved to another citizen, one new: the move is refused on its own line.
    const other = generateCitizen(5011);
    const fresh = caseRecords(other, other.cases[0]!, 'bulkcase')[0]!;
    const changed = {
      ...caseLines[0]!,
      idempotencyKey: 'bulkcase:closed',
      status: 'closed',
      closedOn: '2026-06-01',
    };
    const moved = { ...caseLines[1]!, idempotencyKey: 'bulkcase:moved', citizen: fresh['citizen'] };
    const second = await ingestBatch(db, parsed([changed, moved, fresh]), 'test');
    expect(second.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(second.results[1]).toMatchObject({ reason: expect.stringMatching(/another citizen/) });
    const versions = await db.query(
      'select max(version)::int8 as v from audit.case_seal where case_id = $1',
      [generated.cases[0]!.row.id],
    );
    expect(Number(versions.rows[0]?.['v'])).toBe(2);
    const report = await verifyStore(db, { trustedKey: null });
    expect(report.broken).toEqual([]);
  });

  it('stores tabs, line breaks and backslashes in a record exactly as sent, so its hash still verifies', async () => {
    const generated = generateCitizen(5012);
    const c = generated.cases[0]!;
    const records = caseRecords(generated, c, 'escapes');
    const event = records.find((r) => r.type === 'ai_event')!;
    const odd = 'tab\there\nline two\\N back\\slash "quoted" \r end';
    const written = await ingestBatch(
      db,
      parsed([records[0]!, { ...event, output: odd, purposeNote: '\\N' }]),
      'test',
    );
    expect(written.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const { rows } = await db.query('select output, purpose_note from audit.ai_event where case_id = $1', [
      c.row.id,
    ]);
    expect(rows[0]).toEqual({ output: odd, purpose_note: '\\N' });
    const report = await verifyStore(db, { trustedKey: null });
    expect(report.broken).toEqual([]);
  });

  it('resolves the events a decision considered from their idempotency keys', async () => {
    const generated = generateCitizen(5007);
    const c = generated.cases.find((x) => x.events.length >= 2)!;
    const records = caseRecords(generated, c, 'bykey');
    const events = records.filter((r) => r.type === 'ai_event');
    const decision: JsonRecord = {
      ...records.find((r) => r.type === 'decision')!,
      idempotencyKey: 'bykey:decision',
      consideredEventSeqs: [],
      consideredEventKeys: [events[1]!.idempotencyKey, events[0]!.idempotencyKey],
    };
    const { results } = await ingestBatch(
      db,
      parsed([...records.filter((r) => r.type !== 'decision'), decision]),
      'test',
    );
    expect(results.at(-1)).toEqual({ status: 'accepted', caseId: c.row.id, seq: events.length + 1 });
    const { rows } = await db.query('select considered_event_seqs from audit.decision where case_id = $1', [
      c.row.id,
    ]);
    expect(rows[0]?.['considered_event_seqs']).toEqual([1, 2]);
    const unknown = await ingestBatch(
      db,
      parsed([{ ...decision, idempotencyKey: 'bykey:decision2', consideredEventKeys: ['no-such-event'] }]),
      'test',
    );
    expect(unknown.results[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/no-such-event/),
    });
  });

  it('resolves considered seqs of events stored before the batch and of events in it, and no others', async () => {
    const generated = generateCitizen(5013);
    const c = generated.cases.find((x) => x.events.length >= 2)!;
    const records = caseRecords(generated, c, 'byseq');
    const events = records.filter((r) => r.type === 'ai_event');
    const decision = records.find((r) => r.type === 'decision')!;
    // The first event is stored in a batch of its own; the second comes with the decisions.
    await ingestBatch(db, parsed([records[0]!, events[0]!]), 'test');
    const both: JsonRecord = { ...decision, idempotencyKey: 'byseq:both', consideredEventSeqs: [2, 1] };
    const beyond: JsonRecord = { ...decision, idempotencyKey: 'byseq:beyond', consideredEventSeqs: [9] };
    // Seq 3 is the decision just written, not an AI event.
    const notEvent: JsonRecord = { ...decision, idempotencyKey: 'byseq:decision', consideredEventSeqs: [3] };
    const { results } = await ingestBatch(db, parsed([events[1]!, both, beyond, notEvent]), 'test');
    expect(results[1]).toEqual({ status: 'accepted', caseId: c.row.id, seq: 3 });
    expect(results[2]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/seq 9/) });
    expect(results[3]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/seq 3/) });
    const { rows } = await db.query('select considered_event_seqs from audit.decision where case_id = $1', [
      c.row.id,
    ]);
    expect(rows.map((r) => r['considered_event_seqs'])).toEqual([[1, 2]]);
    // In a later batch, both events are stored ones.
    const later = await ingestBatch(
      db,
      parsed([{ ...decision, idempotencyKey: 'byseq:later', consideredEventSeqs: [1, 2, 3] }]),
      'test',
    );
    expect(later.results[0]).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/seq 3/) });
    const stored = await ingestBatch(
      db,
      parsed([{ ...decision, idempotencyKey: 'byseq:stored', consideredEventSeqs: [1, 2] }]),
      'test',
    );
    expect(stored.results[0]).toEqual({ status: 'accepted', caseId: c.row.id, seq: 4 });
  });

  it('upserts data sources, staff and AI systems, adding versions but never re-dating one', async () => {
    const ref = (r: Record<string, unknown>): IngestRecord[] => parsed([r as JsonRecord]);
    const system = {
      type: 'ai_system',
      idempotencyKey: 'sys:1',
      id: 'ny-model',
      municipalityCode: '999',
      name: 'Ny model',
      supplier: 'Leverandør A/S',
      processor: 'Leverandør A/S',
      processingKind: 'prediction',
      legalBasis: 'Lov om en aktiv beskæftigelsesindsats',
      status: 'in_use',
      inUseSince: '2026-09-01',
      versions: [{ version: '1.0', releasedOn: '2026-09-01' }],
    };
    const results = [
      await ingestBatch(db, ref(system), 'test'),
      await ingestBatch(
        db,
        ref({
          ...system,
          idempotencyKey: 'sys:2',
          versions: [...system.versions, { version: '1.1', releasedOn: '2026-10-01' }],
        }),
        'test',
      ),
      await ingestBatch(
        db,
        ref({ ...system, idempotencyKey: 'sys:3', versions: [{ version: '1.0', releasedOn: '2026-01-01' }] }),
        'test',
      ),
      await ingestBatch(
        db,
        ref({
          type: 'staff',
          idempotencyKey: 'staff:1',
          id: 'egb-9001',
          municipalityCode: '999',
          name: 'Ny Medarbejder',
          title: 'Sagsbehandler',
          unit: 'Jobcenter',
        }),
        'test',
      ),
      await ingestBatch(
        db,
        ref({
          type: 'data_source',
          idempotencyKey: 'src:1',
          id: 'ny_kilde',
          name: 'Ny kilde',
          ownerAuthority: 'Styrelse',
          categories: ['income'],
        }),
        'test',
      ),
    ].map((o) => o.results[0]?.status);
    expect(results).toEqual(['accepted', 'accepted', 'rejected', 'accepted', 'accepted']);
    const { rows } = await db.query(
      `select version from audit.ai_system_version where system_id = 'ny-model' order by version`,
    );
    expect(rows.map((r) => r['version'])).toEqual(['1.0', '1.1']);
  });

  it('writes as the least-privilege indsigt_ingest role, which cannot rewrite a record', async () => {
    const records = parsed(citizenRecords(5008));
    const results = await db.transaction(async (tx) => {
      await tx.query('set local role indsigt_ingest');
      return writeRecords(tx, records, 'role-test');
    });
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    const attempt = db.transaction(async (tx) => {
      await tx.query('set local role indsigt_ingest');
      await tx.query(
        `update audit.ai_event set output = 'x' where id = (select min(id) from audit.ai_event)`,
      );
    });
    await expect(attempt).rejects.toThrow(/permission denied|append-only/);
    const checkpoint = db.transaction(async (tx) => {
      await tx.query('set local role indsigt_ingest');
      await tx.query(`delete from audit.ingest_key`);
    });
    await expect(checkpoint).rejects.toThrow(/permission denied/);
  });

  it('writes the documented example to the demo store, every record accepted', async () => {
    const records = documentedExample().map((line) => JSON.parse(line) as JsonRecord);
    const { results } = await ingestBatch(db, parsed(records), 'test');
    expect(results.map((r) => r.status)).toEqual(records.map(() => 'accepted'));
    expect(results.at(-1)).toEqual({ status: 'accepted', caseId: records.at(-1)!['caseId'], seq: 3 });
  });

  it('leaves every chain it wrote intact for the verifier', async () => {
    const report = await verifyStore(db, { trustedKey: null, batchSize: 7 });
    expect(report.broken).toEqual([]);
    expect(report.cases).toBeGreaterThan(12);
  });
});
