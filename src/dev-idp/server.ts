/**
 * The development IdPs: two oidc-provider instances on localhost, one playing a MitID broker for
 * citizens (Idura-style claims, NSIS levels as `acr`) and one playing the municipality's staff IdP
 * (Entra-style `roles` claim). They are strict on purpose, so our client is tested against a strict
 * provider: PKCE required, PAR supported, back-channel and RP-initiated logout enabled, and their
 * own login pages set `acr`/`amr` (oidc-provider's built-in dev interaction sets none).
 * Started by `npm start` when no issuer is configured; never in production (src/config.ts refuses).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { PRIVILEGES_CLAIM } from '../auth/claim-profiles.ts';
import { loggerFor } from '../server/json-log.ts';
import { createDevInbox, type DevInbox } from './digital-post-inbox.ts';
import { LEVELS, testCitizens, testStaff } from './identities.ts';

export interface DevIdpOptions {
  /** Port of the citizen IdP; the staff IdP listens on the next one. 0 picks free ports (tests). */
  readonly port: number;
  /** Where the portal is, for redirect and logout URIs. */
  readonly portalBaseUrl: URL;
  /** How the portal authenticates to the citizen IdP. */
  readonly citizenClient: { readonly clientId: string } & (
    | {
        readonly method: 'private_key_jwt';
        readonly jwks: { keys: Record<string, unknown>[] } | { uri: string };
      }
    | { readonly method: 'client_secret_basic'; readonly secret: string }
  );
  readonly staffClient: { readonly clientId: string; readonly secret: string };
  /** Where the development Digital Post inbox keeps its letters; absent keeps them in memory only. */
  readonly digitalPostInboxDir?: string;
}

export interface DevIdps {
  readonly citizenIssuer: string;
  readonly staffIssuer: string;
  /** The development Digital Post inbox, served by the citizen IdP at /digital-post. */
  readonly digitalPostInbox: DevInbox;
  /** Where the development transport posts letters (…/digital-post/memos). */
  readonly digitalPostUrl: string;
  close(): Promise<void>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:Arial,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
fieldset{margin:1rem 0;border:1px solid #747474}label{display:block;padding:.25rem 0}button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}
.note{color:#4a4a4a;font-size:.9rem}.banner{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem 1rem}</style></head>
<body><p class="banner">Udviklings-IdP · Development IdP — kun til test, aldrig i drift · test only, never in production</p>${body}</body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

/** Grants the requested scopes and claims without a consent screen: the portal is first-party. */
async function loadExistingGrant(
  ctx: KoaContextWithOIDC,
): Promise<InstanceType<Provider['Grant']> | undefined> {
  const { client, session, params, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const existing = session.grantIdFor(client.clientId);
  if (existing) {
    const found = await provider.Grant.find(existing);
    if (found) return found;
  }
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(typeof params?.['scope'] === 'string' ? params['scope'] : 'openid');
  await grant.save();
  return grant;
}

function baseConfiguration(
  clients: ClientMetadata[],
  signingKey: JWK,
  extra: Partial<Configuration>,
): Configuration {
  return {
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // oidc-provider refuses outgoing requests to special-use addresses (SSRF protection). The
    // development IdP talks to the portal on localhost by design, so it sends without that guard.
    fetch: (url, options) => {
      const unguarded: RequestInit & { dispatcher?: unknown } = { ...options };
      delete unguarded.dispatcher;
      return globalThis.fetch(url, unguarded);
    },
    pkce: { required: () => true },
    // The claims go into the ID token, as the brokers do; userinfo is not needed.
    conformIdTokenClaims: false,
    loadExistingGrant,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Sign out of the IdP too, without a question: the portal's own logout button was the question.
        logoutSource: (ctx, form) => {
          ctx.body = page(
            'Log ud · Sign out',
            `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Log ud · Sign out</button>
<script>document.getElementById('op.logoutForm').requestSubmit(document.querySelector('button[name=logout]'))</script>`,
          );
        },
      },
    },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AuthorizationCode: 60,
      IdToken: 600,
      AccessToken: 600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Fejl · Error',
        `<h1>Fejl · Error</h1><p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`,
      );
    },
    ...extra,
  };
}

