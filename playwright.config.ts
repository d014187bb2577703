import { defineConfig } from '@playwright/test';

/**
 * The built portal on its own port and its own embedded store, started fresh for every run.
 * E2E_PORT and E2E_IDP_PORT let two checkouts run their browser tests side by side: the specs that
 * start servers of their own take ports right above E2E_PORT (E2E_PORT + 3 to + 12, see below), and
 * the main server's development IdPs take E2E_IDP_PORT and the one above it.
 */
export const PORT = Number(process.env['E2E_PORT'] ?? 4329);
export const IDP_PORT = Number(process.env['E2E_IDP_PORT'] ?? 4430);
/** fail-safe.spec.ts's portal on a stoppable PostgreSQL (it uses the main server's IdPs). */
export const FAIL_SAFE_PORT = PORT + 3;
/** logs.spec.ts's portal; its development IdPs take the two ports above it. */
export const LOG_PORT = PORT + 4;
/** instances.spec.ts's two portals on one PostgreSQL; each one's development IdPs take the two ports above it. */
export const INSTANCE_PORTS = [PORT + 7, PORT + 10] as const;
const dataDir = `.data/e2e-${String(PORT)}`;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
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
    { name: 'pages', testIgnore: /fuzz\.spec\.ts$/ },
    // The fuzz posts thousands of generated forms into the shared store (drafts of notices, requests,
    // look-ups): it runs last, so no other test reads what it wrote.
    { name: 'fuzz', testMatch: /fuzz\.spec\.ts$/, dependencies: ['pages'] },
  ],
  webServer: {
    command: `rm -rf ${dataDir} && node scripts/serve.ts`,
    url: `http://localhost:${PORT}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      PORT: String(PORT),
      PUBLIC_BASE_URL: `http://localhost:${PORT}`,
      PGLITE_DATA_DIR: dataDir,
      DEMO_CITIZENS: '60',
      // Its own IdP ports, so a portal started with npm start (IdPs on 4400-4401) can keep running.
      DEV_IDP_PORT: String(IDP_PORT),
    },
  },
});
