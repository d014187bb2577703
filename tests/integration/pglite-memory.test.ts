/**
 * The embedded store's memory (issue 15): PGlite's WebAssembly memory grows but never shrinks, so
 * PostgreSQL's buffer pool and maintenance memory are kept small (src/db/pglite.ts); with the defaults
 * (128MB and 64MB) the portal's resident memory grew 31% over a 10-minute soak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { openPglite } from '../../src/db/pglite.ts';

describe('the embedded store', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  it('runs with a small buffer pool and maintenance memory', async () => {
    const { rows } = await db.query(
      `select name, setting::int8 * pg_size_bytes(case when unit ~ '^[0-9]' then unit else '1' || unit end) as bytes from pg_settings
        where name in ('shared_buffers', 'maintenance_work_mem', 'temp_buffers', 'work_mem')`,
    );
    const bytes = Object.fromEntries(rows.map((r) => [String(r['name']), Number(r['bytes'])]));
    const MiB = 1024 * 1024;
    expect(bytes['shared_buffers']).toBeLessThanOrEqual(16 * MiB);
    expect(bytes['maintenance_work_mem']).toBeLessThanOrEqual(16 * MiB);
    expect(bytes['temp_buffers']).toBeLessThanOrEqual(1 * MiB);
    expect(bytes['work_mem']).toBe(4 * MiB);
  });
});
