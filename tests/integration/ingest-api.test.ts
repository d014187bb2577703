import { verify, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import {
  ingestOff,
  jwtAuthenticator,
  mtlsAuthenticator,
  type IngestAuthenticator,
} from '../../src/ingest/auth.ts';
import { createCheckpoint } from '../../src/ingest/checkpoint.ts';
import { keyIdOf } from '../../src/ingest/checkpoint-key.ts';
import { handleCheckpointsRequest, handleIngestRequest } from '../../src/ingest/http.ts';
import { checkpointListSchema, errorResponseSchema, ingestResponseSchema } from '../../src/ingest/openapi.ts';
import { citizenRecords } from '../helpers/ingest-records.ts';
import { startTestIdp, type TestIdp } from '../helpers/jwks-server.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const URL_ = 'http://localhost:4321/api/v1/ingest';
const LIMIT = 64 * 1024;

function post(body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Request {
  return new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    // A streamed body needs half duplex (not yet in TypeScript's RequestInit).
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  });
}

async function errorOf(response: Response): Promise<{ status: number; error: string; body: unknown }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body: unknown = await response.json();
  return { status: response.status, error: errorResponseSchema.parse(body).error, body };
}

describe.each(STORES)('the ingest API on $name', (store) => {
  let db: Db;
  let idp: TestIdp;
  let authenticate: IngestAuthenticator;
  const call = (request: Request, auth = authenticate): Promise<Response> =>
    handleIngestRequest(request, {
      store: () => Promise.resolve(db),
      authenticate: auth,
      maxBodyBytes: LIMIT,
    });
  const authorised = async (): Promise<Record<string, string>> => ({
    authorization: `Bearer ${await idp.token()}`,
  });

  beforeAll(async () => {
    db = await openSeededStore(store, 12);
    idp = await startTestIdp();
    authenticate = jwtAuthenticator({
      jwksUrl: idp.jwksUrl,
      issuer: idp.issuer,
      audience: idp.audience,
      scope: 'indsigt:ingest',
    });
  });
  afterAll(async () => {
    await idp.close();
    await db.close();
  });

  it('refuses a client without a token with 401 and a JSON error, before reading the body', async () => {
    const response = await call(post('{"records": []}'));
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await errorOf(response)).toMatchObject({ status: 401, error: 'unauthenticated' });
  });

  it('refuses a token signed by another key, an expired one and one for another audience with 401', async () => {
    const stranger = await generateKeyPair('ES256');
    const tokens = [
      await idp.token(undefined, { key: stranger.privateKey }),
      await idp.token(undefined, { expiresIn: '-1h' }),
      await idp.token(undefined, { audience: 'someone-else' }),
      'not-a-jwt',
    ];
    for (const token of tokens) {
      const response = await call(post('{"records": []}', { authorization: `Bearer ${token}` }));
      expect(await errorOf(response)).toMatchObject({ status: 401, error: 'invalid_token' });
    }
  });

  it('refuses a token without the ingest scope with 403', async () => {
    const token = await idp.token({ scope: 'openid profile', client_id: 'sagssystem' });
    const response = await call(post('{"records": []}', { authorization: `Bearer ${token}` }));
    expect(await errorOf(response)).toMatchObject({ status: 403, error: 'insufficient_scope' });
  });

  it('answers 503, not 401, when the identity provider’s keys cannot be fetched', async () => {
    const unreachable = jwtAuthenticator({
      jwksUrl: new URL('http://127.0.0.1:9/jwks'),
      issuer: idp.issuer,
      audience: idp.audience,
      scope: 'indsigt:ingest',
    });
    const response = await call(post('{"records": []}', await authorised()), unreachable);
    expect(await errorOf(response)).toMatchObject({ status: 503, error: 'auth_unavailable' });
  });

  it('refuses an oversized body with 413, whether it declares its length or streams it', async () => {
    const big = JSON.stringify({ records: [{ padding: 'x'.repeat(LIMIT) }] });
    const declared = await call(post(big, { ...(await authorised()), 'content-length': String(big.length) }));
    expect(await errorOf(declared)).toMatchObject({ status: 413, error: 'payload_too_large' });
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 100) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const streamed = await call(post(stream, await authorised()));
    expect(await errorOf(streamed)).toMatchObject({ status: 413, error: 'payload_too_large' });
    expect(sent).toBeLessThan(10);
  });

  it('refuses a body that is not JSON (400), not a record list (400) or not application/json (415)', async () => {
    const headers = await authorised();
    expect(await errorOf(await call(post('{"records": [', headers)))).toMatchObject({
      status: 400,
      error: 'invalid_json',
    });
    expect(await errorOf(await call(post('[1, 2]', headers)))).toMatchObject({
      status: 400,
      error: 'invalid_request',
    });
    expect(await errorOf(await call(post('{"records": []}', headers)))).toMatchObject({
      status: 400,
      error: 'invalid_request',
    });
    const text = await call(post('{}', { ...headers, 'content-type': 'text/plain' }));
    expect(await errorOf(text)).toMatchObject({ status: 415, error: 'unsupported_media_type' });
  });

  it('refuses a request with an invalid record with 422, naming the record, and writes none of it', async () => {
    let index = 30_000;
    while (!citizenRecords(index).some((r) => r.type === 'ai_event')) index += 1;
    const records = citizenRecords(index, 'api-invalid');
    const broken = { ...records.find((r) => r.type === 'ai_event')!, kind: 'mind_reading' };
    const response = await call(post(JSON.stringify({ records: [records[0], broken] }), await authorised()));
    const { status, error, body } = await errorOf(response);
    expect({ status, error }).toEqual({ status: 422, error: 'invalid_records' });
    expect(errorResponseSchema.parse(body).records).toEqual([
      {
        index: 1,
        idempotencyKey: broken.idempotencyKey,
        reason: expect.stringMatching(/^invalid record: kind: /),
      },
    ]);
    const { rows } = await db.query(`select count(*) as n from audit."case" where id = $1`, [
      records[0]!['id'],
    ]);
    expect(Number(rows[0]?.['n'])).toBe(0);
  });

  it('writes valid records and answers each: accepted with its place in the chain, duplicate, rejected', async () => {
    const records = citizenRecords(30_001, 'api');
    const first = await call(post(JSON.stringify({ records }), await authorised()));
    expect(first.status).toBe(200);
    const answer = ingestResponseSchema.parse(await first.json());
    expect(answer.summary).toEqual({ accepted: records.length, duplicate: 0, rejected: 0 });
    const event = answer.records.find((_, i) => records[i]!.type === 'ai_event');
    expect(event).toMatchObject({ status: 'accepted', caseId: expect.any(String), seq: 1 });

    const again = [records[0]!, { ...records[1]!, output: 'changed' }];
    const second = ingestResponseSchema.parse(
      await (await call(post(JSON.stringify({ records: again }), await authorised()))).json(),
    );
    expect(second.records.map((r) => r.status)).toEqual(['duplicate', 'rejected']);
    const { rows } = await db.query(
      `select distinct written_by from audit.ingest_key where key like 'api:%'`,
    );
    expect(rows).toEqual([{ written_by: 'oauth:sagssystem' }]);
  });

  it('in mTLS mode lets in only the certificate subjects it was given', async () => {
    const mtls = mtlsAuthenticator({
      header: 'x-client-cert-subject',
      subjects: ['CN=sagssystem,O=Egebæk Kommune'],
    });
    const body = JSON.stringify({ records: citizenRecords(30_002, 'mtls').slice(0, 1) });
    expect(await errorOf(await call(post(body), mtls))).toMatchObject({
      status: 401,
      error: 'unauthenticated',
    });
    const stranger = await call(post(body, { 'x-client-cert-subject': 'CN=other' }), mtls);
    expect(await errorOf(stranger)).toMatchObject({ status: 403, error: 'client_not_allowed' });
    const allowed = await call(
      post(body, { 'x-client-cert-subject': 'CN=sagssystem,O=Egebæk Kommune' }),
      mtls,
    );
    expect(ingestResponseSchema.parse(await allowed.json()).summary.accepted).toBe(1);
  });

  it('answers 503 while ingest is not configured', async () => {
    expect(await errorOf(await call(post('{}', await authorised()), ingestOff))).toMatchObject({
      status: 503,
      error: 'ingest_disabled',
    });
  });

  it('publishes signed checkpoints with the public key that verifies them', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const publicKey = createPublicKey(privateKey);
    const key = { privateKey, publicKey, keyId: keyIdOf(publicKey), development: false };
    const made = await createCheckpoint(db, key);
    const response = await handleCheckpointsRequest({
      store: () => Promise.resolve(db),
      key: () => ({ ok: true, key: { publicKey, keyId: key.keyId, development: false } }),
    });
    const list = checkpointListSchema.parse(await response.json());
    expect(list.publicKey?.keyId).toBe(key.keyId);
    const published = list.checkpoints.at(-1)!;
    expect(published).toMatchObject({ id: made.id, root: made.root, caseCount: made.caseCount });
    const pem = createPublicKey(list.publicKey!.pem);
    expect(
      verify(null, Buffer.from(published.statement), pem, Buffer.from(published.signature, 'base64')),
    ).toBe(true);
    expect(JSON.parse(published.statement)).toMatchObject({ root: made.root, keyId: key.keyId });
  });
});
