/**
 * A real JWKS endpoint on localhost for the ingest API's tests: serves the public key of a key pair
 * the test holds, and mints access tokens signed with it, as the staff IdP would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

export interface TestIdp {
  readonly jwksUrl: URL;
  readonly issuer: string;
  readonly audience: string;
  /** Mints an access token; `sign` overrides the key (to sign with one the JWKS does not list). */
  token(
    claims?: JWTPayload,
    options?: {
      expiresIn?: string | null;
      audience?: string;
      key?: CryptoKey;
      /** The header's typ; null leaves it out. Default `at+jwt` (RFC 9068). */
      typ?: string | null;
      /** Seconds since the epoch; default now (two hours ago for an expired token). */
      issuedAt?: number | null;
    },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIdp(): Promise<TestIdp> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/jwks') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const audience = 'indsigt-ingest';
  return {
    jwksUrl: new URL(`${issuer}/jwks`),
    issuer,
    audience,
    token: (claims = { scope: 'indsigt:ingest', client_id: 'sagssystem' }, options = {}) => {
      const typ = options.typ === undefined ? 'at+jwt' : options.typ;
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test-key', ...(typ === null ? {} : { typ }) })
        .setIssuer(issuer)
        .setAudience(options.audience ?? audience);
      if (options.issuedAt !== null) {
        jwt.setIssuedAt(options.issuedAt ?? (options.expiresIn?.startsWith('-') ? '-2h' : undefined));
      }
      if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '5m');
      return jwt.sign(options.key ?? privateKey);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
