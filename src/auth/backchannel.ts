/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the IdP posts a logout token and
 * we end the sessions with its `sid`. openid-client has no validator for logout tokens, so the
 * token is verified here with jose against the provider's published keys.
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { oidcConfiguration, type RelyingPartySettings } from './oidc.ts';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const keySets = new Map<string, JWTVerifyGetKey>();

export type LogoutTokenResult = { ok: true; sid: string } | { ok: false };

/** Verifies a logout token: signature, issuer, audience, age, the logout event, a `sid`, no nonce. */
export async function verifyLogoutToken(
  settings: RelyingPartySettings,
  token: string,
): Promise<LogoutTokenResult> {
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
      maxTokenAge: '5m',
    });
    const events = payload['events'];
    const hasEvent = typeof events === 'object' && events !== null && BACKCHANNEL_EVENT in events;
    if (!hasEvent || 'nonce' in payload || typeof payload['sid'] !== 'string') return { ok: false };
    return { ok: true, sid: payload['sid'] };
  } catch {
    return { ok: false };
  }
}
