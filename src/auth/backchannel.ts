/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the IdP posts a logout token and
 * we end the sessions with its `sid`. openid-client has no validator for logout tokens, so the
 * token is verified here with jose against the provider's published keys, with the same pinned
 * algorithms as the ID token, and its `jti` is recorded in the store so that a replayed token is
 * refused on every portal instance (§2.6 of the specification allows exactly this).
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Queryable } from '../db/db.ts';
import { acceptedAlgorithms, oidcConfiguration, type RelyingPartySettings } from './oidc.ts';
import { useOnce } from './used-once.ts';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token older than this is refused, whatever its `exp` says. */
const MAX_TOKEN_AGE_SECONDS = 5 * 60;
const keySets = new Map<string, JWTVerifyGetKey>();

export type LogoutTokenResult = { ok: true; sid: string } | { ok: false };

/**
 * Verifies a logout token: signature (pinned algorithms), issuer, audience, age, the logout event,
 * a `sid` and a `jti`, no nonce; then records the `jti` so the same token is accepted only once.
 */
export async function verifyLogoutToken(
  settings: RelyingPartySettings,
  token: string,
  store: Queryable,
  now: Date = new Date(),
): Promise<LogoutTokenResult> {
  const verified = await verifySignedLogoutToken(settings, token, now);
  if (!verified.ok) return { ok: false };
  // Outside the verification's catch-all: a store that fails is an error, not a refused token.
  const firstUse = await useOnce(store, 'logout_token', verified.replayKey, verified.keepUntil, now);
  return firstUse ? { ok: true, sid: verified.sid } : { ok: false };
}

async function verifySignedLogoutToken(
  settings: RelyingPartySettings,
  token: string,
  now: Date,
): Promise<{ ok: true; sid: string; replayKey: string; keepUntil: Date } | { ok: false }> {
  try {
    const metadata = (await oidcConfiguration(settings)).serverMetadata();
    if (!metadata.jwks_uri) return { ok: false };
    let keys = keySets.get(metadata.jwks_uri);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
      keySets.set(metadata.jwks_uri, keys);
    }
    const { payload } = await jwtVerify(token, keys, {
      issuer: metadata.issuer,
      audience: settings.clientId,
      algorithms: acceptedAlgorithms(settings),
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      clockTolerance: settings.clockSkewSeconds,
      requiredClaims: ['iat', 'jti'],
      currentDate: now,
    });
    const events = payload['events'];
    const hasEvent = typeof events === 'object' && events !== null && BACKCHANNEL_EVENT in events;
    const { sid, jti, iat = 0, exp = 0 } = payload;
    if (!hasEvent || 'nonce' in payload || typeof sid !== 'string' || typeof jti !== 'string') {
      return { ok: false };
    }
    // Kept until no clock could still find the token fresh; after that its age refuses it.
    const keepUntil = (Math.max(exp, iat + MAX_TOKEN_AGE_SECONDS) + settings.clockSkewSeconds) * 1000;
    return { ok: true, sid, replayKey: `${metadata.issuer}\n${jti}`, keepUntil: new Date(keepUntil) };
  } catch {
    return { ok: false };
  }
}
