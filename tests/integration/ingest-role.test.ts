import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import type { IngestAuthenticator } from '../../src/ingest/auth.ts';
import { handleIngestRequest } from '../../src/ingest/http.ts';
import { errorResponseSchema, ingestResponseSchema } from '../../src/ingest/openapi.ts';
import { getCaseTimeline } from '../../src/db/cases.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { verifyCaseChain } from '../../src/domain/integrity.ts';
import { asRole } from '../helpers/as-role.ts';
import { citizenRecords } from '../helpers/ingest-records.ts';
import { TEST_DATABASE_PREFIX } from '../helpers/database-prefix.ts';
import { openSeededStore, STORES, TEST_DATABASE_URL } from '../helpers/stores.ts';

/** A machine client that is always let in: these tests are about the store's role, not the token. */
const trusted: IngestAuthenticator = () => Promise.resolve({ ok: true, client: 'test:sagssystem' });

function post(records: unknown[]): Request {
  return new Request('http://localhost/api/v1/ingest', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ records }),
  });
}

describe.each(STORES)('the ingest API running as indsigt_ingest on $name', (store) => {
  let owner: Db;
  let ingest: Db;
  const call = (records: unknown[], db: Db = ingest): Promise<Response> =>
    handleIngestRequest(post(records), {
      store: () => Promise.resolve(db),
      authenticate: trusted,
      maxBodyBytes: 1024 * 1024,
    });

  beforeAll(async () => {
    owner = await openSeededStore(store, 6);
    ingest = asRole(owner, 'indsigt_ingest');
  });
  afterAll(async () => {
    await owner.close();
  });

  it('writes a citizen’s cases, AI events and decisions, every record accepted', async () => {
    const records = citizenRecords(40_000, 'role');
    const response = await call(records);
    expect(response.status).toBe(200);
    const answer = ingestResponseSchema.parse(await response.json());
    expect(answer.records.filter((r) => r.status !== 'accepted')).toEqual([]);
    expect(answer.summary.accepted).toBe(records.length);
  });

  it('seals a change of a case’s status as a new header version, and the case stays intact', async () => {
    const generated = generateCitizen(40_001);
    const records = citizenRecords(40_001, 'status');
    expect((await call(records)).status).toBe(200);
    const caseRecord = records.find((r) => r.type === 'case')!;
    const closed = {
      ...caseRecord,
      idempotencyKey: 'status:closed',
      status: 'closed',
      closedOn: '2026-10-30',
    };
    const answer = ingestResponseSchema.parse(await (await call([closed])).json());
    expect(answer.records[0]).toMatchObject({ status: 'accepted' });
    const { rows } = await owner.query(
      `select version, status from audit.case_seal where case_id = $1 order by version`,
      [caseRecord['id']],
    );
    expect(rows.at(-1)).toEqual({ version: rows.length, status: 'closed' });
    const timeline = await getCaseTimeline(owner, generated.citizen.cpr, String(caseRecord['id']));
    if (!timeline.ok) throw new Error('case not found');
    expect(timeline.timeline.case.status).toBe('closed');
    expect(verifyCaseChain(timeline.timeline)).toEqual({ intact: true, problems: [] });
  });

  it('refuses to move a case to another citizen, naming no table', async () => {
    const records = citizenRecords(40_002, 'move');
    expect((await call(records)).status).toBe(200);
    const moved = {
      ...records[0]!,
      idempotencyKey: 'move:again',
      citizen: { cpr: generateCitizen(40_003).citizen.cpr, givenName: 'A', familyName: 'B' },
    };
    const answer = ingestResponseSchema.parse(await (await call([moved])).json());
    expect(answer.records[0]).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/another citizen/),
    });
  });

  it('answers 503 JSON naming no table or constraint when its login may not write (the portal’s role)', async () => {
    const portal = asRole(owner, 'indsigt_portal');
    const errors: unknown[] = [];
    const response = await handleIngestRequest(post(citizenRecords(40_004, 'portal')), {
      store: () => Promise.resolve(portal),
      authenticate: trusted,
      maxBodyBytes: 1024 * 1024,
      onStoreError: (error) => errors.push(error),
    });
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(errorResponseSchema.parse(JSON.parse(text)).error).toBe('store_unavailable');
    expect(text).not.toMatch(/audit\.|ai_event|decision|case_seal|permission|relation|constraint/i);
    expect(errors).toHaveLength(1);
  });

  it('refuses a NUL character in an explanation or an English text by its field, and stores nothing', async () => {
    const records = citizenRecords(40_006, 'nul-json');
    const at = records.findIndex((r) => r.type === 'ai_event' && r.explanation !== undefined);
    const event = records[at]!;
    const withNul = records.map((r, i) =>
      i === at
        ? {
            ...event,
            explanation: { ...(event['explanation'] as object), limits: 'Grænser\u0000' },
            en: { output: 'x\u0000' },
          }
        : r,
    );
    // A record that does not match the ingest format refuses the whole request (422), naming it.
    const response = await call(withNul);
    expect(response.status).toBe(422);
    const answer = errorResponseSchema.parse(await response.json());
    expect(answer.error).toBe('invalid_records');
    expect(answer.records).toEqual([
      {
        index: at,
        idempotencyKey: event.idempotencyKey,
        reason:
          'invalid record: explanation.limits: must not contain a NUL character; en.output: must not contain a NUL character',
      },
    ]);
    const { rows } = await owner.query(
      `select count(*)::int as n from audit.ai_event where case_id = $1 and seq = $2`,
      [event['caseId'], event['seq']],
    );
    expect(rows[0]?.['n']).toBe(0);
  });

  it('names no constraint when the store refuses a record for its data', async () => {
    const records = citizenRecords(40_005, 'nul');
    // A NUL byte is valid JSON and passes the ingest schema, but PostgreSQL refuses it in text.
    const withNul = records.map((r) => (r.type === 'case' ? { ...r, title: 'Sag\u0000med NUL' } : r));
    const response = await call(withNul);
    const text = await response.text();
    const answer = ingestResponseSchema.parse(JSON.parse(text));
    expect(answer.records[0]).toEqual({
      index: 0,
      idempotencyKey: records[0]!.idempotencyKey,
      status: 'rejected',
      reason: 'refused by the store: a value is not valid for the store',
    });
    expect(text).not.toMatch(/audit\.|"case"|_key|_fkey|_check|relation|constraint/i);
  });
});

