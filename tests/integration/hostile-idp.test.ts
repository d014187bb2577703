/**
 * Both relying parties (citizen and staff) against an IdP that misbehaves on purpose
 * (tests/helpers/hostile-idp.ts): every case the OpenID Foundation's RP conformance tests and FAPI 2.0
 * expect a relying party to refuse, run through the real code (beginLogin, completeLogin,
 * finishLogin, verifyLogoutToken) over real HTTP, with the used-once records in the real store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relyingParty } from '../../src/auth/index.ts';
import { verifyLogoutToken } from '../../src/auth/backchannel.ts';
import { CLAIM_PROFILES } from '../../src/auth/claim-profiles.ts';
import {
  beginLogin,
  completeLogin,
  type LoginKind,
  type LoginOutcome,
  type LoginTransaction,
  type RelyingPartySettings,
} from '../../src/auth/oidc.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { finishLogin, startLogin, type LoginCookies } from '../../src/login/login-pages.ts';
import {
  startHostileIdp,
  type HostileIdp,
  type Misbehaviour,
  type Scenario,
} from '../helpers/hostile-idp.ts';
import { STORES } from '../helpers/stores.ts';

const mette = generateCitizen(0).citizen;
const SUBSTANTIAL = 'urn:grn:authn:dk:mitid:substantial';
const SECRETS = { citizen: 'citizen-secret-for-the-hostile-idp', staff: 'staff-secret-for-the-hostile-idp' };
const CLIENT_IDS = { citizen: 'indsigt-citizen', staff: 'indsigt-staff' };
const PORTAL = 'http://localhost:4510';

/** Who logs in, as each relying party's IdP would describe them. */
const PEOPLE: Record<LoginKind, Record<string, unknown>> = {
  citizen: { cprNumberIdentifier: mette.cpr, name: 'Mette Sørensen', acr: SUBSTANTIAL },
  staff: {
    sub: 'egb-0106',
    name: 'Morten Dahl',
    roles: ['Indsigt.Frontdesk'],
    job_title: 'Teamleder',
    department: 'Jobcenter Egebæk, Rehabilitering',
  },
};

let idp: HostileIdp;

beforeAll(async () => {
  idp = await startHostileIdp([
    { clientId: CLIENT_IDS.citizen, secret: SECRETS.citizen },
    { clientId: CLIENT_IDS.staff, secret: SECRETS.staff },
  ]);
});

afterAll(async () => {
  await idp.close();
});

function settings(kind: LoginKind): RelyingPartySettings {
  return {
    kind,
    issuer: new URL(idp.issuer),
    clientId: CLIENT_IDS[kind],
    clientSecret: SECRETS[kind],
    privateJwk: undefined,
    redirectUri: `${PORTAL}/auth/${kind === 'staff' ? 'staff/' : ''}callback`,
    allowHttp: true,
    claimsProfile: CLAIM_PROFILES.idura,
    staffRoleClaim: 'roles',
    staffRoleMap: { 'Indsigt.Frontdesk': 'frontdesk', 'Indsigt.Publisher': 'publisher' },
    pseudonymSecret: 'p'.repeat(32),
    idTokenAlgorithms: ['RS256', 'PS256', 'ES256'],
    clockSkewSeconds: 30,
  };
}

/** Starts a login at `kind`'s relying party and lets the hostile IdP answer it. */
async function loginThrough(
  kind: LoginKind,
  scenario: Scenario,
): Promise<{ callback: URL; transaction: LoginTransaction }> {
  const begun = await beginLogin(settings(kind), { returnTo: '/', locale: 'da' });
  if (!begun.ok) throw new Error(begun.error);
  return { callback: await idp.authorize(begun.url, scenario), transaction: begun.transaction };
}

