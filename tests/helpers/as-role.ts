/**
 * A store seen through one of the least-privilege roles the migrations create (indsigt_portal,
 * indsigt_ingest): every query and transaction runs under `set local role`, so PostgreSQL and PGlite
 * check exactly the grants a deployment's login in that role would get.
 */
import type { Db, Queryable } from '../../src/db/db.ts';

export type StoreRole = 'indsigt_portal' | 'indsigt_ingest';

/** `db` as `role`: the same store, with that role's privileges on every statement. */
export function asRole(db: Db, role: StoreRole): Db {
  const inRole = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await tx.query(`set local role ${role}`);
      return fn(tx);
    });
  return {
    kind: db.kind,
    query: (sql, params) => inRole((tx) => tx.query(sql, params)),
    copyFrom: (table, columns, rows) => inRole((tx) => tx.copyFrom(table, columns, rows)),
    transaction: inRole,
    exec: () => Promise.reject(new Error(`${role} does not run scripts`)),
    close: () => db.close(),
  };
}
