import { defineConfig } from '@playwright/test';

/**
 * The built portal on its own port and its own embedded store, started fresh for every run, twice:
 * the browser tests run in two workers, each against a portal and store of its own (below).
 * E2E_PORT and E2E_IDP_PORT let two checkouts run their browser tests side by side: the second portal
 * and the specs that start servers of their own take ports right above E2E_PORT (E2E_PORT + 3 to
 * + 15, see below), and the first portal's development IdPs take E2E_IDP_PORT and the one above it.
 */
export const PORT = Number(process.env['E2E_PORT'] ?? 4329);
export const IDP_PORT = Number(process.env['E2E_IDP_PORT'] ?? 4430);
/** fail-safe.spec.ts's portal on a stoppable PostgreSQL (it uses the first portal's IdPs). */
export const FAIL_SAFE_PORT = PORT + 3;
/** logs.spec.ts's portal; its development IdPs take the two ports above it. */
export const LOG_PORT = PORT + 4;
/** instances.spec.ts's two portals on one PostgreSQL; each one's development IdPs take the two ports above it. */
export const INSTANCE_PORTS = [PORT + 7, PORT + 10] as const;
/** The second portal, for the reading specs; its development IdPs take the two ports above it. */
export const READER_PORT = PORT + 13;

/**
 * Specs that only read what the demo seed wrote (and write nothing another spec reads): they run in
 * the second worker against the second portal, whose store no publishing, filing or fuzzing touches.
 * Everything else runs in the first worker against the first portal, in file order as before, so
 * what the writing specs (and look.spec.ts's screenshots) see is what they saw with one worker.
 */
const READERS = /\/(conventions|crawl|english|explanation|register|representation)\.spec\.ts$/;
const FUZZ = /\/fuzz\.spec\.ts$/;

/** A portal started fresh, on an embedded store of its own. */
function portal(port: number, idpPort: number) {
  const dataDir = `.data/e2e-${String(port)}`;
  return {
    command: `rm -rf ${dataDir} && node scripts/serve.ts`,
    url: `http://localhost:${String(port)}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      PORT: String(port),
      PUBLIC_BASE_URL: `http://localhost:${String(port)}`,
      PGLITE_DATA_DIR: dataDir,
      DEMO_CITIZENS: '60',
      // Its own IdP ports, so a portal started with npm start (IdPs on 4400-4401) can keep running.
      DEV_IDP_PORT: String(idpPort),
    },
  };
}

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  // One worker per portal (each project below takes one at most): the browser of one test and the
  // server of the other share the 2 cores, where one worker left one of them mostly idle.
  workers: 2,
  reporter: [['list']],
  // Multi-step journeys with axe runs take 20-40 s when the 2-core machine is busy; this is a hang guard, not a budget.
  timeout: 60_000,
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'pages', testIgnore: [FUZZ, READERS], workers: 1 },
    {
      name: 'readers',
      testMatch: READERS,
      workers: 1,
      use: { baseURL: `http://localhost:${String(READER_PORT)}` },
    },
    // The fuzz posts thousands of generated forms into the first portal's store (drafts of notices,
    // requests, look-ups): it runs last, so no other test reads what it wrote.
    { name: 'fuzz', testMatch: FUZZ, dependencies: ['pages', 'readers'] },
  ],
  webServer: [portal(PORT, IDP_PORT), portal(READER_PORT, READER_PORT + 1)],
});
