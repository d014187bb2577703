/**
 * Who may write to the audit store over HTTP: a machine client, authenticated either by an OAuth
 * access token (a JWT the staff IdP issued it through client credentials with private_key_jwt,
 * verified against the IdP's JWKS, with the ingest scope) or by a client certificate checked by the
 * TLS-terminating proxy, which passes the certificate's subject in a header only it can set.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { IngestConfig } from '../config.ts';

export type Authentication =
  | { readonly ok: true; readonly client: string }
  | {
      readonly ok: false;
      readonly status: 401 | 403 | 503;
      readonly error: string;
      readonly message: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

/** Decides whether a request comes from an allowed machine client. */
export type IngestAuthenticator = (request: Request) => Promise<Authentication>;

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

/** Clock skew allowed between the IdP and us, in seconds (exp, nbf and iat). */
export const CLOCK_SKEW_SECONDS = 30;

/** The scopes of an access token: `scope` (RFC 9068, space-separated) or `scp` (an array). */
function scopesOf(payload: JWTPayload): string[] {
  const { scope, scp } = payload;
  if (typeof scope === 'string') return scope.split(' ').filter((s) => s !== '');
  if (Array.isArray(scp)) return scp.filter((s): s is string => typeof s === 'string');
  return [];
}

/** The client a token was issued to: `client_id` (RFC 9068), else `azp`, else `sub`. */
function clientOf(payload: JWTPayload): string | null {
  for (const claim of ['client_id', 'azp', 'sub'] as const) {
    const value = payload[claim];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

function unauthorized(error: string, message: string): Authentication {
  return {
    ok: false,
    status: 401,
    error,
    message,
    headers: {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    },
  };
}

/** Bearer-token authentication against a JWKS URL, requiring issuer, audience and scope. */
export function jwtAuthenticator(settings: {
  readonly jwksUrl: URL;
  readonly issuer: string;
  readonly audience: string;
  readonly scope: string;
}): IngestAuthenticator {
  const jwks = createRemoteJWKSet(settings.jwksUrl, { timeoutDuration: 5000, cooldownDuration: 30_000 });
  return async (request) => {
    const header = request.headers.get('authorization');
    if (header === null) {
      return {
        ok: false,
        status: 401,
        error: 'unauthenticated',
        message: 'send an access token: Authorization: Bearer <token>',
        headers: { 'WWW-Authenticate': 'Bearer' },
      };
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined)
      return unauthorized('invalid_token', 'the Authorization header is not a Bearer token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        // RFC 9068 §2.1-2.2: a JWT access token says so in its header (so an ID token or another
        // JWT from the same IdP is not taken for one) and carries exp and iat.
        typ: 'at+jwt',
        requiredClaims: ['exp', 'iat'],
      }));
    } catch (error) {
      // A token problem is the client's; an unreachable or broken JWKS is ours.
      const tokenProblem =
        error instanceof errors.JOSEError &&
        error.code !== 'ERR_JOSE_GENERIC' &&
        !(error instanceof errors.JWKSTimeout);
      if (!tokenProblem) {
        return {
          ok: false,
          status: 503,
          error: 'auth_unavailable',
          message: 'the identity provider’s keys could not be fetched; try again later',
        };
      }
      return unauthorized('invalid_token', `the access token was refused (${error.code})`);
    }
    // jose checks iat only against a maximum age; a token dated in the future is refused here.
    if ((payload.iat ?? 0) > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
      return unauthorized('invalid_token', 'the access token was refused (iat is in the future)');
    }
    if (!scopesOf(payload).includes(settings.scope)) {
      return {
        ok: false,
        status: 403,
        error: 'insufficient_scope',
        message: `the access token lacks the scope ${settings.scope}`,
        headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${settings.scope}"` },
      };
    }
    const client = clientOf(payload);
    if (client === null) return unauthorized('invalid_token', 'the access token names no client');
    return { ok: true, client: `oauth:${client}` };
  };
}

/**
 * Client-certificate authentication done by the proxy. The proxy must verify the certificate and
 * overwrite (never pass through) the subject header; this side only checks the subject is allowed.
 */
export function mtlsAuthenticator(settings: {
  readonly header: string;
  readonly subjects: readonly string[];
}): IngestAuthenticator {
  const allowed = new Set(settings.subjects);
  return (request) => {
    const subject = request.headers.get(settings.header)?.trim();
    if (subject === undefined || subject === '') {
      return Promise.resolve({
        ok: false,
        status: 401,
        error: 'unauthenticated',
        message: 'a client certificate is required',
      });
    }
    if (!allowed.has(subject)) {
      return Promise.resolve({
        ok: false,
        status: 403,
        error: 'client_not_allowed',
        message: 'this client certificate may not write to the audit store',
      });
    }
    return Promise.resolve({ ok: true, client: `mtls:${subject}` });
  };
}

/** Refuses everyone: the ingest API is off until an authentication mode is configured. */
export const ingestOff: IngestAuthenticator = () =>
  Promise.resolve({
    ok: false,
    status: 503,
    error: 'ingest_disabled',
    message: 'the ingest API is not configured on this server (see INGEST_AUTH_MODE in the README)',
  });

/** The authenticator the configuration asks for. */
export function authenticatorFor(auth: IngestConfig['auth']): IngestAuthenticator {
  switch (auth.mode) {
    case 'jwt':
      return jwtAuthenticator(auth);
    case 'mtls':
      return mtlsAuthenticator(auth);
    case 'off':
      return ingestOff;
  }
}
