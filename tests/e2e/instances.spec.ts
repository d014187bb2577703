// Several portal instances behind a load balancer share nothing but the database (issue 15). On
// PostgreSQL (TEST_DATABASE_URL) this starts two portal processes on one database and checks that
// sessions, the front desk's rate limit and the public page cache behave across them: a publish
// in one instance reaches the other's public pages within the data version's one-second check.
// On every run, the single instance the other browser tests use shows a publish at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import pg from 'pg';
import { createSession } from '../../src/auth/sessions.ts';
import type { SessionData } from '../../src/auth/session-types.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { seedDemoWorld } from '../../src/db/seed.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { INSTANCE_PORTS } from '../../playwright.config.ts';
import { TEST_DATABASE_PREFIX } from '../helpers/database-prefix.ts';
import { loginAsStaff } from './helpers.ts';

const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];
const SLUG = 'laegeresume';
const PUBLISHER: SessionData = {
  kind: 'staff',
  staffId: 'egb-0301',
  name: 'Henrik Bisgaard',
  title: 'Kommunikationskonsulent',
  unit: 'Digitalisering og IT',
  roles: ['publisher'],
  helping: null,
};
const FRONTDESK: SessionData = {
  kind: 'staff',
  staffId: 'egb-0201',
  name: 'Camilla Juhl',
  title: 'Borgerservicemedarbejder',
  unit: 'Borgerservice Egebæk',
  roles: ['frontdesk'],
  helping: null,
};
const CITIZEN: SessionData = {
  kind: 'citizen',
  cpr: '0101600006',
  name: 'Mette Sørensen',
  pseudonym: 'e2e-instances',
  loa: 'substantial',
  powers: [],
  actingFor: null,
};

/**
 * Publishes a new version of the notice through the publisher's own form, as staff would. The
 * contact phone changes with it: a publish that changes nothing is refused.
 */
async function publishThroughForm(page: Page, base: string, summary: string): Promise<void> {
  await page.goto(`${base}/medarbejder/ai-systemer/${SLUG}`);
  await page.getByLabel('Kontakt, telefon').fill(`+45 ${summary}`);
  await page.getByLabel('Hvad er ændret (dansk)').fill(summary);
  await page.getByLabel('Hvad er ændret (engelsk)').fill(summary);
  await page.getByRole('button', { name: 'Offentliggør ny version' }).click();
  await expect(page.getByRole('status')).toContainText('er offentliggjort');
}

