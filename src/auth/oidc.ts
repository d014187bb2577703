/**
 * The two OpenID Connect relying parties (openid-client v6): citizens through a MitID broker, staff
 * through the municipality's IdP. Authorization code flow with PKCE S256, state and nonce, the `iss`
 * response parameter checked (RFC 9207, done by openid-client when the provider advertises it), PAR
 * when the provider advertises it, and the query response mode (a `form_post` callback would be a
 * cross-site POST, which the origin check refuses). The citizen's assurance level is checked here:
 * openid-client does not look at `acr`.
 *
 * What the OpenID Foundation's RP conformance tests and FAPI 2.0 expect a relying party to refuse, and
 * where each is refused (the hostile-IdP suite in tests/integration/hostile-idp.test.ts holds each):
 * - the ID token's signature, also from the token endpoint: openid-client checks it only when asked
 *   (`enableNonRepudiationChecks`), against the keys in the provider's JWKS, by `kid` and `alg`;
 * - the algorithm: only those configured (OIDC_ID_TOKEN_ALGS, asymmetric only), never the provider's
 *   advertised list, so `none` and HS* (keyed with the client secret or the IdP's public key) fail;
 * - `iat` in the future beyond the configured clock skew (openid-client checks `exp`/`nbf` only);
 * - a second use of the same login transaction, recorded in the store (used-once.ts), not only at
 *   the IdP;
 * - a CPR claim that is not a possible CPR number (the claim profiles use cprNumberSchema).
 */
import { importJWK, type JWK } from 'jose';
import * as client from 'openid-client';
import { ID_TOKEN_ALGORITHMS } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { cprPseudonym } from '../domain/cpr.ts';
import { CLAIM_PROFILES, type ClaimProfile } from './claim-profiles.ts';
import { sealPowers } from './powers.ts';
import type { SessionData, StaffRole } from './session-types.ts';
import { useOnce } from './used-once.ts';

export type LoginKind = 'citizen' | 'staff';

/** Everything a relying party needs; built from the Config by src/auth/index.ts. */
export interface RelyingPartySettings {
  readonly kind: LoginKind;
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string | undefined;
  /** Private JWK for private_key_jwt, used when there is no client secret. */
  readonly privateJwk: string | undefined;
  readonly redirectUri: string;
  /** Plain http is allowed for the local development IdP only. */
  readonly allowHttp: boolean;
  readonly claimsProfile: ClaimProfile;
  readonly staffRoleClaim: string;
  readonly staffRoleMap: Readonly<Record<string, StaffRole>>;
  readonly pseudonymSecret: string;
  /** ID-token signature algorithms to accept (from OIDC_ID_TOKEN_ALGS); `none` and HS* are dropped. */
  readonly idTokenAlgorithms: readonly string[];
  /** Clock skew allowed on `iat`, `exp` and `nbf`, in seconds (OIDC_CLOCK_SKEW_SECONDS). */
  readonly clockSkewSeconds: number;
}

/** How long a started login may take before its callback is refused. */
export const LOGIN_TRANSACTION_SECONDS = 10 * 60;

/** What the browser carries between the redirect to the IdP and the callback (signed cookie). */
export interface LoginTransaction {
  readonly kind: LoginKind;
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
  readonly locale: 'da' | 'en';
  /** Epoch milliseconds after which the callback is refused, whatever the cookie's lifetime. */
  readonly expiresAt: number;
}

export type LoginError =
  'cancelled' | 'state_mismatch' | 'idp_unreachable' | 'level_too_low' | 'invalid_response' | 'no_role';

export type LoginOutcome =
  | { readonly ok: true; readonly session: SessionData; readonly idpSid: string | null }
  | { readonly ok: false; readonly error: LoginError };

const configurations = new Map<string, Promise<client.Configuration>>();

async function clientAuthentication(settings: RelyingPartySettings): Promise<client.ClientAuth> {
  if (settings.clientSecret) return client.ClientSecretBasic(settings.clientSecret);
  if (!settings.privateJwk)
    throw new Error(`No client secret or private key for the ${settings.kind} OIDC client`);
  const jwk = JSON.parse(settings.privateJwk) as JWK;
  const key = await importJWK(jwk, jwk.alg ?? 'ES256');
  if (key instanceof Uint8Array) throw new Error('OIDC_CLIENT_PRIVATE_KEY must be an asymmetric private key');
  return client.PrivateKeyJwt({ key, ...(jwk.kid ? { kid: jwk.kid } : {}) });
}

const ASYMMETRIC = new Set<string>(ID_TOKEN_ALGORITHMS);

/** The configured algorithms that are safe to accept; never `none` or HS*, whoever configured them. */
export function acceptedAlgorithms(settings: RelyingPartySettings): string[] {
  return settings.idTokenAlgorithms.filter((alg) => ASYMMETRIC.has(alg));
}

