/**
 * The HTTP side of ingest, as plain functions from a Request to a Response so they are tested without
 * Astro: POST /api/v1/ingest (authenticate, limit, parse, validate, write — one step a line) and
 * GET /api/v1/checkpoints. Every answer is JSON; every error names itself in `error`.
 */
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import type { IngestAuthenticator } from './auth.ts';
import { checkpointStatement, listCheckpoints } from './checkpoint.ts';
import { publicKeyPem, type VerifyingKey } from './checkpoint-key.ts';
import { parseIngestRecord, type IngestRecord } from './schema.ts';
import { ingestBatch, type RecordResult } from './writer.ts';

/** Most records one request may carry. */
export const MAX_RECORDS_PER_REQUEST = 1000;

export interface IngestDeps {
  readonly store: () => Promise<Db>;
  readonly authenticate: IngestAuthenticator;
  readonly maxBodyBytes: number;
  /** Told about a store failure (for the server's log); the client hears only a 503. */
  readonly onStoreError?: (error: unknown) => void;
  /** Told when records were written, e.g. to schedule a signed checkpoint. */
  readonly onWritten?: () => void;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** A JSON error answer: `{ error, message, ...details }`. */
export function jsonError(
  status: number,
  error: string,
  message: string,
  details: Record<string, unknown> = {},
  headers: Readonly<Record<string, string>> = {},
): Response {
  return Response.json({ error, message, ...details }, { status, headers: { ...NO_STORE, ...headers } });
}

type BodyRead = { ok: true; text: string } | { ok: false; response: Response };

function tooLarge(limit: number): Response {
  return jsonError(413, 'payload_too_large', `the request body is larger than ${limit} bytes`, { limit });
}

/** Reads the body, refusing it as soon as it grows past `limit` (whatever Content-Length claimed). */
async function readLimited(request: Request, limit: number): Promise<BodyRead> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return { ok: false, response: tooLarge(limit) };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { ok: false, response: tooLarge(limit) };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

const envelopeSchema = z.strictObject({ records: z.array(z.unknown()).min(1).max(MAX_RECORDS_PER_REQUEST) });

/** One record's answer: its position in `records`, its key, and what became of it. */
type RecordAnswer = { index: number; idempotencyKey: string } & RecordResult;

/** POST /api/v1/ingest. */
export async function handleIngestRequest(request: Request, deps: IngestDeps): Promise<Response> {
  if (request.method !== 'POST')
    return jsonError(405, 'method_not_allowed', 'use POST', {}, { Allow: 'POST' });

  const auth = await deps.authenticate(request);
  if (!auth.ok) return jsonError(auth.status, auth.error, auth.message, {}, auth.headers);

  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return jsonError(415, 'unsupported_media_type', 'send the records as application/json');
  }

  const body = await readLimited(request, deps.maxBodyBytes);
  if (!body.ok) return body.response;

  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return jsonError(400, 'invalid_json', 'the request body is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return jsonError(
      400,
      'invalid_request',
      `the body must be {"records": [...]} with 1 to ${MAX_RECORDS_PER_REQUEST} records`,
    );
  }

  // Validate every record before writing any: a client with a bug hears about all of it at once.
  const records: IngestRecord[] = [];
  const invalid: { index: number; idempotencyKey: string | null; reason: string }[] = [];
  envelope.data.records.forEach((value, index) => {
    const parsed = parseIngestRecord(value);
    if (parsed.ok) records.push(parsed.record);
    else invalid.push({ index, idempotencyKey: keyOf(value), reason: parsed.reason });
  });
  if (invalid.length > 0) {
    return jsonError(
      422,
      'invalid_records',
      `${invalid.length} record(s) do not match the ingest format; nothing was written`,
      {
        records: invalid,
      },
    );
  }

  let results: RecordResult[];
  try {
    const db = await deps.store();
    ({ results } = await ingestBatch(db, records, auth.client));
  } catch (error) {
    // Whatever the store said stays in the server's log: table and constraint names are not the client's.
    deps.onStoreError?.(error);
    return jsonError(
      503,
      'store_unavailable',
      'the audit store could not write the records; nothing was written',
    );
  }
  if (results.some((r) => r.status === 'accepted')) deps.onWritten?.();
  const answers: RecordAnswer[] = results.map((result, index) => ({
    index,
    idempotencyKey: records[index]?.idempotencyKey ?? '',
    ...result,
  }));
  const count = (status: RecordResult['status']): number => answers.filter((a) => a.status === status).length;
  return Response.json(
    {
      summary: { accepted: count('accepted'), duplicate: count('duplicate'), rejected: count('rejected') },
      records: answers,
    },
    { status: 200, headers: NO_STORE },
  );
}

function keyOf(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && 'idempotencyKey' in value) {
    return typeof value.idempotencyKey === 'string' ? value.idempotencyKey.slice(0, 200) : null;
  }
  return null;
}

export interface CheckpointsDeps {
  readonly store: () => Promise<Db>;
  /** The municipality's checkpoint public key, or an explanation of why there is none. */
  readonly key: () => { ok: true; key: VerifyingKey } | { ok: false; error: string };
}

/** Newest checkpoints published at once. */
export const PUBLISHED_CHECKPOINTS = 1000;

/** GET /api/v1/checkpoints: the signed checkpoints, newest last, with the key to check them against. */
export async function handleCheckpointsRequest(deps: CheckpointsDeps): Promise<Response> {
  let checkpoints;
  try {
    checkpoints = await listCheckpoints(await deps.store(), PUBLISHED_CHECKPOINTS);
  } catch {
    return jsonError(503, 'store_unavailable', 'the audit store could not be reached');
  }
  const key = deps.key();
  return Response.json(
    {
      algorithm: 'Ed25519',
      publicKey: key.ok ? { keyId: key.key.keyId, pem: publicKeyPem(key.key.publicKey) } : null,
      rootFormat:
        'SHA-256 over one line "<case id> <seq> <hash>\\n" per case with records at the watermarks, in case-id order',
      checkpoints: checkpoints.map((c) => ({
        id: c.id,
        createdAt: c.createdAt.toISOString(),
        eventWatermark: c.eventWatermark,
        decisionWatermark: c.decisionWatermark,
        caseCount: c.caseCount,
        recordCount: c.recordCount,
        root: c.root,
        keyId: c.keyId,
        statement: checkpointStatement(c),
        signature: c.signature,
      })),
    },
    { headers: { 'Cache-Control': 'public, max-age=60' } },
  );
}
