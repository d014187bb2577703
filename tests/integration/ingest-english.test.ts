// English texts through the ingest format (issue 12, "English complete"): the optional `en` fields of
// a data source, an AI system, a case, an event and a decision are stored beside the Danish texts and
// read back for the English pages; a record sent without them reads back without, so the page shows
// the Danish text marked as Danish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCaseTimeline } from '../../src/db/cases.ts';
import { verifyCaseChain } from '../../src/domain/integrity.ts';
import type { Db } from '../../src/db/db.ts';
import { parseIngestRecord, type IngestRecord } from '../../src/ingest/schema.ts';
import { handleIngestRequest } from '../../src/ingest/http.ts';
import { ingestLines } from '../../src/ingest/ingest-lines.ts';
import { ingestBatch } from '../../src/ingest/writer.ts';
import { documentedExample, linesOf, type JsonRecord } from '../helpers/ingest-records.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const CPR = '1203750008';
const CASE_ID = '5f0c4a52-7d1e-4c3b-9a6f-2b8e1d0c9a11';

function parsed(records: readonly JsonRecord[]): IngestRecord[] {
  return records.map((r) => {
    const result = parseIngestRecord(r);
    if (!result.ok) throw new Error(result.reason);
    return result.record;
  });
}

/** The documented example, with English texts on some records and none on others. */
function exampleWithEnglish(): JsonRecord[] {
  return documentedExample().map((line) => {
    const record = JSON.parse(line) as JsonRecord;
    const key = record.idempotencyKey;
    if (record.type === 'data_source')
      return { ...record, en: { name: 'The benefits register', ownerAuthority: 'Payment Denmark' } };
    if (key === 'example:event:5f0c4a52:risk')
      return { ...record, en: { output: 'Risk of long-term sick leave: medium (score 0.51)' } };
    if (record.type === 'decision')
      return { ...record, en: { outcome: 'Your sickness benefit is extended by up to 22 weeks.' } };
    // The AI system record is sent without English: the English name the seed stored is kept.
    return record;
  });
}

