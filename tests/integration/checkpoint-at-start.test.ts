/**
 * Issue 10: checkpoints are signed without anyone running `npm run checkpoint`: at start (npm start and
 * npm run dev prepare the store and sign over it, with the development key when none is configured),
 * and whenever records were written since the newest one. So /api/v1/checkpoints is never empty in the
 * demo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../src/config.ts';
import { openStore } from '../../src/db/open.ts';
import { prepareStore } from '../../src/db/prepare.ts';
import { checkpointIfChanged } from '../../src/ingest/checkpoint.ts';
import { loadSigningKey, loadVerifyingKey } from '../../src/ingest/checkpoint-key.ts';
import { checkpointListSchema } from '../../src/ingest/openapi.ts';
import { handleCheckpointsRequest } from '../../src/ingest/http.ts';
import { ingestBatch } from '../../src/ingest/writer.ts';
import { parseIngestRecord, type IngestRecord } from '../../src/ingest/schema.ts';
import { citizenRecords } from '../helpers/ingest-records.ts';
import { tamperAsOwner } from '../helpers/stores.ts';

// A disk-backed embedded store is prepared several times: slower than the in-memory one on a busy machine.
describe('checkpoints signed by the default start', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'indsigt-start-'));
  const parsed = parseConfig({
    NODE_ENV: 'development',
    PGLITE_DATA_DIR: join(dir, 'pglite'),
    DEMO_CITIZENS: '10',
  });
  if (!parsed.ok) throw new Error(parsed.errors.join());
  const config: Config = parsed.config;
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs one over the freshly seeded demo world, published at /api/v1/checkpoints', async () => {
    const prepared = await prepareStore(config);
    expect(prepared.seed?.seeded).toBe(true);
    expect(prepared.checkpointError).toBeNull();
    expect(prepared.checkpoint?.caseCount).toBeGreaterThan(10);

    const db = await openStore(config.store);
    try {
      const response = await handleCheckpointsRequest({
        store: () => Promise.resolve(db),
        key: () => loadVerifyingKey({ env: config.env, ...config.checkpoint }),
      });
      const list = checkpointListSchema.parse(await response.json());
      expect(list.checkpoints.map((c) => c.root)).toEqual([prepared.checkpoint?.root]);
      expect(list.publicKey?.keyId).toBe(prepared.checkpoint?.keyId);
    } finally {
      await db.close();
    }
  });

  it('signs none at the next start when nothing was written, and a new one after an ingest', async () => {
    const again = await prepareStore(config);
    expect(again.checkpoint).toBeNull();

    const db = await openStore(config.store);
    try {
      const key = loadSigningKey({ env: config.env, ...config.checkpoint });
      if (!key.ok) throw new Error(key.error);
      const records: IngestRecord[] = citizenRecords(50_000, 'start').map((r) => {
        const result = parseIngestRecord(r);
        if (!result.ok) throw new Error(result.reason);
        return result.record;
      });
      await ingestBatch(db, records, 'test');
      const made = await checkpointIfChanged(db, key.key);
      expect(made?.id).toBeGreaterThan(1);
      expect(await checkpointIfChanged(db, key.key)).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('rebuilds an embedded demo store written before sealed case headers, instead of showing it broken', async () => {
    const db = await openStore(config.store);
    try {
      await tamperAsOwner(db, 'delete from audit.case_seal');
    } finally {
      await db.close();
    }
    const prepared = await prepareStore(config);
    expect(prepared.rebuilt).toBe(true);
    expect(prepared.seed?.seeded).toBe(true);
    expect(prepared.checkpoint).not.toBeNull();
    const reopened = await openStore(config.store);
    try {
      const { rows } = await reopened.query(
        `select count(*)::int8 as unsealed from audit."case" c
         where not exists (select 1 from audit.case_seal s where s.case_id = c.id)`,
      );
      expect(rows[0]?.['unsealed']).toBe(0);
    } finally {
      await reopened.close();
    }
  });
});
