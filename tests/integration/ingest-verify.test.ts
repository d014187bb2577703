import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen, type DecisionRow } from '../../src/demo/world.ts';
import { computeRecordHash, type DecisionContent } from '../../src/domain/chain.ts';
import { createCheckpoint } from '../../src/ingest/checkpoint.ts';
import { keyIdOf, type SigningKey } from '../../src/ingest/checkpoint-key.ts';
import { parseIngestRecord, type IngestRecord } from '../../src/ingest/schema.ts';
import { verifyStore } from '../../src/ingest/verify-store.ts';
import { ingestBatch } from '../../src/ingest/writer.ts';
import { citizenRecords } from '../helpers/ingest-records.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

function signingKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), development: false };
}

function parsed(records: readonly Record<string, unknown>[]): IngestRecord[] {
  return records.map((r) => {
    const result = parseIngestRecord(r);
    if (!result.ok) throw new Error(result.reason);
    return result.record;
  });
}

/** The hashed content of a generated decision (without the hashes stored beside it). */
function contentOf(row: DecisionRow): DecisionContent {
  const { prevHash, hash, ...content } = row;
  expect([prevHash, hash]).not.toContain(undefined);
  return content;
}

describe.each(STORES)('npm run verify’s core on $name', (store) => {
  let db: Db;
  const key = signingKey();
  const trustedKey = { publicKey: key.publicKey, keyId: key.keyId };
  beforeAll(async () => {
    db = await openSeededStore(store, 30);
    await ingestBatch(db, parsed([6000, 6001, 6002].flatMap((i) => citizenRecords(i))), 'test');
  });
  afterAll(async () => {
    await db.close();
  });

  it('passes an intact store with its checkpoint, in small batches, and after later writes', async () => {
    const made = await createCheckpoint(db, key, { batchSize: 7 });
    expect(made.caseCount).toBeGreaterThan(30);
    await ingestBatch(db, parsed(citizenRecords(6003)), 'test');
    const report = await verifyStore(db, { trustedKey, batchSize: 9 });
    expect(report.broken).toEqual([]);
    expect(report.checkpoints).toEqual([{ id: made.id, createdAt: made.createdAt, ok: true, problems: [] }]);
    expect(report.ok).toBe(true);
  });

  it('names the case, seq and reason of a record changed by hand', async () => {
    const mette = generateCitizen(0).cases[0]!;
    await tamperAsOwner(
      db,
      `update audit.ai_event set output = 'Risiko: lav' where case_id = $1 and seq = 2`,
      [mette.row.id],
    );
    const report = await verifyStore(db, { trustedKey, batchSize: 5 });
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([
      {
        caseId: mette.row.id,
        caseNumber: mette.row.caseNumber,
        type: 'ai_event',
        seq: 2,
        reason: 'content_changed',
      },
    ]);
  });

  it('catches a chain tail rewritten consistently, by its head record and the signed checkpoint', async () => {
    const amira = generateCitizen(2).cases[0]!;
    const last = amira.decisions.at(-1)!;
    const rewritten: DecisionContent = { ...contentOf(last), outcome: 'Din sag afsluttes.' };
    const hash = computeRecordHash(last.prevHash, rewritten);
    await tamperAsOwner(
      db,
      `update audit.decision set outcome = $1, hash = $2 where case_id = $3 and seq = $4`,
      [rewritten.outcome, hash, amira.row.id, last.seq],
    );
    const report = await verifyStore(db, { trustedKey, batchSize: 50 });
    expect(report.broken.filter((b) => b.caseId === amira.row.id)).toEqual([
      {
        caseId: amira.row.id,
        caseNumber: amira.row.caseNumber,
        type: 'decision',
        seq: last.seq,
        reason: 'chain_incomplete',
      },
    ]);
    expect(report.checkpoints[0]?.ok).toBe(false);
    expect(report.checkpoints[0]?.problems.join()).toMatch(/^root differs/);
  });

  it('reports a checkpoint that was altered, or signed by a key that is not the municipality’s', async () => {
    const second = await createCheckpoint(db, key);
    await tamperAsOwner(db, `update audit.checkpoint set case_count = case_count + 1 where id = $1`, [
      second.id,
    ]);
    const stranger = signingKey();
    const third = await createCheckpoint(db, stranger);
    const report = await verifyStore(db, { trustedKey, batchSize: 50 });
    const verdict = (id: number): string[] => [
      ...(report.checkpoints.find((c) => c.id === id)?.problems ?? []),
    ];
    expect(verdict(second.id)).toEqual(
      expect.arrayContaining(['signature does not verify', expect.stringMatching(/^case count differs/)]),
    );
    expect(verdict(third.id)).toEqual(['signed by a key that is not the municipality’s']);
  });

  it('reports a decision without a human decision-maker (§1 stk. 6)', async () => {
    const jens = generateCitizen(1).cases[0]!;
    const head = jens.decisions.at(-1)!;
    const content: DecisionContent = {
      ...contentOf(head),
      seq: head.seq + 1,
      decidedAt: new Date('2026-10-30T10:00:00.000Z'),
      decidedBy: null,
      consideredEventSeqs: [],
      en: undefined, // the insert below writes no English texts
    };
    await db.query(
      `insert into audit.decision (case_id, seq, decided_at, outcome, reasons, decided_by, considered_event_seqs,
         ai_assessment, departure_reason, appeal_body, appeal_deadline_weeks, prev_hash, hash)
       values ($1, $2, $3, $4, $5, null, '{}', $6, $7, $8, $9, $10, $11)`,
      [
        jens.row.id,
        content.seq,
        content.decidedAt.toISOString(),
        content.outcome,
        content.reasons,
        content.aiAssessment,
        content.departureReason,
        content.appealBody,
        content.appealDeadlineWeeks,
        head.hash,
        computeRecordHash(head.hash, content),
      ],
    );
    const report = await verifyStore(db, { trustedKey, batchSize: 50 });
    expect(report.broken.filter((b) => b.caseId === jens.row.id)).toEqual([
      {
        caseId: jens.row.id,
        caseNumber: jens.row.caseNumber,
        type: 'decision',
        seq: content.seq,
        reason: 'decision_without_human',
      },
    ]);
  });
});

