/**
 * Server-side sessions in the database (portal.session), so every portal instance behind the load
 * balancer shares them (ADR 0004). The cookie holds a random token; the table holds its SHA-256, so
 * a leaked table cannot be replayed as cookies. Idle timeout 15 minutes for citizens and 10 for staff
 * (who handle other people's data), and an absolute timeout from the configuration.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db.ts';
import { sessionDataSchema, type SessionData } from './session-types.ts';

export const IDLE_MINUTES = { citizen: 15, staff: 10 } as const;
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_AFTER_MS = 60_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session; returns the token for the cookie. Always a new id, so a login never reuses one. */
export async function createSession(
  db: Queryable,
  data: SessionData,
  options: { idpSid: string | null; absoluteMinutes: number; now?: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = options.now ?? new Date();
  // Sessions that ended without a logout (idle, or past their end) are deleted at the next login.
  await purgeExpiredSessions(db, now);
  await db.query(
    `insert into portal.session (id, kind, data, idp_sid, created_at, last_seen_at, expires_at)
     values ($1, $2, $3, $4, $5, $5, $6)`,
    [
      hashToken(token),
      data.kind,
      JSON.stringify(data),
      options.idpSid,
      now,
      new Date(now.getTime() + options.absoluteMinutes * 60_000),
    ],
  );
  return token;
}

export type SessionLookup =
  | { readonly status: 'active'; readonly data: SessionData }
  | { readonly status: 'expired' }
  | { readonly status: 'none' };

/** The session behind a cookie token, ending it if it has been idle too long or lived too long. */
export async function readSession(
  db: Queryable,
  token: string | undefined,
  now = new Date(),
): Promise<SessionLookup> {
  if (!token) return { status: 'none' };
  const id = hashToken(token);
  const { rows } = await db.query('select data, last_seen_at, expires_at from portal.session where id = $1', [
    id,
  ]);
  const row = rows[0];
  if (!row) return { status: 'none' };
  const parsed = sessionDataSchema.safeParse(row['data']);
  const lastSeen = row['last_seen_at'] as Date;
  const expires = row['expires_at'] as Date;
  const idleLimit = parsed.success ? IDLE_MINUTES[parsed.data.kind] * 60_000 : 0;
  if (!parsed.success || now.getTime() - lastSeen.getTime() > idleLimit || now >= expires) {
    await db.query('delete from portal.session where id = $1', [id]);
    return { status: 'expired' };
  }
  if (now.getTime() - lastSeen.getTime() > TOUCH_AFTER_MS) {
    await db.query('update portal.session set last_seen_at = $2 where id = $1', [id, now]);
  }
  return { status: 'active', data: parsed.data };
}

/** Replaces the data of a live session (e.g. the citizen a front-desk worker is helping). */
export async function updateSessionData(db: Queryable, token: string, data: SessionData): Promise<void> {
  await db.query('update portal.session set data = $2 where id = $1', [
    hashToken(token),
    JSON.stringify(data),
  ]);
}

/** Ends one session. */
export async function destroySession(db: Queryable, token: string | undefined): Promise<void> {
  if (token) await db.query('delete from portal.session where id = $1', [hashToken(token)]);
}

/** Ends every session the IdP knows by its `sid` (back-channel logout). Returns how many. */
export async function destroySessionsBySid(
  db: Queryable,
  kind: SessionData['kind'],
  sid: string,
): Promise<number> {
  const { rowCount } = await db.query('delete from portal.session where idp_sid = $1 and kind = $2', [
    sid,
    kind,
  ]);
  return rowCount;
}

/**
 * Removes sessions that can no longer be used: past their absolute end, or idle longer than their
 * kind allows (the privacy notice promises an ended login is deleted). Run at every login.
 */
export async function purgeExpiredSessions(db: Queryable, now = new Date()): Promise<number> {
  const { rowCount } = await db.query(
    `delete from portal.session
     where expires_at < $1
        or (kind = 'citizen' and last_seen_at < $1 - make_interval(mins => $2))
        or (kind = 'staff' and last_seen_at < $1 - make_interval(mins => $3))`,
    [now, IDLE_MINUTES.citizen, IDLE_MINUTES.staff],
  );
  return rowCount;
}
