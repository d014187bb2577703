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

  /** Every audit table, with a text column to try to overwrite. */
  const auditColumns: Record<string, string> = {
    ai_event: 'output',
    decision: 'outcome',
    case: 'title',
    citizen: 'given_name',
    ai_system: 'name',
    staff: 'name',
    data_source: 'name',
    municipality: 'name',
    ai_event_source: 'data_source_id',
  };

  it.each(Object.entries(auditColumns))('cannot update or delete rows of audit.%s', async (table, column) => {
    await expect(asPortal(`update audit."${table}" set ${column} = 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asPortal(`delete from audit."${table}"`)).rejects.toThrow(/permission denied/);
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