describe.each(STORES.filter((s) => s.name === 'postgres'))('parallel writers on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  it('append to one case without forking its chain, and the store verifies', async () => {
    const generated = generateCitizen(7000);
    const target = generated.cases.find((c) => c.events.length > 0)!;
    const [caseRecord] = citizenRecords(7000).filter((r) => r.type === 'case' && r['id'] === target.row.id);
    await ingestBatch(db, parsed([caseRecord!]), 'test');
    const template = citizenRecords(7000).find(
      (r) => r.type === 'ai_event' && r['caseId'] === target.row.id,
    )!;
    const writers = 8;
    const batches = 5;
    const perBatch = 10;
    const outcomes = await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const results = [];
        for (let b = 0; b < batches; b += 1) {
          const records = Array.from({ length: perBatch }, (_, n) => ({
            ...template,
            idempotencyKey: `parallel:${w}:${b}:${n}`,
            output: `writer ${w}, batch ${b}, record ${n}`,
          }));
          results.push(await ingestBatch(db, parsed(records), `writer-${w}`));
        }
        return results;
      }),
    );
    const all = outcomes.flat();
    expect(all.reduce((n, o) => n + o.fallbacks, 0)).toBe(0);
    expect(all.flatMap((o) => o.results).every((r) => r.status === 'accepted')).toBe(true);

    const { rows } = await db.query(
      `select seq, prev_hash, hash from audit.ai_event where case_id = $1 order by seq`,
      [target.row.id],
    );
    const total = writers * batches * perBatch;
    expect(rows.map((r) => Number(r['seq']))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // The first record continues from the genesis: the hash of the case's sealed header, version 1.
    const genesis = await db.query(`select hash from audit.case_seal where case_id = $1 and version = 1`, [
      target.row.id,
    ]);
    rows.forEach((row, i) =>
      expect(row['prev_hash']).toBe(i === 0 ? genesis.rows[0]?.['hash'] : rows[i - 1]!['hash']),
    );
    const report = await verifyStore(db, { trustedKey: null, batchSize: 100 });
    expect(report.broken).toEqual([]);
  });
});
