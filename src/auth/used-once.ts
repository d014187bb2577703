/**
 * Single use, enforced in the database so it holds across every portal instance behind the load
 * balancer: a login transaction is redeemed once, a back-channel logout token is accepted once
 * (OpenID Connect Back-Channel Logout 1.0 §2.6 lets the relying party track `jti` to refuse replays).
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db.ts';

export type UsedOncePurpose = 'login_transaction' | 'logout_token';

/**
 * Records `key` as used for `purpose`; true the first time, false on every later try while the
 * record lives. Keep it until `expiresAt`, when the thing itself is refused for its age anyway.
 */
export async function useOnce(
  db: Queryable,
  purpose: UsedOncePurpose,
  key: string,
  expiresAt: Date,
  now: Date = new Date(),
): Promise<boolean> {
  // Clearing what has expired keeps the table as small as the number of live transactions.
  await db.query('delete from portal.used_once where expires_at < $1', [now]);
  const { rowCount } = await db.query(
    `insert into portal.used_once (purpose, key_hash, expires_at) values ($1, $2, $3)
     on conflict (purpose, key_hash) do nothing`,
    [purpose, createHash('sha256').update(key).digest('hex'), expiresAt],
  );
  return rowCount === 1;
}
