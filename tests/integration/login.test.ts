import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_PROFILES } from '../../src/auth/claim-profiles.ts';
import { verifyLogoutToken } from '../../src/auth/backchannel.ts';
import {
  beginLogin,
  completeLogin,
  endSessionUrl,
  type LoginTransaction,
  type RelyingPartySettings,
} from '../../src/auth/oidc.ts';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { startDevIdps, type DevIdps } from '../../src/dev-idp/server.ts';
import { IdpBrowser } from '../helpers/idp-browser.ts';

const mette = generateCitizen(0).citizen;
const SUBSTANTIAL = 'urn:grn:authn:dk:mitid:substantial';

/** A stand-in portal that only receives back-channel logout posts: a real HTTP endpoint. */
let portal: Server;
let portalBase: URL;
const logoutTokens: string[] = [];
let idps: DevIdps;
let otherIdps: DevIdps;
let citizen: RelyingPartySettings;
let staff: RelyingPartySettings;
/** The store that records used login transactions and logout tokens. */
let db: Db;

function settings(
  kind: 'citizen' | 'staff',
  issuer: string,
  overrides: Partial<RelyingPartySettings> = {},
): RelyingPartySettings {
  return {
    kind,
    issuer: new URL(issuer),
    clientId: kind === 'citizen' ? 'indsigt-citizen' : 'indsigt-staff',
    clientSecret: kind === 'staff' ? 'staff-secret' : undefined,
    privateJwk: undefined,
    redirectUri: `${portalBase.origin}/auth/${kind === 'staff' ? 'staff/' : ''}callback`,
    allowHttp: true,
    claimsProfile: CLAIM_PROFILES.idura,
    staffRoleClaim: 'roles',
    staffRoleMap: { 'Indsigt.Frontdesk': 'frontdesk', 'Indsigt.Publisher': 'publisher' },
    pseudonymSecret: 'p'.repeat(32),
    idTokenAlgorithms: ['RS256', 'PS256', 'ES256'],
    clockSkewSeconds: 30,
    ...overrides,
  };
}

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  portal = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (token) logoutTokens.push(token);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => portal.listen(0, 'localhost', resolve));
  portalBase = new URL(`http://localhost:${String((portal.address() as AddressInfo).port)}`);
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const privateJwk = JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'ES256' });
  const options = {
    port: 0,
    portalBaseUrl: portalBase,
    citizenClient: {
      clientId: 'indsigt-citizen',
      method: 'private_key_jwt' as const,
      jwks: { keys: [publicJwk] },
    },
    staffClient: { clientId: 'indsigt-staff', secret: 'staff-secret' },
  };
  idps = await startDevIdps(options);
  otherIdps = await startDevIdps(options);
  citizen = settings('citizen', idps.citizenIssuer, { privateJwk });
  staff = settings('staff', idps.staffIssuer);
});

afterAll(async () => {
  await idps.close();
  await otherIdps.close();
  await new Promise((resolve) => portal.close(resolve));
  await db.close();
});

/** Starts a login and picks `account` at the IdP; returns the callback URL and the transaction. */
async function loginAt(
  rp: RelyingPartySettings,
  account: string,
  acr = SUBSTANTIAL,
): Promise<{ callback: URL; transaction: LoginTransaction; authorizationUrl: URL; browser: IdpBrowser }> {
  const begun = await beginLogin(rp, { returnTo: '/mine-sager', locale: 'da' });
  if (!begun.ok) throw new Error(begun.error);
  const browser = new IdpBrowser();
  const page = await browser.follow(begun.url);
  expect(page.response?.status).toBe(200);
  const uid = /\/interaction\/([\w-]+)/.exec(page.url.pathname)?.[1] ?? '';
  const done = await browser.follow(
    new URL(`/interaction/${uid}/login`, page.url),
    { form: { account, acr } },
    portalBase.origin,
  );
  return { callback: done.url, transaction: begun.transaction, authorizationUrl: begun.url, browser };
}

