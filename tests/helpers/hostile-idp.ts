/**
 * A small OpenID Connect provider for tests that can be told to misbehave, one login at a time: the
 * cases the OpenID Foundation's RP conformance tests and FAPI 2.0 send a relying party (a corrupted
 * signature, an unknown key, `alg: none`, HS256 keyed with the public key or the client secret, a
 * wrong `iss`/`aud`/`nonce`, an `iat` in the future, ...). Real HTTP on localhost (node:http + jose):
 * discovery, JWKS, an authorization endpoint that logs in at once, and a token endpoint that checks
 * client authentication, PKCE and the redirect URI, as a real provider would. Its discovery document
 * is hostile on purpose: it advertises `none` and HS256, so a relying party that trusts discovery
 * for its algorithms is caught.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';

/** What the provider does wrong in one login (or `well-formed`: nothing). */
export type Misbehaviour =
  | 'well-formed'
  // the ID token's signature
  | 'corrupt-signature'
  | 'unknown-key'
  | 'wrong-key-same-kid'
  | 'alg-none'
  | 'hs256-public-key'
  | 'hs256-client-secret'
  // the ID token's claims
  | 'iat-future'
  | 'iat-slightly-ahead'
  | 'wrong-iss'
  | 'wrong-aud'
  | 'wrong-nonce'
  | 'expired'
  | 'missing-sub'
  // the authorization response
  | 'no-iss-in-response'
  | 'wrong-iss-in-response'
  | 'wrong-state-in-response';

export interface Scenario {
  /** Claims of the logged-in person, added to (and overriding) the standard ones. */
  readonly claims: Record<string, unknown>;
  readonly misbehave?: Misbehaviour;
}

export interface HostileClient {
  readonly clientId: string;
  readonly secret: string;
}

export interface HostileIdp {
  readonly issuer: string;
  /**
   * Follows a relying party's authorization URL as a browser would, logging in at once with
   * `scenario`; returns the callback URL the provider redirects to.
   */
  authorize(authorizationUrl: URL, scenario: Scenario): Promise<URL>;
  /** A back-channel logout token for `sid`, signed as `misbehave` says. */
  logoutToken(options: {
    clientId: string;
    sid: string;
    jti?: string;
    misbehave?: 'well-formed' | 'alg-none' | 'hs256-public-key' | 'unknown-key';
    /** Seconds added to the issue time (negative: issued in the past). */
    issuedIn?: number;
  }): Promise<string>;
  close(): Promise<void>;
}

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly nonce: string | undefined;
  readonly scenario: Scenario;
}

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const KID = 'hostile-1';

