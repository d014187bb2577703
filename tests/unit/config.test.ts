import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SESSION_SECRET, parseConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('uses the embedded store and the development IdP when nothing is set', () => {
    const result = parseConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.store).toEqual({ kind: 'embedded', dataDir: '.data/pglite' });
    expect(result.config.citizenIssuer).toBeUndefined();
    expect(result.config.sessionSecret).toBe(DEVELOPMENT_SESSION_SECRET);
    expect(result.config.publicBaseUrl.origin).toBe('http://localhost:4321');
  });

  it('uses PostgreSQL when DATABASE_URL is set, and treats an empty value as unset', () => {
    const pg = parseConfig({ DATABASE_URL: 'postgres://portal@db.example:5432/indsigt' });
    expect(pg.ok && pg.config.store).toEqual({
      kind: 'postgres',
      url: 'postgres://portal@db.example:5432/indsigt',
    });
    const empty = parseConfig({ DATABASE_URL: '' });
    expect(empty.ok && empty.config.store.kind).toBe('embedded');
  });

  it('names every bad variable', () => {
    const result = parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PUBLIC_BASE_URL: 'not a url' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toMatch(/PORT/);
    expect(result.errors.join('\n')).toMatch(/DATABASE_URL/);
    expect(result.errors.join('\n')).toMatch(/PUBLIC_BASE_URL/);
  });

  it('refuses to run production on the embedded store, the development IdP or the default secret', () => {
    const result = parseConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://indsigt.egebaek.dk' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.split(':')[0])).toEqual([
      'DATABASE_URL',
      'CITIZEN_OIDC_ISSUER',
      'STAFF_OIDC_ISSUER',
      'STAFF_OIDC_CLIENT_SECRET',
      'OIDC_CLIENT_PRIVATE_KEY',
      'SESSION_SECRET',
      'DIGITAL_POST_TRANSPORT',
      'DIGITAL_POST_SENDER_CVR',
      'SECURITY_CONTACT',
    ]);
  });

  it('maps staff role claim values to portal roles, and refuses an unknown role', () => {
    const result = parseConfig({ STAFF_ROLE_MAP: 'Borgerservice=frontdesk, Kommunikation=publisher' });
    expect(result.ok && result.config.staffClient.roleMap).toEqual({
      Borgerservice: 'frontdesk',
      Kommunikation: 'publisher',
    });
    const caseworkers = parseConfig({ STAFF_ROLE_MAP: 'Jobcenter.Sagsbehandler=caseworker' });
    expect(caseworkers.ok && caseworkers.config.staffClient.roleMap).toEqual({
      'Jobcenter.Sagsbehandler': 'caseworker',
    });
    const defaults = parseConfig({});
    expect(defaults.ok && defaults.config.staffClient.roleMap).toMatchObject({
      'Indsigt.Caseworker': 'caseworker',
    });
    expect(defaults.ok && defaults.config.requests).toEqual({
      perCitizenPerDay: 10,
      fallbackUnit: 'Borgerservice',
    });
    const bad = parseConfig({ STAFF_ROLE_MAP: 'Admin=superuser' });
    expect(bad.ok).toBe(false);
  });

  it('refuses to serve an https address without NODE_ENV=production, so no check is skipped by mistake', () => {
    const result = parseConfig({ PUBLIC_BASE_URL: 'https://indsigt.egebaek.dk' });
    expect(result).toEqual({
      ok: false,
      errors: ['NODE_ENV: set NODE_ENV=production when PUBLIC_BASE_URL is https'],
    });
  });

  it('accepts a complete production configuration', () => {
    const result = parseConfig({
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'https://indsigt.egebaek.dk',
      DATABASE_URL: 'postgres://portal@db:5432/indsigt',
      CITIZEN_OIDC_ISSUER: 'https://broker.example/oidc',
      STAFF_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_CLIENT_PRIVATE_KEY: '{"kty":"EC"}',
      SESSION_SECRET: 's'.repeat(40),
      DIGITAL_POST_TRANSPORT: 'off',
      DIGITAL_POST_SENDER_CVR: '29189919',
      SECURITY_CONTACT: 'sikkerhed@egebaek.dk',
    });
    expect(result.ok).toBe(true);
  });

  const production = {
    NODE_ENV: 'production',
    PUBLIC_BASE_URL: 'https://indsigt.egebaek.dk',
    DATABASE_URL: 'postgres://portal@db:5432/indsigt',
    CITIZEN_OIDC_ISSUER: 'https://broker.example/oidc',
    STAFF_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
    OIDC_CLIENT_PRIVATE_KEY: '{"kty":"EC"}',
    SESSION_SECRET: 's'.repeat(40),
    DIGITAL_POST_TRANSPORT: 'off',
    DIGITAL_POST_SENDER_CVR: '29189838',
    SECURITY_CONTACT: 'sikkerhed@egebaek.dk',
  };

  it('refuses to start production with an http:// issuer, naming which', () => {
    const result = parseConfig({
      ...production,
      CITIZEN_OIDC_ISSUER: 'http://broker.example/oidc',
      STAFF_OIDC_ISSUER: 'http://idp.egebaek.dk',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.split(':')[0])).toEqual(['CITIZEN_OIDC_ISSUER', 'STAFF_OIDC_ISSUER']);
  });

  it('refuses an issuer that is not an http(s) URL at all', () => {
    expect(parseConfig({ CITIZEN_OIDC_ISSUER: 'javascript:alert(1)' }).ok).toBe(false);
  });

  it('accepts RS256, PS256 and ES256 ID tokens by default, with 30 seconds of clock skew', () => {
    const result = parseConfig({});
    expect(result.ok && result.config.idTokenAlgorithms).toEqual(['RS256', 'PS256', 'ES256']);
    expect(result.ok && result.config.clockSkewSeconds).toBe(30);
    const es = parseConfig({ OIDC_ID_TOKEN_ALGS: 'ES256', OIDC_CLOCK_SKEW_SECONDS: '5' });
    expect(es.ok && es.config.idTokenAlgorithms).toEqual(['ES256']);
    expect(es.ok && es.config.clockSkewSeconds).toBe(5);
  });

  it.each(['none', 'HS256', 'RS256,HS512', 'rs256', ''])(
    'never accepts "%s" as the ID token algorithms: none and HS* cannot be configured',
    (value) => {
      const result = parseConfig({ OIDC_ID_TOKEN_ALGS: value });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.join('\n')).toMatch(/^OIDC_ID_TOKEN_ALGS: /);
    },
  );

  it('refuses a clock skew above five minutes', () => {
    expect(parseConfig({ OIDC_CLOCK_SKEW_SECONDS: '3600' }).ok).toBe(false);
  });

  it('refuses production with the ingest API on but no write-side login (the portal’s own may not write)', () => {
    const base = {
      NODE_ENV: 'production',
      PUBLIC_BASE_URL: 'https://indsigt.egebaek.dk',
      DATABASE_URL: 'postgres://portal@db:5432/indsigt',
      CITIZEN_OIDC_ISSUER: 'https://broker.example/oidc',
      STAFF_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_CLIENT_PRIVATE_KEY: '{"kty":"EC"}',
      SESSION_SECRET: 's'.repeat(40),
      DIGITAL_POST_TRANSPORT: 'off',
      DIGITAL_POST_SENDER_CVR: '29189838',
      SECURITY_CONTACT: 'sikkerhed@egebaek.dk',
      INGEST_JWKS_URL: 'https://login.microsoftonline.com/tenant/discovery/v2.0/keys',
      INGEST_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      INGEST_AUDIENCE: 'api://indsigt',
    };
    expect(parseConfig(base)).toEqual({
      ok: false,
      errors: [
        'INGEST_DATABASE_URL: the ingest API writes as a login in the role indsigt_ingest; set its postgres:// URL',
      ],
    });
    const result = parseConfig({ ...base, INGEST_DATABASE_URL: 'postgres://ingest@db:5432/indsigt' });
    expect(result.ok && result.config.writeStore).toEqual({
      kind: 'postgres',
      url: 'postgres://ingest@db:5432/indsigt',
    });
  });
});