describe.each(STORES)('English texts through the ingest format on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores the en fields beside the Danish texts and reads them back; absent ones stay absent', async () => {
    const { results } = await ingestBatch(db, parsed(exampleWithEnglish()), 'test');
    expect(results.map((r) => r.status)).not.toContain('rejected');

    const timeline = await getCaseTimeline(db, CPR, CASE_ID);
    if (!timeline.ok) throw new Error(`case not found: ${timeline.error}`);
    const { case: c, events, decisions } = timeline.timeline;
    expect(c.title).toBe('Opfølgning på sygedagpenge');
    expect(c.titleEn).toBe('Follow-up on sickness benefit');

    const risk = events.find((e) => e.systemId === 'sygefravaer-risiko');
    expect(risk?.en?.output).toBe('Risk of long-term sick leave: medium (score 0.51)');
    // Sent without `en`, the system keeps the English name it had (omitted means "unchanged").
    expect(risk?.systemNameEn).toBe('Risk assessment of long-term sick leave');
    const ydelser = risk?.sources.find((s) => s.dataSourceId === 'ydelsesregister');
    expect(ydelser).toMatchObject({ nameEn: 'The benefits register', ownerAuthorityEn: 'Payment Denmark' });

    // The summary event was sent without English texts; its system kept the seed's English name.
    const summary = events.find((e) => e.systemId === 'laegeresume');
    expect(summary?.en ?? null).toBeNull();
    expect(summary?.systemNameEn).toBe('Summary of medical information');

    expect(decisions[0]?.outcome).toBe('Dine sygedagpenge forlænges i op til 22 uger.');
    expect(decisions[0]?.en?.outcome).toBe('Your sickness benefit is extended by up to 22 weeks.');
    expect(decisions[0]?.en?.reasons).toBeUndefined();
  });

  /** The stored English texts of the example's AI system and first data source. */
  const englishOf = async (): Promise<Record<string, unknown>> => {
    const { rows } = await db.query(
      `select s.name_en as system_name, s.legal_basis_en as legal_basis, d.name_en as source_name,
         d.owner_authority_en as owner_authority
       from audit.ai_system s, audit.data_source d
       where s.id = 'sygefravaer-risiko' and d.id = 'ydelsesregister'`,
    );
    return rows[0] ?? {};
  };

  const example = documentedExample().map((line) => JSON.parse(line) as JsonRecord);
  const ofType = (type: string): JsonRecord => {
    const record = example.find((r) => r.type === type);
    if (!record) throw new Error(`the documented example has no ${type}`);
    return record;
  };
  const sourceLine = ofType('data_source');
  const systemLine = ofType('ai_system');
  let sent = 0;
  /** Sends the records as the lines of a file (`npm run ingest`), each under a fresh key. */
  const sendFile = async (records: JsonRecord[]): Promise<void> => {
    const lines = records.map((r) => JSON.stringify({ ...r, idempotencyKey: `en-file:${(sent += 1)}` }));
    const summary = await ingestLines(db, linesOf(lines), { writtenBy: 'test' });
    expect(summary.rejections).toEqual([]);
  };
  /** Sends the records through POST /api/v1/ingest, each under a fresh key. */
  const sendApi = async (records: JsonRecord[]): Promise<void> => {
    const body = JSON.stringify({
      records: records.map((r) => ({ ...r, idempotencyKey: `en-api:${(sent += 1)}` })),
    });
    const response = await handleIngestRequest(
      new Request('http://localhost/api/v1/ingest', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
      {
        store: () => Promise.resolve(db),
        authenticate: () => Promise.resolve({ ok: true, client: 'test' }),
        maxBodyBytes: 1024 * 1024,
      },
    );
    expect(response.status).toBe(200);
  };
  const english = {
    source: { ...sourceLine, en: { name: 'The benefits register', ownerAuthority: 'Payment Denmark' } },
    system: { ...systemLine, en: { name: 'Sick leave risk', legalBasis: 'Executive order on AI, § 1(2)' } },
  };

  it.each([
    ['a file', sendFile],
    ['the API', sendApi],
  ])(
    'keeps the stored English texts when an upsert through %s omits en or a field of it',
    async (_, send) => {
      await send([english.source, english.system]);
      await send([sourceLine, systemLine]);
      expect(await englishOf()).toEqual({
        system_name: 'Sick leave risk',
        legal_basis: 'Executive order on AI, § 1(2)',
        source_name: 'The benefits register',
        owner_authority: 'Payment Denmark',
      });
      // One field sent, the other omitted: the sent one changes, the omitted one stays.
      await send([
        { ...sourceLine, en: { ownerAuthority: 'The Payment Agency' } },
        { ...systemLine, en: { name: 'Risk of long sick leave' } },
      ]);
      expect(await englishOf()).toEqual({
        system_name: 'Risk of long sick leave',
        legal_basis: 'Executive order on AI, § 1(2)',
        source_name: 'The benefits register',
        owner_authority: 'The Payment Agency',
      });
    },
  );

  const caseLine = ofType('case');
  /** A second case of the example's citizen, so a batch of cases takes the bulk path. */
  const otherCase = {
    ...caseLine,
    id: '0b7e2c1a-3f4d-4e5a-8b6c-9d0e1f2a3b4c',
    caseNumber: `${String(caseLine['caseNumber'])}-EN`,
  };
  /** The stored English title of the example's case and its newest sealed header version. */
  const caseEnglish = async (): Promise<{ title_en: unknown; version: number }> => {
    const { rows } = await db.query(
      `select c.title_en, (select max(version) from audit.case_seal s where s.case_id = c.id)::int as version
       from audit."case" c where c.id = $1`,
      [caseLine['id']],
    );
    return { title_en: rows[0]?.['title_en'], version: Number(rows[0]?.['version']) };
  };

  it.each([
    ['a file', sendFile, false],
    ['the API', sendApi, false],
    ['a file, in a batch of cases', sendFile, true],
    ['the API, in a batch of cases', sendApi, true],
  ])(
    'keeps a case’s stored English title when a re-send through %s omits it, sealing no new header; null clears it',
    async (_, send, batch) => {
      const withOther = (record: JsonRecord): JsonRecord[] => (batch ? [record, otherCase] : [record]);
      await send(withOther({ ...caseLine, en: { title: 'Sick pay follow-up' } }));
      const before = await caseEnglish();
      expect(before.title_en).toBe('Sick pay follow-up');

      const withoutEn = { ...caseLine };
      delete withoutEn['en'];
      await send(withOther(withoutEn));
      expect(await caseEnglish()).toEqual(before);
      await send(withOther({ ...caseLine, en: {} }));
      expect(await caseEnglish()).toEqual(before);

      await send(withOther({ ...caseLine, en: { title: null } }));
      expect(await caseEnglish()).toEqual({ title_en: null, version: before.version + 1 });
      await send(withOther({ ...caseLine, en: { title: 'Sick pay follow-up' } }));
      await send(withOther({ ...caseLine, en: null }));
      expect(await caseEnglish()).toEqual({ title_en: null, version: before.version + 3 });
      const timeline = await getCaseTimeline(db, CPR, CASE_ID);
      if (!timeline.ok) throw new Error(`case not found: ${timeline.error}`);
      expect(verifyCaseChain(timeline.timeline)).toEqual({ intact: true, problems: [] });
    },
  );

  it('clears a stored English text sent as null, field by field or the whole en object', async () => {
    await sendFile([english.source, english.system]);
    await sendFile([
      { ...sourceLine, en: { name: null } },
      { ...systemLine, en: null },
    ]);
    expect(await englishOf()).toEqual({
      system_name: null,
      legal_basis: null,
      source_name: null,
      owner_authority: 'Payment Denmark',
    });
  });

  it('refuses an en field that is empty, like the Danish text it stands beside', () => {
    const [source] = exampleWithEnglish();
    const result = parseIngestRecord({ ...source, en: { name: '' } });
    expect(result.ok).toBe(false);
  });
});