async function readBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/** client_secret_basic: both halves are form-url-encoded before base64 (RFC 6749 §2.3.1). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const unform = (value: string): string => decodeURIComponent(value.replace(/\+/g, ' '));
  return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
}

/** Starts a hostile provider on a free localhost port that knows `clients`. */
export async function startHostileIdp(clients: readonly HostileClient[]): Promise<HostileIdp> {
  const signing = await generateKeyPair('RS256', { extractable: true });
  // A key the provider never publishes: what an attacker signs with.
  const rogue = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(signing.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const publicPem = await exportSPKI(signing.publicKey);
  const codes = new Map<string, PendingCode>();
  let next: Scenario | undefined;
  let issuer = '';

  /** Signs `claims` the way the misbehaviour says (only signature misbehaviours matter here). */
  async function sign(claims: JWTPayload, misbehave: Misbehaviour, clientSecret: string): Promise<string> {
    const jwt = (key: CryptoKey | Uint8Array, alg: string, kid: string): Promise<string> =>
      new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);
    switch (misbehave) {
      case 'corrupt-signature': {
        const token = await jwt(signing.privateKey, 'RS256', KID);
        const [header = '', payload = '', signature = ''] = token.split('.');
        // Flip a character in the middle of the signature (the last one may only carry padding bits).
        const at = Math.floor(signature.length / 2);
        const flipped = signature[at] === 'A' ? 'B' : 'A';
        return `${header}.${payload}.${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
      }
      case 'unknown-key':
        return jwt(rogue.privateKey, 'RS256', 'not-published');
      case 'wrong-key-same-kid':
        return jwt(rogue.privateKey, 'RS256', KID);
      case 'alg-none':
        return new UnsecuredJWT(claims).encode();
      case 'hs256-public-key':
        // The classic algorithm-confusion attack: HMAC keyed with the provider's public key (PEM).
        return jwt(new TextEncoder().encode(publicPem), 'HS256', KID);
      case 'hs256-client-secret':
        return jwt(new TextEncoder().encode(clientSecret), 'HS256', KID);
      default:
        return jwt(signing.privateKey, 'RS256', KID);
    }
  }

  async function idToken(code: PendingCode, clientSecret: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const misbehave = code.scenario.misbehave ?? 'well-formed';
    const claims: JWTPayload = {
      iss: issuer,
      aud: code.clientId,
      sub: 'hostile-subject-1',
      iat: now,
      exp: now + 300,
      auth_time: now,
      sid: `sid-${randomBytes(6).toString('hex')}`,
      ...(code.nonce === undefined ? {} : { nonce: code.nonce }),
      ...code.scenario.claims,
    };
    if (misbehave === 'iat-future') Object.assign(claims, { iat: now + 3600, exp: now + 3900 });
    if (misbehave === 'iat-slightly-ahead') Object.assign(claims, { iat: now + 10, exp: now + 310 });
    if (misbehave === 'wrong-iss') claims.iss = 'https://evil.example';
    if (misbehave === 'wrong-aud') claims.aud = 'another-client';
    if (misbehave === 'wrong-nonce') claims.nonce = 'not-the-nonce-that-was-sent';
    if (misbehave === 'expired') Object.assign(claims, { iat: now - 3600, exp: now - 600 });
    if (misbehave === 'missing-sub') delete claims.sub;
    return sign(claims, misbehave, clientSecret);
  }

  function authorizeEndpoint(url: URL, response: ServerResponse): void {
    const scenario = next;
    next = undefined;
    const q = url.searchParams;
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri');
    const codeChallenge = q.get('code_challenge');
    if (!scenario || !clients.some((c) => c.clientId === clientId) || !redirectUri || !codeChallenge) {
      json(response, 400, { error: 'invalid_request' });
      return;
    }
    const code = randomBytes(16).toString('base64url');
    codes.set(code, { clientId, redirectUri, codeChallenge, nonce: q.get('nonce') ?? undefined, scenario });
    const misbehave = scenario.misbehave ?? 'well-formed';
    const callback = new URL(redirectUri);
    callback.searchParams.set('code', code);
    const state = misbehave === 'wrong-state-in-response' ? 'forged-state' : q.get('state');
    if (state !== null) callback.searchParams.set('state', state);
    if (misbehave === 'wrong-iss-in-response') callback.searchParams.set('iss', 'https://evil.example');
    else if (misbehave !== 'no-iss-in-response') callback.searchParams.set('iss', issuer);
    response.writeHead(302, { location: callback.href }).end();
  }

  async function tokenEndpoint(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const credentials = basicCredentials(request.headers.authorization);
    const client = clients.find((c) => c.clientId === credentials?.id && c.secret === credentials.secret);
    if (!client) {
      json(response, 401, { error: 'invalid_client' });
      return;
    }
    const form = await readBody(request);
    // Codes are NOT used up: a provider that lets a code be redeemed twice is exactly what the
    // relying party's own single-use record must stand up to.
    const code = codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      form.get('grant_type') !== 'authorization_code' ||
      !code ||
      code.clientId !== client.clientId ||
      code.redirectUri !== form.get('redirect_uri') ||
      code.codeChallenge !== challenge
    ) {
      json(response, 400, { error: 'invalid_grant' });
      return;
    }
    json(response, 200, {
      access_token: randomBytes(16).toString('base64url'),
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'openid',
      id_token: await idToken(code, client.secret),
    });
  }

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      json(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        // Hostile on purpose: a relying party must not take its algorithms from here.
        id_token_signing_alg_values_supported: ['RS256', 'HS256', 'none'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        backchannel_logout_supported: true,
        backchannel_logout_session_supported: true,
      });
      return;
    }
    if (url.pathname === '/jwks') {
      json(response, 200, { keys: [publicJwk] });
      return;
    }
    if (url.pathname === '/authorize' && request.method === 'GET') {
      authorizeEndpoint(url, response);
      return;
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      tokenEndpoint(request, response).catch(() => json(response, 500, { error: 'server_error' }));
      return;
    }
    json(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;

  return {
    issuer,
    async authorize(authorizationUrl, scenario) {
      next = scenario;
      const response = await fetch(authorizationUrl, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) {
        throw new Error(`the hostile IdP did not redirect (${String(response.status)})`);
      }
      return new URL(location);
    },
    async logoutToken({
      clientId,
      sid,
      jti = randomBytes(8).toString('hex'),
      misbehave = 'well-formed',
      issuedIn = 0,
    }) {
      const now = Math.floor(Date.now() / 1000) + issuedIn;
      const claims: JWTPayload = {
        iss: issuer,
        aud: clientId,
        iat: now,
        exp: now + 120,
        jti,
        sid,
        events: { [BACKCHANNEL_EVENT]: {} },
      };
      if (misbehave === 'alg-none') return new UnsecuredJWT(claims).encode();
      const [key, alg, kid] =
        misbehave === 'hs256-public-key'
          ? [new TextEncoder().encode(publicPem), 'HS256', KID]
          : misbehave === 'unknown-key'
            ? [rogue.privateKey, 'RS256', KID]
            : [signing.privateKey, 'RS256', KID];
      return new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'logout+jwt' }).sign(key);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
