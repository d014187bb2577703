import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

describe.each(STORES)('the indsigt_portal role on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  /** Runs `sql` as the portal role in a transaction that is always rolled back. */
  async function asPortal(sql: string): Promise<void> {
    await db
      .transaction(async (tx) => {
        await tx.query('set local role indsigt_portal');
        await tx.query(sql);
        throw new Error('rollback');
      })
      .catch((error: unknown) => {
        if (error instanceof Error && error.message === 'rollback') return;
        throw error;
      });
  }

  it('cannot update or delete a row of any table in the audit schema', async () => {
    // Every audit table there is, found in the catalogue, so a new table cannot slip past this test.
    const { rows } = await db.query(
      `select table_name, (select column_name from information_schema.columns c
                            where c.table_schema = t.table_schema and c.table_name = t.table_name and c.is_identity = 'NO'
                            order by ordinal_position limit 1) as first_column
       from information_schema.tables t where table_schema = 'audit' and table_type = 'BASE TABLE' order by 1`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      const table = String(row['table_name']);
      const column = String(row['first_column']);
      await expect(asPortal(`update audit."${table}" set "${column}" = "${column}"`), table).rejects.toThrow(
        /permission denied/,
      );
      await expect(asPortal(`delete from audit."${table}"`), table).rejects.toThrow(/permission denied/);
    }
  });

  it('cannot add rows to the audit store', async () => {
    await expect(
      asPortal(
        `insert into audit.staff (id, municipality_code, name, title, unit) values ('x', '999', 'x', 'x', 'x')`,
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('can read the audit store and write its own records', async () => {
    await expect(asPortal('select count(*) from audit.ai_event')).resolves.toBeUndefined();
    await expect(
      asPortal(`insert into portal.access_record (citizen_cpr, staff_id, staff_name, staff_title, staff_unit, purpose)
                values ('0101600006', 'egb-0201', 'Camilla Juhl', 'Borgerservicemedarbejder', 'Borgerservice', 'desk')`),
    ).resolves.toBeUndefined();
  });

  it('cannot rewrite or remove who looked a citizen up', async () => {
    await expect(asPortal(`update portal.access_record set purpose = 'phone'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asPortal('delete from portal.access_record')).rejects.toThrow(/permission denied/);
  });
});
