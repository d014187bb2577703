/**
 * Failing safe, against the built server (scripts/serve.ts in front of dist/server/entry.mjs):
 * security headers on every response (static files and the adapter's own answers included), bad
 * %-escapes answered 400 with a translated page, wrong methods 405 JSON, and, with PostgreSQL, a
 * store that is down, stalled or locked answered 503 within 2 s, then recovery without a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { expect, test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { FAIL_SAFE_PORT, IDP_PORT, PORT } from '../../playwright.config.ts';
import { TEST_DATABASE_PREFIX } from '../helpers/database-prefix.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
];

function expectSecurityHeaders(headers: Record<string, string>, what: string): void {
  for (const name of SECURITY_HEADERS) expect(headers[name], `${name} on ${what}`).toBeTruthy();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
}

const css = readdirSync('dist/client/_astro').find((f) => f.endsWith('.css'));

test.describe('every response of the built server', () => {
  for (const path of [
    '/',
    '/en/ai-systemer',
    '/favicon.svg',
    `/_astro/${css ?? ''}`,
    '/api/v1/openapi.json',
  ]) {
    test(`carries the security headers: ${path}`, async ({ request }) => {
      const response = await request.get(path);
      expect(response.status()).toBe(200);
      expectSecurityHeaders(response.headers(), path);
    });
  }

  for (const [path, heading] of [
    ['/%zz', 'Adressen er forkert'],
    ['/en/%25zz', 'The address is wrong'],
    ['/en/%zz', 'The address is wrong'],
    ['/mine-sager/%E0%A4%A', 'Adressen er forkert'],
    ['/a%00b', 'Adressen er forkert'],
    ['/en/medarbejder/ai-systemer/%2525zz', 'The address is wrong'],
  ] as const) {
    test(`answers a bad address ${path} with a translated 400 page and the headers`, async ({ request }) => {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status()).toBe(400);
      expectSecurityHeaders(response.headers(), path);
      expect(await response.text()).toMatch(new RegExp(`<h1[^>]*>${heading}</h1>`));
    });
  }

  test('answers a POST to a bad address with the 400 page, not a 500', async ({ request }) => {
    const response = await request.post('/en/%25zz', { form: { a: 'b' }, maxRedirects: 0 });
    expect(response.status()).toBe(400);
  });

  test('answers a wrong method on an API route with 405 JSON and Allow', async ({ request }) => {
    const response = await request.get('/api/v1/ingest');
    expect(response.status()).toBe(405);
    expect(response.headers()['allow']).toBe('POST');
    expect(await response.json()).toMatchObject({ error: 'method_not_allowed' });
    expectSecurityHeaders(response.headers(), 'a 405');
    const put = await request.put('/api/v1/ai-systems', {
      data: {},
      headers: { origin: `http://localhost:${String(PORT)}` },
    });
    expect(put.status()).toBe(405);
    expect(put.headers()['allow']).toBe('GET, HEAD');
  });
});

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];
// PostgreSQL that can be stopped and stalled is needed here; CI and `npm test` with
// TEST_DATABASE_URL run these. (PGlite, in process, cannot go down.)
if (TEST_DATABASE_URL) {
  test.describe('a store that is down, stalled or locked', () => {
    test.describe.configure({ mode: 'serial', timeout: 120_000 });
    const auxPort = FAIL_SAFE_PORT;
    const base = `http://localhost:${String(auxPort)}`;
    const dbName = `${TEST_DATABASE_PREFIX}_failsafe_${randomBytes(4).toString('hex')}`;
    let proxy: TcpProxy;
    let server: ChildProcess;

    const admin = async (sql: string): Promise<void> => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };

    test.beforeAll(async () => {
      await admin(`create database ${dbName}`);
      const target = new URL(TEST_DATABASE_URL);
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const url = new URL(TEST_DATABASE_URL);
      url.host = `127.0.0.1:${String(proxy.port)}`;
      url.pathname = `/${dbName}`;
      server = spawn('node', ['scripts/serve.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          PORT: String(auxPort),
          PUBLIC_BASE_URL: base,
          // The main e2e server's development IdPs: this one starts none of its own.
          CITIZEN_OIDC_ISSUER: `http://localhost:${String(IDP_PORT)}`,
          STAFF_OIDC_ISSUER: `http://localhost:${String(IDP_PORT + 1)}`,
          LOG_LEVEL: 'error',
        },
        stdio: 'ignore',
      });
      for (let i = 0; i < 240; i++) {
        const up = await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('the portal did not start');
    });

    test.afterAll(async () => {
      server.kill('SIGTERM');
      await proxy.close();
      await admin(`drop database if exists ${dbName} with (force)`);
    });

    /**
     * The front server serves public pages from memory while the store's data version, read at most
     * once a second, is known (src/server/http/public-cache.ts): a copy confirmed less than a second
     * before the store broke is still current. Past that second a broken store clears the copies.
     */
    const pastCacheCheck = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1100));

    /** Every kind of route, each answered within 2 s. */
    async function expectAnswers(request: APIRequestContext, status: 200 | 503): Promise<void> {
      for (const [path, kind, text] of [
        ['/readyz', 'json', ''],
        ['/ai-systemer', 'html', status === 503 ? 'Indsigt er ikke tilgængelig lige nu' : ''],
        ['/en/ai-systemer', 'html', status === 503 ? 'Indsigt is not available right now' : ''],
        ['/api/v1/ai-systems', 'json', ''],
      ] as const) {
        const started = Date.now();
        const response = await request.get(`${base}${path}`, { timeout: 10_000 });
        const elapsed = Date.now() - started;
        // The open-data export answers 404 on an empty store; what matters is that it is not 503.
        const expected = path === '/api/v1/ai-systems' && status === 200 ? [200, 404] : [status];
        expect(expected, `${path} answered ${String(response.status())}`).toContain(response.status());
        expect(elapsed, `${path} took ${String(elapsed)} ms`).toBeLessThan(2000);
        expectSecurityHeaders(response.headers(), path);
        const body = await response.text();
        expect(body).not.toMatch(/ECONN|postgres|pg-pool|statement timeout|at .*\.(ts|js|mjs):\d+/i);
        if (status === 503) {
          if (kind === 'json')
            expect(JSON.parse(body)).toHaveProperty(path === '/readyz' ? 'status' : 'error');
          else expect(body).toContain(text);
        }
      }
    }

    test('answers 503 within 2 s while PostgreSQL refuses connections, and recovers', async ({ request }) => {
      await expectAnswers(request, 200);
      await proxy.stop();
      await pastCacheCheck();
      await expectAnswers(request, 503);
      await proxy.forward();
      await expectAnswers(request, 200);
    });

    test('answers 503 within 2 s while PostgreSQL accepts but never answers, and recovers', async ({
      request,
    }) => {
      proxy.stall();
      await pastCacheCheck();
      await expectAnswers(request, 503);
      await proxy.stop();
      await proxy.forward();
      await expectAnswers(request, 200);
    });

    test('answers 503 within 2 s while another connection holds a lock, and recovers', async ({
      request,
    }) => {
      const locker = new pg.Client({ connectionString: TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${dbName}`) });
      await locker.connect();
      try {
        await locker.query('begin');
        await locker.query('lock table portal.notice in access exclusive mode');
        const started = Date.now();
        // The data version is readable and unchanged, so anonymous visitors get the page from
        // memory; a session cookie makes the front server render it, through the locked table.
        const response = await request.get(`${base}/ai-systemer`, {
          headers: { cookie: 'indsigt_session=none' },
        });
        expect(response.status()).toBe(503);
        expect(Date.now() - started).toBeLessThan(2000);
        expect(await response.text()).toContain('Indsigt er ikke tilgængelig lige nu');
        await locker.query('rollback');
        expect((await request.get(`${base}/ai-systemer`)).status()).toBe(200);
      } finally {
        await locker.end();
      }
    });
  });
}