describe('citizen login through the development MitID IdP', () => {
  it('logs a citizen in over PAR with PKCE, at level Substantial, and keeps the CPR number out of the pseudonym', async () => {
    const { callback, transaction, authorizationUrl } = await loginAt(citizen, mette.cpr);
    expect(authorizationUrl.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(authorizationUrl.searchParams.has('code_challenge')).toBe(false); // sent by PAR, not in the URL
    expect(callback.searchParams.get('iss')).toBe(idps.citizenIssuer);
    const outcome = await completeLogin(citizen, transaction, callback, db);
    expect(outcome).toMatchObject({
      ok: true,
      session: { kind: 'citizen', cpr: mette.cpr, name: 'Mette Sørensen', loa: 'substantial' },
    });
    if (outcome.ok && outcome.session.kind === 'citizen') {
      expect(outcome.session.pseudonym).not.toContain(mette.cpr);
      expect(outcome.idpSid).toEqual(expect.any(String));
    }
  });

  it('refuses a login at level Low', async () => {
    const { callback, transaction } = await loginAt(citizen, mette.cpr, 'urn:grn:authn:dk:mitid:low');
    expect(await completeLogin(citizen, transaction, callback, db)).toEqual({
      ok: false,
      error: 'level_too_low',
    });
  });

  it('refuses a tampered state', async () => {
    const { callback, transaction } = await loginAt(citizen, mette.cpr);
    callback.searchParams.set('state', 'tampered');
    expect(await completeLogin(citizen, transaction, callback, db)).toEqual({
      ok: false,
      error: 'state_mismatch',
    });
  });

  it('refuses a callback with no login under way', async () => {
    const { callback } = await loginAt(citizen, mette.cpr);
    expect(await completeLogin(citizen, undefined, callback, db)).toEqual({
      ok: false,
      error: 'state_mismatch',
    });
  });

  it('refuses a replayed callback: the login transaction is used up by the first', async () => {
    const { callback, transaction } = await loginAt(citizen, mette.cpr);
    expect((await completeLogin(citizen, transaction, callback, db)).ok).toBe(true);
    expect(await completeLogin(citizen, transaction, callback, db)).toEqual({
      ok: false,
      error: 'state_mismatch',
    });
  });

  it('refuses an ID token with the wrong nonce', async () => {
    const { callback, transaction } = await loginAt(citizen, mette.cpr);
    expect(await completeLogin(citizen, { ...transaction, nonce: 'another-nonce' }, callback, db)).toEqual({
      ok: false,
      error: 'invalid_response',
    });
  });

  it('refuses a code and token from another issuer (mix-up)', async () => {
    const other = settings('citizen', otherIdps.citizenIssuer, { privateJwk: citizen.privateJwk });
    const { callback, transaction } = await loginAt(other, mette.cpr);
    expect(callback.searchParams.get('iss')).toBe(otherIdps.citizenIssuer);
    expect(await completeLogin(citizen, transaction, callback, db)).toEqual({
      ok: false,
      error: 'invalid_response',
    });
  });

  it('tells a cancelled login apart from an error', async () => {
    const begun = await beginLogin(citizen, { returnTo: '/', locale: 'en' });
    if (!begun.ok) throw new Error(begun.error);
    const browser = new IdpBrowser();
    const page = await browser.follow(begun.url);
    const uid = /\/interaction\/([\w-]+)/.exec(page.url.pathname)?.[1] ?? '';
    const done = await browser.follow(
      new URL(`/interaction/${uid}/abort`, page.url),
      { form: {} },
      portalBase.origin,
    );
    expect(done.url.searchParams.get('error')).toBe('access_denied');
    expect(await completeLogin(citizen, begun.transaction, done.url, db)).toEqual({
      ok: false,
      error: 'cancelled',
    });
  });

  it('says the IdP is unreachable when it is', async () => {
    const down = settings('citizen', 'http://localhost:9', { privateJwk: citizen.privateJwk });
    expect(await beginLogin(down, { returnTo: '/', locale: 'da' })).toEqual({
      ok: false,
      error: 'idp_unreachable',
    });
  });

  it('ends the IdP session on logout and receives a verifiable back-channel logout token for the same sid', async () => {
    const { callback, transaction, browser } = await loginAt(citizen, mette.cpr);
    const outcome = await completeLogin(citizen, transaction, callback, db);
    if (!outcome.ok || outcome.session.kind !== 'citizen') throw new Error('login failed');
    const end = await endSessionUrl(citizen, `${portalBase.origin}/logget-ud`);
    if (!end) throw new Error('no end_session_endpoint');
    // Identified by client_id: the ID token (which carries the CPR number) is never put in a URL.
    expect(end.searchParams.has('id_token_hint')).toBe(false);
    expect(end.href).not.toContain(mette.cpr);
    const confirm = await browser.follow(end);
    const html = (await confirm.response?.text()) ?? '';
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const before = logoutTokens.length;
    const done = await browser.follow(
      new URL(action, end),
      { form: { xsrf, logout: 'yes' } },
      portalBase.origin,
    );
    expect(done.url.pathname).toBe('/logget-ud');
    // The IdP posts the logout token on its own schedule, just after redirecting the browser.
    for (let waited = 0; logoutTokens.length === before && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logoutTokens.length).toBe(before + 1);
    expect(await verifyLogoutToken(citizen, logoutTokens.at(-1) ?? '', db)).toEqual({
      ok: true,
      sid: outcome.idpSid,
    });
    expect(await verifyLogoutToken(citizen, `${logoutTokens.at(-1) ?? ''}x`, db)).toEqual({ ok: false });
  });
});

describe('staff login through the development staff IdP', () => {
  it('maps the role claim to portal roles', async () => {
    const { callback, transaction } = await loginAt(staff, 'egb-0106');
    expect(await completeLogin(staff, transaction, callback, db)).toMatchObject({
      ok: true,
      session: {
        kind: 'staff',
        staffId: 'egb-0106',
        name: 'Morten Dahl',
        roles: ['frontdesk', 'publisher'],
        unit: expect.stringContaining('Rehabilitering'),
      },
    });
  });

  it('refuses a member of staff with no portal role', async () => {
    const { callback, transaction } = await loginAt(staff, 'egb-0101');
    expect(await completeLogin(staff, transaction, callback, db)).toEqual({ ok: false, error: 'no_role' });
  });

  it('does not accept a citizen login transaction at the staff callback', async () => {
    const { callback, transaction } = await loginAt(staff, 'egb-0201');
    expect(await completeLogin(staff, { ...transaction, kind: 'citizen' }, callback, db)).toEqual({
      ok: false,
      error: 'state_mismatch',
    });
  });
});