/** The ID-token and authorization-response faults, and what each must come to. */
const REFUSED: readonly (readonly [string, Misbehaviour, 'invalid_response' | 'state_mismatch'])[] = [
  ['an ID token with a corrupted signature', 'corrupt-signature', 'invalid_response'],
  ["an ID token signed by a key not in the IdP's JWKS", 'unknown-key', 'invalid_response'],
  ['an ID token signed by another key under a published kid', 'wrong-key-same-kid', 'invalid_response'],
  ['an unsigned ID token (alg: none)', 'alg-none', 'invalid_response'],
  ["an HS256 ID token keyed with the IdP's public key", 'hs256-public-key', 'invalid_response'],
  ['an HS256 ID token keyed with the client secret', 'hs256-client-secret', 'invalid_response'],
  ['an ID token issued an hour in the future', 'iat-future', 'invalid_response'],
  ['an ID token from another issuer', 'wrong-iss', 'invalid_response'],
  ['an ID token for another client', 'wrong-aud', 'invalid_response'],
  ['an ID token with the wrong nonce', 'wrong-nonce', 'invalid_response'],
  ['an expired ID token', 'expired', 'invalid_response'],
  ['an ID token without sub', 'missing-sub', 'invalid_response'],
  [
    'an authorization response without iss from an IdP that advertises it (RFC 9207)',
    'no-iss-in-response',
    'invalid_response',
  ],
  ['an authorization response naming another issuer (mix-up)', 'wrong-iss-in-response', 'invalid_response'],
  ['an authorization response with another state', 'wrong-state-in-response', 'state_mismatch'],
];

describe.each(STORES)('the relying parties against a hostile IdP ($name)', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await store.open();
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
  });

  describe.each(['citizen', 'staff'] as const)('%s login', (kind) => {
    const complete = async (scenario: Scenario): Promise<LoginOutcome> => {
      const { callback, transaction } = await loginThrough(kind, scenario);
      return completeLogin(settings(kind), transaction, callback, db);
    };

    it('accepts a well-formed login, so the refusals below are not a relying party that refuses everything', async () => {
      const outcome = await complete({ claims: PEOPLE[kind] });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.session).toMatchObject(
        kind === 'citizen'
          ? { kind, cpr: mette.cpr, name: 'Mette Sørensen', loa: 'substantial' }
          : { kind, staffId: 'egb-0106', roles: ['frontdesk'] },
      );
    });

    it('accepts an iat a few seconds ahead, within the configured clock skew', async () => {
      expect((await complete({ claims: PEOPLE[kind], misbehave: 'iat-slightly-ahead' })).ok).toBe(true);
    });

    it.each(REFUSED)('refuses %s', async (_name, misbehave, error) => {
      expect(await complete({ claims: PEOPLE[kind], misbehave })).toEqual({ ok: false, error });
    });

    it('refuses every ID token whatever OIDC_ID_TOKEN_ALGS says: none and HS* are dropped even if configured', async () => {
      const permissive = { ...settings(kind), idTokenAlgorithms: ['none', 'HS256', 'RS256'] };
      for (const misbehave of ['alg-none', 'hs256-client-secret', 'hs256-public-key'] as const) {
        const begun = await beginLogin(permissive, { returnTo: '/', locale: 'da' });
        if (!begun.ok) throw new Error(begun.error);
        const callback = await idp.authorize(begun.url, { claims: PEOPLE[kind], misbehave });
        expect(await completeLogin(permissive, begun.transaction, callback, db)).toEqual({
          ok: false,
          error: 'invalid_response',
        });
      }
    });

    it('refuses a second use of the same login transaction, though this IdP would redeem the code again', async () => {
      const { callback, transaction } = await loginThrough(kind, { claims: PEOPLE[kind] });
      expect((await completeLogin(settings(kind), transaction, callback, db)).ok).toBe(true);
      expect(await completeLogin(settings(kind), transaction, callback, db)).toEqual({
        ok: false,
        error: 'state_mismatch',
      });
    });

    it('refuses a login transaction older than its lifetime', async () => {
      const { callback, transaction } = await loginThrough(kind, { claims: PEOPLE[kind] });
      const later = new Date(transaction.expiresAt + 1000);
      expect(await completeLogin(settings(kind), transaction, callback, db, later)).toEqual({
        ok: false,
        error: 'state_mismatch',
      });
    });

    it('accepts a back-channel logout token once and refuses it when it is replayed', async () => {
      const token = await idp.logoutToken({ clientId: CLIENT_IDS[kind], sid: `sid-${kind}-replay` });
      expect(await verifyLogoutToken(settings(kind), token, db)).toEqual({
        ok: true,
        sid: `sid-${kind}-replay`,
      });
      expect(await verifyLogoutToken(settings(kind), token, db)).toEqual({ ok: false });
      // The jti is what is remembered: a new token with the same jti is the same token.
      const again = await idp.logoutToken({
        clientId: CLIENT_IDS[kind],
        sid: `sid-${kind}-replay`,
        jti: (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { jti: string })
          .jti,
      });
      expect(await verifyLogoutToken(settings(kind), again, db)).toEqual({ ok: false });
    });

    it.each([
      ['an hour in the future', 3600],
      ['ten minutes ago, older than the five minutes a logout token lives', -600],
    ])('refuses a back-channel logout token issued %s', async (_name, issuedIn) => {
      const token = await idp.logoutToken({ clientId: CLIENT_IDS[kind], sid: 'sid-y', issuedIn });
      expect(await verifyLogoutToken(settings(kind), token, db)).toEqual({ ok: false });
    });

    it.each(['alg-none', 'hs256-public-key', 'unknown-key'] as const)(
      'refuses a back-channel logout token signed %s',
      async (misbehave) => {
        const token = await idp.logoutToken({ clientId: CLIENT_IDS[kind], sid: 'sid-x', misbehave });
        expect(await verifyLogoutToken(settings(kind), token, db)).toEqual({ ok: false });
      },
    );
  });

  describe('citizen claims', () => {
    const complete = async (claims: Record<string, unknown>): Promise<LoginOutcome> => {
      const { callback, transaction } = await loginThrough('citizen', { claims });
      return completeLogin(settings('citizen'), transaction, callback, db);
    };

    it('refuses a login at level Low', async () => {
      expect(await complete({ ...PEOPLE.citizen, acr: 'urn:grn:authn:dk:mitid:low' })).toEqual({
        ok: false,
        error: 'level_too_low',
      });
    });

    it.each([
      ['9999990000', 'day 99 of month 99'],
      ['3102901234', 'the 31st of February'],
      ['0113601234', 'month 13'],
      ['0101304000', 'a birth date in 2030, in the future'],
      ['010160000', 'nine digits'],
    ])('refuses the CPR claim %s (%s), which is not a possible CPR number', async (cpr) => {
      expect(await complete({ ...PEOPLE.citizen, cprNumberIdentifier: cpr })).toEqual({
        ok: false,
        error: 'invalid_response',
      });
    });
  });
});

