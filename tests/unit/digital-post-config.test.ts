import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_SENDER_CVR, parseConfig } from '../../src/config.ts';

const production = {
  NODE_ENV: 'production',
  PUBLIC_BASE_URL: 'https://indsigt.egebaek.dk',
  DATABASE_URL: 'postgres://portal@db:5432/indsigt',
  CITIZEN_OIDC_ISSUER: 'https://broker.example/oidc',
  STAFF_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
  OIDC_CLIENT_PRIVATE_KEY: '{"kty":"EC"}',
  SESSION_SECRET: 's'.repeat(40),
  DIGITAL_POST_SENDER_CVR: '29189919',
  SECURITY_CONTACT: 'sikkerhed@egebaek.dk',
};

const sf1601 = {
  DIGITAL_POST_TRANSPORT: 'sf1601',
  SF1601_BASE_URL: 'https://prod.serviceplatformen.dk',
  SF1601_STS_URL: 'https://n2adgangsstyring.stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue',
  SF1601_CERTIFICATE_PATH: '/run/secrets/foces.crt',
  SF1601_PRIVATE_KEY_PATH: '/run/secrets/foces.key',
};

function errorNames(result: ReturnType<typeof parseConfig>): string[] {
  return result.ok ? [] : result.errors.map((e) => e.split(':')[0] ?? '');
}

describe('Digital Post configuration', () => {
  it('delivers to the development inbox outside production, with a dummy sender CVR and the worker on', () => {
    const result = parseConfig({});
    expect(result.ok && result.config.digitalPost).toEqual({
      transport: { kind: 'development' },
      senderCvr: DEVELOPMENT_SENDER_CVR,
      worker: true,
      maxAttempts: 10,
    });
  });

  it('makes production choose a transport and name its CVR, and never use the development inbox', () => {
    const withoutCvr = { ...production, DIGITAL_POST_SENDER_CVR: undefined };
    expect(errorNames(parseConfig(withoutCvr))).toEqual([
      'DIGITAL_POST_TRANSPORT',
      'DIGITAL_POST_SENDER_CVR',
    ]);
    expect(errorNames(parseConfig({ ...production, DIGITAL_POST_TRANSPORT: 'development' }))).toEqual([
      'DIGITAL_POST_TRANSPORT',
    ]);
    const off = parseConfig({ ...production, DIGITAL_POST_TRANSPORT: 'off' });
    expect(off.ok && off.config.digitalPost.transport).toEqual({ kind: 'off' });
  });

  it('refuses to start on half an SF1601 configuration, naming each missing setting', () => {
    const half = { ...sf1601, SF1601_CERTIFICATE_PATH: undefined, SF1601_PRIVATE_KEY_PATH: undefined };
    expect(errorNames(parseConfig({ ...production, ...half }))).toEqual([
      'SF1601_CERTIFICATE_PATH',
      'SF1601_PRIVATE_KEY_PATH',
    ]);
    // SF1601 settings without choosing SF1601 are a mistake too, in development as well.
    expect(errorNames(parseConfig({ SF1601_BASE_URL: 'https://exttest.serviceplatformen.dk' }))).toEqual([
      'DIGITAL_POST_TRANSPORT',
    ]);
    expect(
      errorNames(
        parseConfig({ ...production, ...sf1601, SF1601_BASE_URL: 'http://prod.serviceplatformen.dk' }),
      ),
    ).toEqual(['SF1601_BASE_URL']);
  });

  it('accepts a complete SF1601 configuration', () => {
    const result = parseConfig({ ...production, ...sf1601, DIGITAL_POST_WORKER: 'false' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { transport, senderCvr, worker } = result.config.digitalPost;
    expect(transport.kind === 'sf1601' && transport.baseUrl.origin).toBe('https://prod.serviceplatformen.dk');
    expect(senderCvr).toBe('29189919');
    expect(worker).toBe(false);
  });

  it('refuses a sender CVR that is not 8 digits', () => {
    expect(errorNames(parseConfig({ DIGITAL_POST_SENDER_CVR: '1234567\u0000' }))).toEqual([
      'DIGITAL_POST_SENDER_CVR',
    ]);
  });
});
