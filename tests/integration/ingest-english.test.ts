// English texts through the ingest format (issue 12, "English complete"): the optional `en` fields of
// a data source, an AI system, a case, an event and a decision are stored beside the Danish texts and
// read back for the English pages; a record sent without them reads back without, so the page shows
// the Danish text marked as Danish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCaseTimeline } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { parseIngestRecord, type IngestRecord } from '../../src/ingest/schema.ts';
import { ingestBatch } from '../../src/ingest/writer.ts';
import { documentedExample, type JsonRecord } from '../helpers/ingest-records.ts';
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
    // The AI system record is sent without English: its English name must not survive the update.
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
    // Sent without `en`, the system's English name is gone: the page shows the Danish one, marked.
    expect(risk?.systemNameEn ?? null).toBeNull();
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

  it('refuses an en field that is empty, like the Danish text it stands beside', () => {
    const [source] = exampleWithEnglish();
    const result = parseIngestRecord({ ...source, en: { name: '' } });
    expect(result.ok).toBe(false);
  });
});