function citizenProvider(issuer: string, options: DevIdpOptions, signingKey: JWK): Provider {
  const portal = options.portalBaseUrl.origin;
  const auth = options.citizenClient;
  const client: ClientMetadata = {
    client_id: auth.clientId,
    redirect_uris: [`${portal}/auth/callback`],
    post_logout_redirect_uris: [`${portal}/logget-ud`, `${portal}/en/logget-ud`],
    backchannel_logout_uri: `${portal}/auth/backchannel-logout`,
    backchannel_logout_session_required: true,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    ...(auth.method === 'private_key_jwt'
      ? {
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          ...('uri' in auth.jwks ? { jwks_uri: auth.jwks.uri } : { jwks: auth.jwks }),
        }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: auth.secret }),
  };
  const citizens = new Map(testCitizens().map((c) => [c.cpr, c]));
  return new Provider(
    issuer,
    baseConfiguration([client], signingKey, {
      acrValues: LEVELS.map((l) => l.acr),
      scopes: ['openid', 'ssn'],
      claims: {
        openid: ['sub'],
        ssn: ['cprNumberIdentifier', 'name', 'uuid', 'identityscheme', PRIVILEGES_CLAIM],
      },
      findAccount: (_ctx, sub) => {
        const citizen = citizens.get(sub);
        if (!citizen) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub: `{${sub.slice(0, 8)}-dev}`,
            identityscheme: 'dkmitid',
            uuid: `dev-${sub.slice(0, 6)}`,
            cprNumberIdentifier: citizen.cpr,
            name: citizen.name,
            // Powers of attorney as NemLog-in's OIOSAML 3 privileges attribute (see claim-profiles.ts).
            ...(citizen.privileges ? { [PRIVILEGES_CLAIM]: citizen.privileges } : {}),
          }),
        };
      },
    }),
  );
}