describe.each(STORES.filter((s) => s.name === 'postgres'))(
  'the ingest API through a login in indsigt_ingest, as the deployment documents, on $name',
  (store) => {
    let owner: Db;
    let writer: Db | undefined;
    const login = `${TEST_DATABASE_PREFIX}_writer_${randomBytes(4).toString('hex')}`;
    beforeAll(async () => {
      owner = await openSeededStore(store, 4);
      const { rows } = await owner.query('select current_database() as name');
      // `create role x login in role indsigt_ingest`, the README's deployment step (roles are per cluster).
      await owner.query(`create role ${login} login in role indsigt_ingest`);
      const url = new URL(TEST_DATABASE_URL ?? '');
      url.username = login;
      url.password = '';
      url.pathname = `/${String(rows[0]?.['name'])}`;
      writer = openPostgres(url.toString(), { max: 2 });
    });
    afterAll(async () => {
      await writer?.close();
      await owner.query(`drop owned by ${login}`);
      await owner.query(`drop role if exists ${login}`);
      await owner.close();
    });

    it('accepts every record of a citizen', async () => {
      const records = citizenRecords(40_100, 'login');
      const response = await handleIngestRequest(post(records), {
        store: () => Promise.resolve(writer!),
        authenticate: trusted,
        maxBodyBytes: 1024 * 1024,
      });
      const answer = ingestResponseSchema.parse(await response.json());
      expect(answer.summary).toEqual({ accepted: records.length, duplicate: 0, rejected: 0 });
    });
  },
);