/** The discovered metadata as plain data (the copy openid-client hands out carries a helper method). */
function plainMetadata(discovered: client.ServerMetadata): client.ServerMetadata {
  const plain: Record<string, client.JsonValue | undefined> = {};
  for (const [key, value] of Object.entries(discovered)) {
    if (typeof value !== 'function') plain[key] = value;
  }
  return { ...plain, issuer: discovered.issuer };
}

async function configure(settings: RelyingPartySettings): Promise<client.Configuration> {
  const auth = await clientAuthentication(settings);
  const clientMetadata: Partial<client.ClientMetadata> = {
    redirect_uris: [settings.redirectUri],
    response_types: ['code'],
    [client.clockTolerance]: settings.clockSkewSeconds,
  };
  const discovered = await client.discovery(
    settings.issuer,
    settings.clientId,
    clientMetadata,
    auth,
    // Plain http only for the local development IdP (never in production, see relyingParty()).
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated only to stand out, as the docs say
    settings.allowHttp ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
  );
  // The provider's own list of signing algorithms is what a hostile or misconfigured provider
  // controls, and openid-client falls back to it: replace it with ours.
  const algorithms = acceptedAlgorithms(settings);
  if (algorithms.length === 0) {
    throw new Error(`No acceptable ID token algorithm for the ${settings.kind} client`);
  }
  const configuration = new client.Configuration(
    { ...plainMetadata(discovered.serverMetadata()), id_token_signing_alg_values_supported: algorithms },
    settings.clientId,
    clientMetadata,
    auth,
  );
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- as above: the local development IdP only
  if (settings.allowHttp) client.allowInsecureRequests(configuration);
  // Check the ID token's signature even though it comes straight from the token endpoint over TLS:
  // a key not in the provider's JWKS, or the wrong key under a published kid, is refused.
  client.enableNonRepudiationChecks(configuration);
  configuration.timeout = 10;
  return configuration;
}

/** The discovered provider configuration, cached per issuer and client; retried after a failure. */
export function oidcConfiguration(settings: RelyingPartySettings): Promise<client.Configuration> {
  const cacheKey = [
    settings.issuer.href,
    settings.clientId,
    settings.idTokenAlgorithms.join(','),
    String(settings.clockSkewSeconds),
  ].join('|');
  let configuration = configurations.get(cacheKey);
  if (!configuration) {
    configuration = configure(settings);
    configurations.set(cacheKey, configuration);
    configuration.catch(() => configurations.delete(cacheKey));
  }
  return configuration;
}

/**
 * Only local paths are accepted as where to go after login, never another site. The value is
 * normalised first (dot segments, `%2e`), exactly as the browser will, and only then judged: a
 * path like `/.//evil.example` normalises to `//evil.example`, which a browser reads as another host.
 */
