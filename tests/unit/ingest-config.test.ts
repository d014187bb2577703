import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { loadSigningKey, loadVerifyingKey } from '../../src/ingest/checkpoint-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'indsigt-keys-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const pkcs8 = (type: 'ed25519' | 'ec' = 'ed25519'): string =>
  (type === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('ingest configuration', () => {
  it('leaves the ingest API off until it is configured', () => {
    const result = parseConfig({});
    expect(result.ok && result.config.ingest).toEqual({ auth: { mode: 'off' }, maxBodyBytes: 1_048_576 });
  });

  it('reads the JWT settings with the default scope', () => {
    const result = parseConfig({
      INGEST_JWKS_URL: 'https://idp.egebaek.dk/jwks',
      INGEST_ISSUER: 'https://idp.egebaek.dk',
      INGEST_AUDIENCE: 'indsigt-ingest',
    });
    expect(result.ok && result.config.ingest.auth).toEqual({
      mode: 'jwt',
      jwksUrl: new URL('https://idp.egebaek.dk/jwks'),
      issuer: 'https://idp.egebaek.dk',
      audience: 'indsigt-ingest',
      scope: 'indsigt:ingest',
    });
  });

  it('refuses half a JWT configuration, mTLS without subjects, and a plain-http JWKS in production', () => {
    const half = parseConfig({ INGEST_JWKS_URL: 'https://idp.egebaek.dk/jwks' });
    expect(half.ok || half.errors.join()).toMatch(/INGEST_ISSUER/);
    const mtls = parseConfig({ INGEST_AUTH_MODE: 'mtls' });
    expect(mtls.ok || mtls.errors.join()).toMatch(/^INGEST_MTLS_SUBJECTS/);
    const http = parseConfig({
      NODE_ENV: 'production',
      INGEST_JWKS_URL: 'http://idp/jwks',
      INGEST_ISSUER: 'x',
      INGEST_AUDIENCE: 'y',
    });
    expect(http.ok || http.errors.join()).toMatch(/^INGEST_JWKS_URL/);
  });

  it('reads the allowed certificate subjects in mTLS mode, separated by semicolons', () => {
    const result = parseConfig({
      INGEST_AUTH_MODE: 'mtls',
      INGEST_MTLS_HEADER: 'X-SSL-Client-S-DN',
      INGEST_MTLS_SUBJECTS: 'CN=sag,O=Egebæk Kommune,C=DK; CN=other',
    });
    expect(result.ok && result.config.ingest.auth).toEqual({
      mode: 'mtls',
      header: 'x-ssl-client-s-dn',
      subjects: ['CN=sag,O=Egebæk Kommune,C=DK', 'CN=other'],
    });
  });
});

describe('the checkpoint key', () => {
  it('is generated once for development and reused', () => {
    const file = join(dir, 'dev.pem');
    const first = loadSigningKey(
      { env: 'development', privateKeyPem: undefined, publicKeyPem: undefined },
      file,
    );
    const second = loadSigningKey(
      { env: 'development', privateKeyPem: undefined, publicKeyPem: undefined },
      file,
    );
    expect(existsSync(file)).toBe(true);
    expect(first.ok && first.key.development).toBe(true);
    expect(first.ok && second.ok && first.key.keyId === second.key.keyId).toBe(true);
  });

  it('is refused in production when unset, or when it is the generated development key', () => {
    const file = join(dir, 'dev-prod.pem');
    const missing = loadSigningKey(
      { env: 'production', privateKeyPem: undefined, publicKeyPem: undefined },
      file,
    );
    expect(missing).toEqual({ ok: false, error: expect.stringMatching(/^CHECKPOINT_PRIVATE_KEY: /) });
    expect(existsSync(file)).toBe(false);
    const devPem = pkcs8();
    writeFileSync(file, devPem);
    const copied = loadSigningKey(
      { env: 'production', privateKeyPem: devPem, publicKeyPem: undefined },
      file,
    );
    expect(copied).toEqual({ ok: false, error: expect.stringMatching(/development key/) });
    const verifying = loadVerifyingKey(
      { env: 'production', privateKeyPem: undefined, publicKeyPem: undefined },
      file,
    );
    expect(verifying).toEqual({ ok: false, error: expect.stringMatching(/^CHECKPOINT_PUBLIC_KEY: /) });
  });

  it('must be Ed25519, and may be written with \\n for newlines', () => {
    const ec = loadSigningKey({ env: 'production', privateKeyPem: pkcs8('ec'), publicKeyPem: undefined });
    expect(ec).toEqual({ ok: false, error: expect.stringMatching(/Ed25519/) });
    const escaped = pkcs8().replace(/\n/g, '\\n');
    const key = loadSigningKey(
      { env: 'production', privateKeyPem: escaped, publicKeyPem: undefined },
      join(dir, 'none.pem'),
    );
    expect(key.ok && key.key.development).toBe(false);
  });

  it('is verified against the configured public key, which names the same key id as the private one', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const priv = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const pub = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signing = loadSigningKey(
      { env: 'production', privateKeyPem: priv, publicKeyPem: undefined },
      join(dir, 'x.pem'),
    );
    const verifying = loadVerifyingKey({ env: 'production', privateKeyPem: undefined, publicKeyPem: pub });
    expect(signing.ok && verifying.ok && signing.key.keyId === verifying.key.keyId).toBe(true);
  });
});
