import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAiUseNotices } from '../../src/ai-notices/compose.ts';
import { listNoticeSettings, saveNoticeSettings } from '../../src/ai-notices/settings.ts';
import type { Db } from '../../src/db/db.ts';
import { getCaseTimeline } from '../../src/db/cases.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import type { DigitalPostTransport, OutgoingLetter } from '../../src/digital-post/transport.ts';
import { runOutboxRound, type WorkerOptions } from '../../src/digital-post/worker.ts';
import { parseIngestRecord, type IngestRecord } from '../../src/ingest/schema.ts';
import { ingestBatch } from '../../src/ingest/writer.ts';
import { caseRecords } from '../helpers/ingest-records.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const SETTINGS = { senderCvr: '12345678', publicBaseUrl: new URL('https://indsigt.example.dk') };
const DAY = 86_400_000;

function parsed(records: readonly Record<string, unknown>[]): IngestRecord[] {
  return records.map((r) => {
    const result = parseIngestRecord(r);
    if (!result.ok) throw new Error(result.reason);
    return result.record;
  });
}

/** The records of the first `count` generated cases with AI events, from citizens outside the seeded world. */
function casesWithAi(count: number): {
  records: Record<string, unknown>[];
  caseIds: string[];
  events: number;
} {
  const records: Record<string, unknown>[] = [];
  const caseIds: string[] = [];
  let events = 0;
  for (let index = 50_000; caseIds.length < count; index += 1) {
    const generated = generateCitizen(index);
    for (const c of generated.cases) {
      if (c.events.length === 0 || caseIds.length >= count) continue;
      records.push(...caseRecords(generated, c, 'notice'));
      caseIds.push(c.row.id);
      events += c.events.length;
    }
  }
  return { records, caseIds, events };
}

/** A transport that keeps one letter per MessageUUID, like Digital Post, and counts every posting. */
function inbox(): DigitalPostTransport & { delivered: Map<string, OutgoingLetter>; postings: number } {
  const delivered = new Map<string, OutgoingLetter>();
  const box = {
    name: 'test-inbox',
    delivered,
    postings: 0,
    send(letter: OutgoingLetter) {
      box.postings += 1;
      delivered.set(letter.messageUuid, letter);
      return Promise.resolve({ ok: true as const });
    },
  };
  return box;
}

const WORKER: WorkerOptions = {
  batchSize: 2000,
  leaseSeconds: 1,
  maxAttempts: 3,
  baseDelaySeconds: 1,
  maxDelaySeconds: 1,
  pollMilliseconds: 10,
};

describe.each(STORES)('AI-use notices by Digital Post on $name (issue 14, §2 stk. 4)', (store) => {
  let db: Db;
  const batch = casesWithAi(1000);

  beforeAll(async () => {
    db = await openSeededStore(store, 12);
    const systems = await listNoticeSettings(db);
    await saveNoticeSettings(
      db,
      new Set(systems.map((s) => s.systemId)),
      'test-publisher',
      new Date(Date.now() - 60_000),
    );
    for (let i = 0; i < batch.records.length; i += 500) {
      await ingestBatch(db, parsed(batch.records.slice(i, i + 500)), 'test-case-system');
    }
  }, 600_000);
  afterAll(async () => {
    await db.close();
  });

  it('writes exactly one letter per case for events ingested into 1,000 cases, telling each event once', async () => {
    const now = new Date();
    const first = await composeAiUseNotices(db, { ...SETTINGS, now });
    expect(first).toEqual({ letters: 1000, events: batch.events, deferredCases: 0 });
    const { rows } = await db.query(
      `select count(*)::int as letters, count(distinct case_id)::int as cases from portal.outbox_message
       where kind = 'ai_use_notice' and case_id = any($1::uuid[])`,
      [batch.caseIds],
    );
    expect(rows[0]).toEqual({ letters: 1000, cases: 1000 });
    // Nothing more the same day, and nothing for the seeded demo world (not written by ingest).
    expect(await composeAiUseNotices(db, { ...SETTINGS, now })).toEqual({
      letters: 0,
      events: 0,
      deferredCases: 0,
    });
  });

  it('sends nothing again when a case system retries the same ingest', async () => {
    const retried = await ingestBatch(db, parsed(batch.records.slice(0, 500)), 'test-case-system');
    expect(retried.results.every((r) => r.status === 'duplicate')).toBe(true);
    expect((await composeAiUseNotices(db, SETTINGS)).letters).toBe(0);
  });

  it('batches a new event into the next day’s letter when the case had one today', async () => {
    const caseId = batch.caseIds[0]!;
    const template = batch.records.find((r) => r['type'] === 'ai_event' && r['caseId'] === caseId)!;
    const later = await ingestBatch(
      db,
      parsed([{ ...template, idempotencyKey: 'notice:later:1', output: 'Senere brug' }]),
      'test-case-system',
    );
    expect(later.results[0]?.status).toBe('accepted');
    expect(await composeAiUseNotices(db, SETTINGS)).toEqual({ letters: 0, events: 0, deferredCases: 1 });
    const tomorrow = await composeAiUseNotices(db, { ...SETTINGS, now: new Date(Date.now() + DAY) });
    expect(tomorrow).toEqual({ letters: 1, events: 1, deferredCases: 0 });
  });

  it('delivers each notice once although a worker dies between sending and marking', async () => {
    const box = inbox();
    const crash = new AbortController();
    const dying: DigitalPostTransport = {
      name: 'dying',
      async send(letter) {
        const result = await box.send(letter);
        crash.abort();
        return result;
      },
    };
    await runOutboxRound(db, dying, { ...WORKER, batchSize: 1 }, crash.signal);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    for (let round = 0; round < 5; round += 1) await runOutboxRound(db, box, WORKER);
    const { rows } = await db.query(
      `select count(*)::int as n from portal.outbox_message where kind = 'ai_use_notice' and status = 'sent'`,
    );
    expect(box.delivered.size).toBe(rows[0]?.['n']);
    expect(box.postings).toBe(box.delivered.size + 1); // the dead worker's letter was posted twice
  });

  it('shows the citizen on the case page that a letter was sent, and when', async () => {
    const caseId = batch.caseIds[1]!;
    const owner = await db.query(`select citizen_cpr from audit."case" where id = $1`, [caseId]);
    const cpr = String(owner.rows[0]?.['citizen_cpr']);
    const timeline = await getCaseTimeline(db, cpr, caseId);
    expect(timeline.ok).toBe(true);
    if (!timeline.ok) return;
    expect(timeline.timeline.aiNotices).toHaveLength(1);
    expect(timeline.timeline.aiNotices?.[0]?.sentAt).toBeInstanceOf(Date);
  });

  it('sends no notice for a system the municipality has not turned on', async () => {
    await saveNoticeSettings(db, new Set(), 'test-publisher');
    const other = casesWithAi(1010).records.slice(batch.records.length);
    if (other.length > 0) await ingestBatch(db, parsed(other), 'test-case-system');
    expect(
      (await composeAiUseNotices(db, { ...SETTINGS, now: new Date(Date.now() + 2 * DAY) })).letters,
    ).toBe(0);
  });
});