export function safeReturnTo(value: string | null | undefined, fallback: string): string {
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example":
  // refuse control characters and backslashes outright, then insist the URL stays on this origin.
  if (!value || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  const base = 'http://portal.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  const local = `${url.pathname}${url.search}`;
  // The normalised path is what goes into the Location header: it must not read as a network path.
  if (!local.startsWith('/') || local.startsWith('//') || local.startsWith('/\\')) return fallback;
  return local;
}

export type BeginResult =
  | { readonly ok: true; readonly url: URL; readonly transaction: LoginTransaction }
  | { readonly ok: false; readonly error: 'idp_unreachable' };

/**
 * Starts a login: new state, nonce and PKCE verifier, and the URL to send the browser to (through
 * PAR when the provider supports it). `prompt=login` makes the IdP authenticate every time, so a
 * shared computer never logs the next person in as the last one.
 */
export async function beginLogin(
  settings: RelyingPartySettings,
  options: { returnTo: string; locale: 'da' | 'en' },
): Promise<BeginResult> {
  let configuration: client.Configuration;
  try {
    configuration = await oidcConfiguration(settings);
  } catch {
    return { ok: false, error: 'idp_unreachable' };
  }
  const codeVerifier = client.randomPKCECodeVerifier();
  const transaction: LoginTransaction = {
    kind: settings.kind,
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    returnTo: options.returnTo,
    locale: options.locale,
    expiresAt: Date.now() + LOGIN_TRANSACTION_SECONDS * 1000,
  };
  const parameters: Record<string, string> = {
    redirect_uri: settings.redirectUri,
    scope: settings.kind === 'citizen' ? settings.claimsProfile.scope : 'openid profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: transaction.state,
    nonce: transaction.nonce,
    prompt: 'login',
    ui_locales: options.locale,
    ...(settings.kind === 'citizen' ? { acr_values: settings.claimsProfile.acrValues } : {}),
  };
  try {
    const url = configuration.serverMetadata().pushed_authorization_request_endpoint
      ? await client.buildAuthorizationUrlWithPAR(configuration, parameters)
      : client.buildAuthorizationUrl(configuration, parameters);
    return { ok: true, url, transaction };
  } catch {
    return { ok: false, error: 'idp_unreachable' };
  }
}

function staffRoles(claims: Record<string, unknown>, settings: RelyingPartySettings): StaffRole[] {
  const raw = claims[settings.staffRoleClaim];
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = new Set<StaffRole>();
  for (const value of values) {
    const role = typeof value === 'string' ? settings.staffRoleMap[value] : undefined;
    if (role) roles.add(role);
  }
  return [...roles].sort();
}

function isNetworkError(error: unknown): boolean {
  const text =
    error instanceof Error
      ? `${error.name} ${error.message} ${String((error as { cause?: unknown }).cause)}`
      : '';
  return /fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|TimeoutError|AbortError|socket/i.test(text);
}

/**
 * Finishes a login at the callback: checks the transaction and marks it used in the store (a second
 * callback with the same transaction is refused on every instance), exchanges the code
 * (openid-client verifies PKCE, state, nonce, `iss` and the ID token with its signature), checks
 * `iat`, then reads the identity and checks the level (citizens) or the roles (staff).
 */
export async function completeLogin(
  settings: RelyingPartySettings,
  transaction: LoginTransaction | undefined,
  callbackUrl: URL,
  store: Queryable,
  now: Date = new Date(),
): Promise<LoginOutcome> {
  const error = callbackUrl.searchParams.get('error');
  if (error === 'access_denied') return { ok: false, error: 'cancelled' };
  if (error) return { ok: false, error: 'invalid_response' };
  if (
    !transaction ||
    transaction.kind !== settings.kind ||
    callbackUrl.searchParams.get('state') !== transaction.state
  ) {
    return { ok: false, error: 'state_mismatch' };
  }
  if (!(transaction.expiresAt > now.getTime())) return { ok: false, error: 'state_mismatch' };
  // Used up before the code is exchanged, so two callbacks racing on two instances cannot both win.
  const firstUse = await useOnce(
    store,
    'login_transaction',
    `${settings.kind}:${transaction.state}`,
    new Date(transaction.expiresAt),
    now,
  );
  if (!firstUse) return { ok: false, error: 'state_mismatch' };
  // The ID token itself is not kept: it carries the CPR number, and logout names the client instead.
  let claims: Record<string, unknown> | undefined;
  try {
    const configuration = await oidcConfiguration(settings);
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: transaction.codeVerifier,
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (cause) {
    return { ok: false, error: isNetworkError(cause) ? 'idp_unreachable' : 'invalid_response' };
  }
  if (!claims) return { ok: false, error: 'invalid_response' };
  // A token "issued" in the future was made with a wrong clock or made to be replayed later.
  const iat = claims['iat'];
  if (typeof iat !== 'number' || iat > now.getTime() / 1000 + settings.clockSkewSeconds) {
    return { ok: false, error: 'invalid_response' };
  }
  const idpSid = typeof claims['sid'] === 'string' ? claims['sid'] : null;

  if (settings.kind === 'citizen') {
    const read = settings.claimsProfile.read(claims);
    if (!read.ok)
      return { ok: false, error: read.error === 'level_too_low' ? 'level_too_low' : 'invalid_response' };
    const { cpr, name, loa } = read.identity;
    if (loa === 'low') return { ok: false, error: 'level_too_low' };
    // Powers of attorney only from the signed ID token; a power from oneself is meaningless.
    const offered = settings.claimsProfile.powers(claims);
    const powers = offered.supported ? offered.powers.filter((p) => p.grantorCpr !== cpr) : [];
    const loggedInAt = new Date().toISOString();
    return {
      ok: true,
      idpSid,
      session: {
        kind: 'citizen',
        cpr,
        name,
        loa,
        pseudonym: cprPseudonym(cpr, settings.pseudonymSecret),
        loggedInAt,
        powers,
        powersSeal: sealPowers({ cpr, loggedInAt, powers }, settings.pseudonymSecret),
        actingFor: null,
      },
    };
  }
  const roles = staffRoles(claims, settings);
  if (roles.length === 0) return { ok: false, error: 'no_role' };
  const text = (key: string): string => (typeof claims[key] === 'string' ? claims[key] : '');
  return {
    ok: true,
    idpSid,
    session: {
      kind: 'staff',
      staffId: text('sub'),
      name: text('name') || text('sub'),
      title: text('job_title'),
      unit: text('department'),
      roles,
      helping: null,
    },
  };
}

/**
 * Where to send the browser to end the session at the IdP too (RP-initiated logout). Identified by
 * `client_id`, not `id_token_hint`: a MitID ID token carries the CPR number, and this is a URL that
 * ends up in browser history and proxy logs.
 */
export async function endSessionUrl(
  settings: RelyingPartySettings,
  postLogoutRedirectUri: string,
): Promise<URL | null> {
  try {
    const configuration = await oidcConfiguration(settings);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(configuration, {
      client_id: settings.clientId,
      post_logout_redirect_uri: postLogoutRedirectUri,
    });
  } catch {
    return null;
  }
}

export { CLAIM_PROFILES };
