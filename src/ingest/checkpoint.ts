/**
 * Signed checkpoints of the audit store (ADR 0010): the chain head of every case, in case-id order,
 * hashed into one root and signed with the municipality's Ed25519 key. A record rewritten after a
 * checkpoint — even a whole chain tail rewritten consistently by a database owner — no longer leads to
 * the root the municipality signed and published.
 */
import { createHash, sign, verify, type Hash, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../domain/chain.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { SigningKey } from './checkpoint-key.ts';
import { WRITE_LOCK } from './writer.ts';

/** A stored checkpoint. */
export interface Checkpoint {
  readonly id: number;
  readonly createdAt: Date;
  /** Largest AI event id and decision id when the checkpoint was taken: the records it covers. */
  readonly eventWatermark: number;
  readonly decisionWatermark: number;
  readonly caseCount: number;
  readonly recordCount: number;
  readonly root: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over `checkpointStatement`. */
  readonly signature: string;
}

/**
 * The root over chain heads, fed in case-id order: SHA-256 over one line `<case id> <seq> <hash>\n`
 * per case that had records. Streaming, so a million cases need no more memory than one.
 */
export class CheckpointRoot {
  readonly #hash: Hash = createHash('sha256');
  cases = 0;

  add(caseId: string, seq: number, hash: string): void {
    this.#hash.update(`${caseId} ${seq} ${hash}\n`);
    this.cases += 1;
  }

  digest(): string {
    return this.#hash.digest('hex');
  }
}

/** The exact bytes a checkpoint's signature covers: its fields as canonical JSON. */
export function checkpointStatement(c: Omit<Checkpoint, 'id' | 'signature'>): string {
  return canonicalJson({
    format: 'indsigt-checkpoint/1',
    createdAt: c.createdAt,
    eventWatermark: c.eventWatermark,
    decisionWatermark: c.decisionWatermark,
    caseCount: c.caseCount,
    recordCount: c.recordCount,
    root: c.root,
    keyId: c.keyId,
  });
}

/** Whether the checkpoint's signature is valid under `publicKey`. */
export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointStatement(checkpoint)),
      publicKey,
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** The chain heads at the watermarks, one batch of cases after `after` (keyset pagination by id). */
const HEADS_SQL = `select c.id::text as case_id, h.seq, h.hash
  from audit."case" c
  cross join lateral (
    select seq, hash from (
      (select seq, hash from audit.ai_event e where e.case_id = c.id and e.id <= $2 order by seq desc limit 1)
      union all
      (select seq, hash from audit.decision d where d.case_id = c.id and d.id <= $3 order by seq desc limit 1)
    ) latest order by seq desc limit 1
  ) h
  where c.id > $1::uuid
  order by c.id
  limit $4`;

/** Below every uuid: where keyset pagination over cases starts. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

async function readWatermarks(tx: Queryable): Promise<{ event: number; decision: number }> {
  const { rows } = await tx.query(
    `select (select coalesce(max(id), 0) from audit.ai_event) as event,
            (select coalesce(max(id), 0) from audit.decision) as decision`,
  );
  return { event: Number(rows[0]?.['event'] ?? 0), decision: Number(rows[0]?.['decision'] ?? 0) };
}

/**
 * Makes, signs and stores a checkpoint. Writers are held off only for the moment it takes to read the
 * two watermarks (every ingest transaction holds WRITE_LOCK shared); the heads are then read below the
 * watermarks while writers carry on above them.
 */
export async function createCheckpoint(
  db: Db,
  key: SigningKey,
  options: { batchSize?: number } = {},
): Promise<Checkpoint> {
  const batchSize = options.batchSize ?? 5000;
  const marks = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    return readWatermarks(tx);
  });
  const root = new CheckpointRoot();
  let after = NIL_UUID;
  for (;;) {
    const { rows } = await db.query(HEADS_SQL, [after, marks.event, marks.decision, batchSize]);
    for (const row of rows) root.add(String(row['case_id']), Number(row['seq']), String(row['hash']));
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) break;
    after = String(last['case_id']);
  }
  const counts = await db.query(
    `select (select count(*) from audit.ai_event where id <= $1) + (select count(*) from audit.decision where id <= $2) as n`,
    [marks.event, marks.decision],
  );
  const unsigned = {
    createdAt: new Date(),
    eventWatermark: marks.event,
    decisionWatermark: marks.decision,
    caseCount: root.cases,
    recordCount: Number(counts.rows[0]?.['n'] ?? 0),
    root: root.digest(),
    keyId: key.keyId,
  };
  const signature = sign(null, Buffer.from(checkpointStatement(unsigned)), key.privateKey).toString('base64');
  const { rows } = await db.query(
    `insert into audit.checkpoint (created_at, event_watermark, decision_watermark, case_count, record_count, root,
       key_id, signature)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      unsigned.createdAt.toISOString(),
      unsigned.eventWatermark,
      unsigned.decisionWatermark,
      unsigned.caseCount,
      unsigned.recordCount,
      unsigned.root,
      unsigned.keyId,
      signature,
    ],
  );
  return { id: Number(rows[0]?.['id']), ...unsigned, signature };
}

/**
 * Signs a checkpoint if records were written since the newest one (or there is none yet), so a server
 * can call it on a timer and after every ingest without piling up identical checkpoints. Returns the new
 * checkpoint, or null when the newest one already covers every record.
 */
export async function checkpointIfChanged(db: Db, key: SigningKey): Promise<Checkpoint | null> {
  const [newest] = await listCheckpoints(db, 1);
  if (newest) {
    const marks = await readWatermarks(db);
    if (marks.event === newest.eventWatermark && marks.decision === newest.decisionWatermark) return null;
  }
  return createCheckpoint(db, key);
}

const checkpointRow = z
  .object({
    id: z.number(),
    created_at: z.date(),
    event_watermark: z.number(),
    decision_watermark: z.number(),
    case_count: z.number(),
    record_count: z.number(),
    root: z.string(),
    key_id: z.string(),
    signature: z.string(),
  })
  .transform((r): Checkpoint => ({
    id: r.id,
    createdAt: r.created_at,
    eventWatermark: r.event_watermark,
    decisionWatermark: r.decision_watermark,
    caseCount: r.case_count,
    recordCount: r.record_count,
    root: r.root,
    keyId: r.key_id,
    signature: r.signature,
  }));

/** Stored checkpoints, oldest first; `limit` keeps only the newest ones. */
export async function listCheckpoints(db: Queryable, limit?: number): Promise<Checkpoint[]> {
  const { rows } = await db.query(
    `select * from (
       select id, created_at, event_watermark, decision_watermark, case_count, record_count, root, key_id, signature
       from audit.checkpoint order by id desc limit $1
     ) newest order by id`,
    [limit ?? null],
  );
  return rows.map((row) => checkpointRow.parse(row));
}
