/**
 * Issue 10: no role the portal (indsigt_portal) or the write side (indsigt_ingest) runs as may change
 * or remove a sealed row, write a head record, or move a case to another citizen. Each grant is tried
 * with `set role` on the real store (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { asRole, type StoreRole } from '../helpers/as-role.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const ROLES: readonly StoreRole[] = ['indsigt_portal', 'indsigt_ingest'];

/** Every sealed table, with a column to "change" it by. */
const SEALED: readonly [table: string, column: string][] = [
  ['case_seal', 'title'],
  ['ai_event', 'output'],
  ['ai_event_source', 'source_owner'],
  ['decision', 'decided_by_name'],
  ['case_head', 'seq'],
  ['checkpoint', 'root'],
  ['ingest_key', 'payload_hash'],
];

describe.each(STORES)('grants on sealed records on $name', (store) => {
  let db: Db;
  const mette = generateCitizen(0);
  const jens = generateCitizen(1);
  beforeAll(async () => {
    db = await openSeededStore(store, 4);
  });
  afterAll(async () => {
    await db.close();
  });

  describe.each(ROLES)('as %s', (role) => {
    const run = (sql: string, params: unknown[] = []): Promise<unknown> =>
      asRole(db, role).query(sql, params);

    it.each(SEALED)('cannot update or delete audit.%s', async (table, column) => {
      await expect(run(`update audit.${table} set ${column} = ${column}`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(run(`delete from audit.${table}`)).rejects.toThrow(/permission denied/);
    });

    it('cannot write a case’s head record', async () => {
      await expect(
        run(`insert into audit.case_head (case_id, seq) values ($1, 99)`, [mette.cases[0]!.row.id]),
      ).rejects.toThrow(/permission denied/);
    });

    it('cannot move a case to another citizen, case number or municipality, or delete it', async () => {
      const id = mette.cases[0]!.row.id;
      await expect(
        run(`update audit."case" set citizen_cpr = $1 where id = $2`, [jens.citizen.cpr, id]),
      ).rejects.toThrow(/permission denied/);
      await expect(run(`update audit."case" set case_number = 'X-1' where id = $1`, [id])).rejects.toThrow(
        /permission denied/,
      );
      await expect(
        run(`update audit."case" set municipality_code = '998' where id = $1`, [id]),
      ).rejects.toThrow(/permission denied/);
      await expect(run(`delete from audit."case" where id = $1`, [id])).rejects.toThrow(/permission denied/);
    });
  });

  it('lets the ingest role change a case’s own facts (the writer seals each change as a new version)', async () => {
    const id = jens.cases[0]!.row.id;
    await expect(
      asRole(db, 'indsigt_ingest').query(`update audit."case" set status = 'closed' where id = $1`, [id]),
    ).resolves.toMatchObject({ rowCount: 1 });
  });

  it('refuses even the owner to move a case or delete one (a trigger, for every role)', async () => {
    const id = mette.cases[0]!.row.id;
    await expect(
      db.query(`update audit."case" set citizen_cpr = $1 where id = $2`, [jens.citizen.cpr, id]),
    ).rejects.toThrow(/cannot be moved/);
    await expect(db.query(`delete from audit."case" where id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(db.query(`update audit.case_seal set title = 'x'`)).rejects.toThrow(/append-only/);
  });

  it('keeps the head record in step with every append, whoever writes', async () => {
    const target = mette.cases[0]!;
    const { rows } = await db.query(
      `select seq, hash, seal_version, seal_hash from audit.case_head where case_id = $1`,
      [target.row.id],
    );
    const last = [...target.events, ...target.decisions].sort((a, b) => a.seq - b.seq).at(-1)!;
    expect(rows[0]).toEqual({ seq: last.seq, hash: last.hash, seal_version: 1, seal_hash: target.seal.hash });
  });
});