/** A cookie jar with the surface the login pages use. */
class CookieJar implements LoginCookies {
  readonly values = new Map<string, string>();
  get(name: string): { value: string } | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : { value };
  }
  set(name: string, value: string): void {
    this.values.set(name, value);
  }
  delete(name: string): void {
    this.values.delete(name);
  }
}

describe('where a real login sends the browser afterwards (open redirect)', () => {
  let db: Db;
  let config: Config;
  beforeAll(async () => {
    db = await (STORES[0] ?? { open: () => Promise.reject(new Error('no store')) }).open();
    await migrate(db);
    const parsed = parseConfig({
      PUBLIC_BASE_URL: PORTAL,
      SESSION_SECRET: 's'.repeat(40),
      CITIZEN_OIDC_ISSUER: idp.issuer,
      CITIZEN_OIDC_CLIENT_SECRET: SECRETS.citizen,
      STAFF_OIDC_ISSUER: idp.issuer,
      STAFF_OIDC_CLIENT_SECRET: SECRETS.staff,
    });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    config = parsed.config;
  });
  afterAll(async () => {
    await db.close();
  });

  /** startLogin → the IdP → finishLogin, as the /log-ind and /auth/callback pages run them. */
  async function loginReturningTo(kind: LoginKind, returnTo: string): Promise<string> {
    const jar = new CookieJar();
    const deps = { config, store: () => Promise.resolve(db) };
    const started = await startLogin(kind, jar, { returnTo, locale: 'da' }, deps);
    if (!('redirect' in started)) throw new Error(started.error);
    expect(relyingParty(kind, config).issuer.href).toBe(new URL(idp.issuer).href);
    const callback = await idp.authorize(new URL(started.redirect), { claims: PEOPLE[kind] });
    const finished = await finishLogin(kind, jar, callback, undefined, deps);
    if (!('redirect' in finished)) throw new Error(finished.error);
    return finished.redirect;
  }

  describe.each(['citizen', 'staff'] as const)('%s login', (kind) => {
    const home = kind === 'citizen' ? '/mine-sager' : '/medarbejder';

    it('returns to the page the person came from', async () => {
      expect(await loginReturningTo(kind, '/sager/abc?tab=ai')).toBe('/sager/abc?tab=ai');
    });

    it.each([
      '/.//evil.example',
      '/..//evil.example',
      '/%2e//evil.example',
      '/a/..//evil.example',
      '//evil.example',
    ])('stays on the portal when asked to return to %s', async (returnTo) => {
      const location = await loginReturningTo(kind, returnTo);
      expect(location).toBe(home);
      // As the browser resolves the Location header against the portal's address.
      expect(new URL(location, PORTAL).origin).toBe(PORTAL);
    });
  });
});
