/**
 * Authentication, one way in: the citizen and staff relying parties, sessions and cookies, built from
 * the configuration. Pages and middleware use this module, never openid-client directly.
 */
import { getConfig, type Config } from '../config.ts';
import { CLAIM_PROFILES } from './claim-profiles.ts';
import type { LoginKind, RelyingPartySettings } from './oidc.ts';

export { verifyLogoutToken } from './backchannel.ts';
export {
  beginLogin,
  completeLogin,
  endSessionUrl,
  LOGIN_TRANSACTION_SECONDS,
  safeReturnTo,
  type LoginError,
  type LoginTransaction,
} from './oidc.ts';
export {
  createSession,
  destroySession,
  destroySessionsBySid,
  readSession,
  updateSessionData,
} from './sessions.ts';
export { signValue, verifySignedValue } from './signed-cookie.ts';

/** The issuer of the development IdPs when none is configured (see src/dev-idp/). */
export function devIssuers(config: Config): { citizen: URL; staff: URL } {
  return {
    citizen: new URL(`http://localhost:${String(config.devIdpPort)}`),
    staff: new URL(`http://localhost:${String(config.devIdpPort + 1)}`),
  };
}

/** The relying-party settings for citizens or staff. */
export function relyingParty(kind: LoginKind, config: Config = getConfig()): RelyingPartySettings {
  const dev = devIssuers(config);
  const base = config.publicBaseUrl.origin;
  const issuer =
    kind === 'citizen' ? (config.citizenIssuer ?? dev.citizen) : (config.staffIssuer ?? dev.staff);
  return {
    kind,
    issuer,
    clientId: kind === 'citizen' ? config.citizenClient.clientId : config.staffClient.clientId,
    clientSecret:
      kind === 'citizen'
        ? config.citizenClient.clientSecret
        : // The development staff IdP's secret, never in production (private_key_jwt there instead).
          (config.staffClient.clientSecret ??
          (config.env === 'production' ? undefined : DEV_STAFF_CLIENT_SECRET)),
    privateJwk: config.clientPrivateJwk,
    redirectUri: kind === 'citizen' ? `${base}/auth/callback` : `${base}/auth/staff/callback`,
    allowHttp: config.env !== 'production' && issuer.protocol === 'http:',
    claimsProfile: CLAIM_PROFILES[config.citizenClient.claimsProfile],
    staffRoleClaim: config.staffClient.roleClaim,
    staffRoleMap: config.staffClient.roleMap,
    pseudonymSecret: config.sessionSecret,
    idTokenAlgorithms: config.idTokenAlgorithms,
    clockSkewSeconds: config.clockSkewSeconds,
  };
}

/** The development staff IdP's client secret (production requires STAFF_OIDC_ISSUER and a real one). */
export const DEV_STAFF_CLIENT_SECRET = 'indsigt-dev-staff-secret';

const isHttps = (config: Config): boolean => config.publicBaseUrl.protocol === 'https:';

/** Cookie names: `__Host-` prefixed over https, so the browser pins them to this host and path /. */
export function cookieNames(config: Config = getConfig()): { session: string; login: string } {
  const prefix = isHttps(config) ? '__Host-' : '';
  return { session: `${prefix}indsigt_session`, login: `${prefix}indsigt_login` };
}

/** HttpOnly, SameSite=Lax (the IdP's redirect back is a top-level GET), Secure outside localhost. */
export function cookieOptions(config: Config = getConfig()): {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
} {
  return { httpOnly: true, sameSite: 'lax', secure: isHttps(config), path: '/' };
}
