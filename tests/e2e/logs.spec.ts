/**
 * One log format (issue 12, "Structured logs"): a portal started as in production writes every line,
 * on stdout and stderr, as one JSON object of the same shape: ours, Astro's, the development IdP's and
 * console calls alike, with an access line per request that names the route pattern and never the
 * path, a query string or a CPR number. The English pages are counted under their own route in
 * /metrics, not as `unmatched`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { generateCitizen } from '../../src/demo/world.ts';
import { LOG_PORT } from '../../playwright.config.ts';
import { loginAsCitizen, loginAsStaff } from './helpers.ts';

const base = `http://localhost:${String(LOG_PORT)}`;
const dataDir = `.data/e2e-logs-${String(LOG_PORT)}`;
const METRICS_TOKEN = 'logs-spec-metrics-token';
const mette = generateCitizen(0);
const METTE_CPR = mette.citizen.cpr;

let server: ChildProcess | undefined;
let output = '';

async function stopServer(): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  await new Promise((resolve) => {
    server?.once('exit', resolve);
    server?.kill('SIGTERM');
  });
}

test.describe('the process log', () => {
  test.describe.configure({ timeout: 240_000 });

  async function startServer(): Promise<void> {
    rmSync(dataDir, { recursive: true, force: true });
    server = spawn(process.execPath, ['scripts/serve.ts'], {
      env: {
        ...process.env,
        PORT: String(LOG_PORT),
        PUBLIC_BASE_URL: base,
        PGLITE_DATA_DIR: dataDir,
        DEMO_CITIZENS: '20',
        DEV_IDP_PORT: String(LOG_PORT + 1),
        LOG_LEVEL: 'info',
        METRICS_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 480; i++) {
      if (output.includes('Indsigt is ready')) return;
      if (server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the portal did not start:\n${output}`);
  }

  test.afterAll(async () => {
    await stopServer();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('every line is JSON of one shape, with an access line per request and no CPR or query', async ({
    browser,
    request,
  }) => {
    await startServer();
    // Anonymous pages in both languages, a query string holding a CPR number, and a 404.
    for (const path of ['/', '/en/', '/ai-systemer', `/en/ai-systemer?q=${METTE_CPR}`, '/findes-ikke']) {
      expect((await request.get(`${base}${path}`)).status()).toBeLessThan(500);
    }
    // A citizen through the development IdP (oidc-provider), her case and its English JSON download.
    const citizen = await browser.newContext({ baseURL: base });
    const page = await citizen.newPage();
    await loginAsCitizen(page, `${mette.citizen.givenName} ${mette.citizen.familyName}`);
    await expect(page).toHaveURL(/\/mine-sager$/);
    const caseId = mette.cases[0]?.row.id ?? '';
    expect((await page.request.get(`/en/mine-sager/${caseId}?cpr=${METTE_CPR}`)).status()).toBe(200);
    expect((await page.request.get(`/en/mine-sager/${caseId}/data.json`)).status()).toBe(200);
    await citizen.close();
    // The front desk posts a CPR number in a form.
    const staff = await browser.newContext({ baseURL: base });
    const desk = await staff.newPage();
    await loginAsStaff(desk, 'Camilla Juhl');
    await desk.getByLabel('Borgerens CPR-nummer').fill(METTE_CPR);
    await desk.getByLabel('Borgeren er i borgerservice').check();
    await desk.getByRole('button', { name: 'Find borgeren' }).click();
    await expect(desk).toHaveURL(/\/medarbejder\/borger$/);
    await staff.close();

    // English pages are counted under their route pattern, not as unmatched.
    const metrics = await (
      await request.get(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toContain('route="/en/ai-systemer"');
    expect(metrics).toContain('route="/en/mine-sager/[id]/data.json",method="GET",status="200"');
    expect(metrics).not.toMatch(/route="unmatched"/);

    await stopServer();
    const lines = output.split('\n').filter((line) => line !== '');
    const parsed = lines.map((line) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
      return value as Record<string, unknown>;
    });
    for (const [i, entry] of parsed.entries()) {
      expect(entry, lines[i]).toMatchObject({
        level: expect.stringMatching(/^(debug|info|warn|error|fatal)$/),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        source: expect.stringMatching(/^(indsigt|http|astro|dev-idp|console)$/),
        message: expect.any(String),
      });
    }
    const access = parsed.filter((entry) => entry['source'] === 'http');
    expect(access.length).toBeGreaterThanOrEqual(10);
    for (const line of access) {
      expect(line).toMatchObject({
        method: expect.stringMatching(/^[A-Z]+$/),
        route: expect.any(String),
        status: expect.any(Number),
        durationMs: expect.any(Number),
      });
      expect(String(line['route'])).not.toMatch(/[?]|[0-9a-f]{8}-[0-9a-f]{4}/);
    }
    const routes = access.map((line) => `${String(line['method'])} ${String(line['route'])}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /en/ai-systemer',
        'GET /en/mine-sager/[id]',
        'GET /en/mine-sager/[id]/data.json',
        'POST /medarbejder',
      ]),
    );
    // Never a CPR number (with or without its dash), a case's id or a query string.
    const everything = lines.join('\n');
    expect(everything).not.toContain(METTE_CPR);
    expect(everything).not.toContain(`${METTE_CPR.slice(0, 6)}-${METTE_CPR.slice(6)}`);
    expect(everything).not.toContain(caseId);
    expect(everything).not.toMatch(/[?&](q|cpr)=/);
  });
});
