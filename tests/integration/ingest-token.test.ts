import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_SKEW_SECONDS, jwtAuthenticator, type IngestAuthenticator } from '../../src/ingest/auth.ts';
import { startTestIdp, type TestIdp } from '../helpers/jwks-server.ts';

// The ingest API's access tokens as RFC 9068 defines them, against a real JWKS endpoint.
describe('an ingest access token', () => {
  let idp: TestIdp;
  let authenticate: IngestAuthenticator;
  const withToken = (token: string): Request =>
    new Request('http://localhost/api/v1/ingest', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
  const now = (): number => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    idp = await startTestIdp();
    authenticate = jwtAuthenticator({
      jwksUrl: idp.jwksUrl,
      issuer: idp.issuer,
      audience: idp.audience,
      scope: 'indsigt:ingest',
    });
  });
  afterAll(async () => {
    await idp.close();
  });

  it('is accepted with typ at+jwt (or application/at+jwt), exp and iat', async () => {
    expect(await authenticate(withToken(await idp.token()))).toEqual({
      ok: true,
      client: 'oauth:sagssystem',
    });
    const long = await idp.token(undefined, { typ: 'application/at+jwt' });
    expect((await authenticate(withToken(long))).ok).toBe(true);
  });

  it.each([
    ['without exp', { expiresIn: null }],
    ['without iat', { issuedAt: null }],
    ['without typ in the header', { typ: null }],
    ['with typ JWT (an ID token or another JWT)', { typ: 'JWT' }],
  ] as const)('is refused with 401 %s', async (_name, options) => {
    const result = await authenticate(withToken(await idp.token(undefined, options)));
    expect(result).toMatchObject({ ok: false, status: 401, error: 'invalid_token' });
  });

  it('is refused when issued in the future beyond the clock skew, and accepted within it', async () => {
    const future = await idp.token(undefined, { issuedAt: now() + CLOCK_SKEW_SECONDS + 60 });
    expect(await authenticate(withToken(future))).toMatchObject({ ok: false, status: 401 });
    const skewed = await idp.token(undefined, { issuedAt: now() + 5 });
    expect((await authenticate(withToken(skewed))).ok).toBe(true);
  });
});