async function anonymousNotice(base: string): Promise<{ etag: string; body: string; age: string | null }> {
  const response = await fetch(`${base}/ai-systemer/${SLUG}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  return {
    etag: response.headers.get('etag') ?? '',
    body: await response.text(),
    age: response.headers.get('age'),
  };
}

async function withCookie(context: BrowserContext, base: string, token: string): Promise<void> {
  await context.addCookies([{ name: 'indsigt_session', value: token, url: base }]);
}

test('a publish shows on the public page at once, while unchanged copies answer 304', async ({
  page,
  baseURL,
}) => {
  const base = baseURL ?? '';
  const before = await anonymousNotice(base);
  const again = await fetch(`${base}/ai-systemer/${SLUG}`, { headers: { 'if-none-match': before.etag } });
  expect(again.status).toBe(304);

  // The publisher logs in through the development staff IdP on this instance and publishes.
  await loginAsStaff(page, 'Henrik Bisgaard');
  const summary = `Rettelse ${randomBytes(3).toString('hex')}`;
  await publishThroughForm(page, base, summary);

  const after = await anonymousNotice(base);
  expect(after.etag).not.toBe(before.etag);
  expect(after.body).toContain(summary);
});

if (TEST_DATABASE_URL) {
  test.describe('two portal instances on one PostgreSQL', () => {
    test.setTimeout(240_000);
    const name = `${TEST_DATABASE_PREFIX}_e2e_${randomBytes(6).toString('hex')}`;
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    // Ports of their own (portal, then its two development IdPs), moving with E2E_PORT.
    const ports = INSTANCE_PORTS;
    const bases = ports.map((p) => `http://localhost:${String(p)}`);
    const children: ChildProcess[] = [];
    const tokens = { citizen: '', publisher: '', frontdesk: '', reader: '' };

    const admin = async (sql: string): Promise<void> => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };

    const start = (port: number): Promise<ChildProcess> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['scripts/serve.ts'], {
          env: {
            ...process.env,
            DATABASE_URL: url.toString(),
            PORT: String(port),
            PUBLIC_BASE_URL: `http://localhost:${String(port)}`,
            DEV_IDP_PORT: String(port + 1),
            LOG_LEVEL: 'warn',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        const timer = setTimeout(() => {
          reject(new Error(`instance on ${String(port)} did not start:\n${output}`));
        }, 120_000);
        const onData = (chunk: Buffer): void => {
          output += chunk.toString();
          if (output.includes('Indsigt is ready')) {
            clearTimeout(timer);
            resolve(child);
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`instance on ${String(port)} exited with ${String(code)}:\n${output}`));
        });
      });

    test.beforeAll(async () => {
      await admin(`create database ${name}`);
      const db = openPostgres(url.toString(), { max: 2 });
      try {
        await migrate(db);
        await seedDemoWorld(db, { citizens: 20 });
        tokens.citizen = await createSession(db, CITIZEN, { idpSid: null, absoluteMinutes: 60 });
        tokens.publisher = await createSession(db, PUBLISHER, { idpSid: null, absoluteMinutes: 60 });
        tokens.frontdesk = await createSession(db, FRONTDESK, { idpSid: null, absoluteMinutes: 60 });
        tokens.reader = await createSession(db, CITIZEN, { idpSid: null, absoluteMinutes: 60 });
      } finally {
        await db.close();
      }
      children.push(...(await Promise.all(ports.map(start))));
    });

    test.afterAll(async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => {
              child.once('exit', resolve);
              child.kill('SIGTERM');
            }),
        ),
      );
      await admin(`drop database if exists ${name} with (force)`);
    });

    test('a case page seen again is the same page, and a record changed in the store shows at the next view on both instances', async () => {
      // Issue 15: a repeat view is served as rendered (src/cases/page-cache.ts) while the case row,
      // read on every request, says nothing shown has changed.
      const caseId = generateCitizen(0).cases[0]!.row.id;
      const view = async (base: string): Promise<{ headers: Headers; body: string }> => {
        const response = await fetch(`${base}/mine-sager/${caseId}`, {
          headers: { cookie: `indsigt_session=${tokens.reader}` },
          redirect: 'manual',
        });
        expect(response.status).toBe(200);
        return { headers: response.headers, body: await response.text() };
      };
      const headersOf = (h: Headers): [string, string][] => [...h].filter(([k]) => k !== 'date');
      for (const base of bases) {
        const first = await view(base);
        const again = await view(base);
        expect(again.body).toBe(first.body);
        expect(headersOf(again.headers)).toEqual(headersOf(first.headers));
        expect(again.headers.get('cache-control')).toBe('no-store');
        expect(again.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(again.body).toContain('er ikke ændret, siden de blev skrevet');
      }
      // Someone edits an AI event's output in the store, past the append-only triggers.
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query('begin');
        await client.query('set local session_replication_role = replica');
        await client.query(
          `update audit.ai_event set output = 'Omskrevet i databasen' where case_id = $1 and seq = 1`,
          [caseId],
        );
        await client.query('commit');
      } finally {
        await client.end();
      }
      for (const base of bases) {
        const after = await view(base);
        expect(after.body, base).toContain('Omskrevet i databasen');
        expect(after.body, base).not.toContain('er ikke ændret, siden de blev skrevet');
        expect(after.headers.get('cache-control')).toBe('no-store');
      }
    });

    test('a session made on one instance is valid on the other, and a logout on one ends it on both', async () => {
      const [a = '', b = ''] = bases;
      const cookie = `indsigt_session=${tokens.citizen}`;
      for (const base of [a, b]) {
        const response = await fetch(`${base}/mine-sager`, { headers: { cookie }, redirect: 'manual' });
        expect(response.status, base).toBe(200);
        expect(await response.text()).toContain('Mette Sørensen');
      }
      const logout = await fetch(`${a}/log-ud`, {
        method: 'POST',
        headers: { cookie, origin: a, 'content-type': 'application/x-www-form-urlencoded' },
        redirect: 'manual',
      });
      expect(logout.status).toBe(303);
      const after = await fetch(`${b}/mine-sager`, { headers: { cookie }, redirect: 'manual' });
      expect(after.status).toBe(303);
    });

    test('the front desk rate limit counts look-ups made through both instances', async () => {
      const lookUp = (base: string): Promise<Response> =>
        fetch(`${base}/medarbejder`, {
          method: 'POST',
          headers: {
            cookie: `indsigt_session=${tokens.frontdesk}`,
            origin: base,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ cpr: '0101600006', purpose: 'desk' }).toString(),
          redirect: 'manual',
        });
      // 30 look-ups in 10 minutes, alternating between the instances: all allowed.
      for (let i = 0; i < 30; i += 1)
        expect((await lookUp(bases[i % 2] ?? '')).status, `look-up ${String(i + 1)}`).not.toBe(429);
      for (const base of bases) expect((await lookUp(base)).status, base).toBe(429);
    });

    test('a publish on one instance reaches the public page cache of the other', async ({ browser }) => {
      const [a = '', b = ''] = bases;
      const before = await anonymousNotice(b);
      const cached = await anonymousNotice(b);
      expect(cached.etag).toBe(before.etag); // served from B's cache

      const context = await browser.newContext();
      await withCookie(context, a, tokens.publisher);
      const summary = `Ny version ${randomBytes(3).toString('hex')}`;
      await publishThroughForm(await context.newPage(), a, summary);
      await context.close();

      // B reads the store's data version at most once a second.
      await expect
        .poll(async () => (await anonymousNotice(b)).body.includes(summary), {
          timeout: 10_000,
          intervals: [250],
        })
        .toBe(true);
      expect((await anonymousNotice(b)).etag).not.toBe(before.etag);
    });

    test('each instance keeps its own copies, compressed, and a session never gets a shared copy', async () => {
      const [, b = ''] = bases;
      const compressed = await fetch(`${b}/ai-systemer`, { headers: { 'accept-encoding': 'br' } });
      expect(compressed.headers.get('content-encoding')).toBe('br');
      expect(compressed.headers.get('vary')).toMatch(/Accept-Encoding/);
      const loggedIn = await fetch(`${b}/ai-systemer`, {
        headers: { cookie: `indsigt_session=${tokens.publisher}` },
      });
      expect(loggedIn.headers.get('cache-control')).toBe('no-store');
      expect(await loggedIn.text()).toContain('Henrik Bisgaard');
    });
  });
}
