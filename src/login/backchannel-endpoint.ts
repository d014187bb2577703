/** The back-channel logout endpoint's work: verify the logout token, end the sessions of its sid. */
import { destroySessionsBySid, relyingParty, verifyLogoutToken } from '../auth/index.ts';
import { readForm } from '../server/forms.ts';
import { log } from '../server/log.ts';
import { getStore } from '../server/store.ts';

const MAX_LOGOUT_BODY_BYTES = 16 * 1024;

/** Answers per OpenID Connect Back-Channel Logout 1.0 §2.8: 200 when done, 400 when refused. */
export async function handleBackchannelLogout(
  kind: 'citizen' | 'staff',
  request: Request,
): Promise<Response> {
  const headers = { 'Cache-Control': 'no-store' };
  // Anyone can reach this endpoint: a logout token is a few kilobytes, so read nothing larger.
  const length = Number(request.headers.get('content-length') ?? 'NaN');
  if (!Number.isFinite(length) || length > MAX_LOGOUT_BODY_BYTES) {
    return Response.json({ error: 'invalid_request' }, { status: 413, headers });
  }
  const form = await readForm(request);
  const token = form.get('logout_token');
  if (typeof token !== 'string') return Response.json({ error: 'invalid_request' }, { status: 400, headers });
  const db = await getStore();
  const verified = await verifyLogoutToken(relyingParty(kind), token, db);
  if (!verified.ok) {
    log.warn('back-channel logout refused', { kind });
    return Response.json({ error: 'invalid_request' }, { status: 400, headers });
  }
  const ended = await destroySessionsBySid(db, kind, verified.sid);
  log.info('back-channel logout', { kind, sessionsEnded: ended });
  return new Response(null, { status: 200, headers });
}