function staffProvider(issuer: string, options: DevIdpOptions, signingKey: JWK): Provider {
  const portal = options.portalBaseUrl.origin;
  const staff = new Map(testStaff().map((s) => [s.id, s]));
  return new Provider(
    issuer,
    baseConfiguration(
      [
        {
          client_id: options.staffClient.clientId,
          client_secret: options.staffClient.secret,
          redirect_uris: [`${portal}/auth/staff/callback`],
          post_logout_redirect_uris: [`${portal}/logget-ud`, `${portal}/en/logget-ud`],
          backchannel_logout_uri: `${portal}/auth/staff/backchannel-logout`,
          backchannel_logout_session_required: true,
          response_types: ['code'],
          grant_types: ['authorization_code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      signingKey,
      {
        scopes: ['openid', 'profile'],
        claims: { openid: ['sub'], profile: ['name', 'roles', 'job_title', 'department'] },
        findAccount: (_ctx, sub) => {
          const member = staff.get(sub);
          if (!member) return undefined;
          return {
            accountId: sub,
            claims: () => ({
              sub,
              name: member.name,
              roles: [...member.roleClaims],
              job_title: member.title,
              department: member.unit,
            }),
          };
        },
      },
    ),
  );
}

function citizenLoginForm(uid: string): string {
  const citizens = testCitizens()
    .map(
      (c, i) =>
        `<label><input type="radio" name="account" value="${c.cpr}"${i === 0 ? ' checked' : ''}> ${escapeHtml(c.name)} — ${c.cpr.slice(0, 6)}-${c.cpr.slice(6)}${c.note ? ` <span class="note">(${escapeHtml(c.note)})</span>` : ''}</label>`,
    )
    .join('');
  const levels = LEVELS.map((l) => `<option value="${l.acr}">${escapeHtml(l.label)}</option>`).join('');
  return page(
    'MitID (test)',
    `<h1>Log ind med MitID (test) · Log in with MitID (test)</h1>
<form method="post" action="/interaction/${uid}/login">
<fieldset><legend>Vælg en testborger · Choose a test citizen</legend>${citizens}</fieldset>
<p><label for="acr">Sikringsniveau · Assurance level</label><select id="acr" name="acr">${levels}</select></p>
<button type="submit">Log ind · Log in</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Afbryd · Cancel</button></form>`,
  );
}

function staffLoginForm(uid: string): string {
  const staff = testStaff()
    .map(
      (s, i) =>
        `<label><input type="radio" name="account" value="${s.id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(s.name)}, ${escapeHtml(s.title)} <span class="note">(${s.roleClaims.length > 0 ? s.roleClaims.join(', ') : 'ingen roller · no roles'})</span></label>`,
    )
    .join('');
  return page(
    'Medarbejderlogin (test)',
    `<h1>Medarbejderlogin (test) · Staff login (test)</h1>
<form method="post" action="/interaction/${uid}/login"><fieldset><legend>Vælg en medarbejder · Choose a member of staff</legend>${staff}</fieldset>
<button type="submit">Log ind · Log in</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Afbryd · Cancel</button></form>`,
  );
}

const idpLog = loggerFor('dev-idp');

function listen(
  kind: 'citizen' | 'staff',
  provider: () => Provider,
  port: number,
  inbox?: DevInbox,
): Promise<Server> {
  let instance: Provider | undefined;
  const server = createServer((req, res) => {
    if (inbox?.handle(req, res)) return;
    if (!instance) {
      instance = provider();
      instance.on('backchannel.error', (_ctx: unknown, error: Error, client: { clientId: string }) => {
        const cause = (error as { cause?: unknown }).cause;
        idpLog.error(
          { idp: kind, clientId: client.clientId, error: error.message, cause: String(cause) },
          'back-channel logout failed',
        );
      });
      // oidc-provider's own errors, in the process's log format (src/server/json-log.ts).
      instance.on('server_error', (_ctx: unknown, error: Error) => {
        idpLog.error({ idp: kind, error: error.message }, 'server error');
      });
    }
    const idp = instance;
    const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(
      new URL(req.url ?? '/', 'http://x').pathname,
    );
    if (!match) {
      void idp.callback()(req, res);
      return;
    }
    const [, uid = '', action] = match;
    void (async () => {
      try {
        if (req.method === 'GET' && !action) {
          await idp.interactionDetails(req, res);
          send(res, 200, kind === 'citizen' ? citizenLoginForm(uid) : staffLoginForm(uid));
          return;
        }
        if (req.method === 'POST' && action === '/abort') {
          await idp.interactionFinished(req, res, {
            error: 'access_denied',
            error_description: 'The user cancelled the login',
          });
          return;
        }
        if (req.method === 'POST' && action === '/login') {
          const form = await readForm(req);
          const account = form.get('account') ?? '';
          const known =
            kind === 'citizen'
              ? testCitizens().some((c) => c.cpr === account)
              : testStaff().some((s) => s.id === account);
          const acr = kind === 'citizen' ? LEVELS.find((l) => l.acr === form.get('acr'))?.acr : undefined;
          if (!known || (kind === 'citizen' && !acr)) {
            send(res, 400, page('Fejl', '<h1>Ukendt testperson · Unknown test identity</h1>'));
            return;
          }
          await idp.interactionFinished(
            req,
            res,
            {
              login: {
                accountId: account,
                ...(acr ? { acr } : {}),
                amr: [kind === 'citizen' ? 'mitid' : 'pwd'],
              },
            },
            { mergeWithLastSubmission: false },
          );
          return;
        }
        send(res, 405, page('Fejl', '<h1>405</h1>'));
      } catch (error) {
        send(
          res,
          400,
          page(
            'Fejl · Error',
            `<h1>Fejl · Error</h1><p>${escapeHtml(error instanceof Error ? error.message : 'error')}</p>`,
          ),
        );
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, 'localhost', () => {
      resolve(server);
    });
  });
}

/** Starts both development IdPs. The issuers are known once the ports are bound. */
async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') };
}

export async function startDevIdps(options: DevIdpOptions): Promise<DevIdps> {
  const [citizenKey, staffKey] = await Promise.all([signingKey(), signingKey()]);
  const inbox = createDevInbox({
    ...(options.digitalPostInboxDir ? { dir: options.digitalPostInboxDir } : {}),
    names: new Map(testCitizens().map((c) => [c.cpr, c.name])),
  });
  let citizenIssuer = '';
  let staffIssuer = '';
  const citizenServer = await listen(
    'citizen',
    () => citizenProvider(citizenIssuer, options, citizenKey),
    options.port,
    inbox,
  );
  citizenIssuer = `http://localhost:${String((citizenServer.address() as AddressInfo).port)}`;
  const staffServer = await listen(
    'staff',
    () => staffProvider(staffIssuer, options, staffKey),
    options.port === 0 ? 0 : options.port + 1,
  );
  staffIssuer = `http://localhost:${String((staffServer.address() as AddressInfo).port)}`;
  const close = (server: Server): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  return {
    citizenIssuer,
    staffIssuer,
    digitalPostInbox: inbox,
    digitalPostUrl: `${citizenIssuer}/digital-post/memos`,
    close: async () => {
      await Promise.all([close(citizenServer), close(staffServer)]);
    },
  };
}
