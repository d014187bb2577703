// The soak mode of npm run bench (issue 10): the built portal under mixed load for ten minutes, its
// resident memory read at the start (after a warm-up) and at the end, which must stay within 20%.
// `npm run bench -- --soak [--minutes 10]`; run `astro build` first. Traffic goes
// to this machine only (localhost), and the loop stops by itself.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cookieNames } from '../src/auth/index.ts';
import { createSession } from '../src/auth/sessions.ts';
import { getConfig } from '../src/config.ts';
import { openStore } from '../src/db/open.ts';
import { seededCitizens } from '../src/db/seed.ts';
import { cprPseudonym } from '../src/domain/cpr.ts';
import { createRandom } from '../src/demo/random.ts';
import { generateCitizen } from '../src/demo/world.ts';

/** Resident memory of a process in MiB, from /proc. */
function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The portal's JavaScript heap in use and its external memory in MiB, from its /metrics. */
async function heapMiB(base: string, token: string): Promise<string> {
  const text = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    .then((r) => r.text())
    .catch(() => '');
  const value = (name: string): string => {
    const match = new RegExp(`^indsigt_${name} (\\S+)$`, 'm').exec(text);
    return match ? (Number(match[1]) / 1024 / 1024).toFixed(0) : '?';
  };
  return `heap used ${value('nodejs_heap_size_used_bytes')} MiB, external ${value('nodejs_external_memory_bytes')} MiB`;
}

/** Requests the warm-up serves at least before the resident memory is first read. */
const WARM_UP_REQUESTS = 5_000;

/** Runs the soak; resolves to whether memory stayed flat. */
export async function runSoak(minutes: number, requestsPerCitizen = 2000): Promise<boolean> {
  const config = getConfig();
  const base = config.publicBaseUrl.origin;
  const mette = generateCitizen(0);
  const firstCase = mette.cases[0];
  if (!firstCase) throw new Error('the demo citizen has no case');
  const caseId = firstCase.row.id;

  // Before the server opens the store (PGlite allows one process): sessions, and a long request list.
  const db = await openStore(config.store);
  let citizenToken: string;
  try {
    if (!(await seededCitizens(db)))
      throw new Error('The store is empty: run npm run db:seed (or npm start) first.');
    citizenToken = await createSession(
      db,
      {
        kind: 'citizen',
        cpr: mette.citizen.cpr,
        name: 'Soak',
        pseudonym: cprPseudonym(mette.citizen.cpr, config.sessionSecret),
        loa: 'substantial',
        powers: [],
        actingFor: null,
      },
      { idpSid: null, absoluteMinutes: config.sessionAbsoluteMinutes },
    );
    await db.query(
      `insert into portal.citizen_request (case_id, citizen_cpr, kind, message, reference, unit, deadline)
       select $1, $2, 'explanation', 'Soak: ' || repeat('forklaring ', 40) || g,
              'ANM-SOAK-' || lpad(nextval('portal.citizen_request_reference_seq')::text, 6, '0'),
              'Borgerservice', current_date + 30
       from generate_series(1, $3::int - (select count(*) from portal.citizen_request where citizen_cpr = $2)::int) g`,
      [caseId, mette.citizen.cpr, requestsPerCitizen],
    );
  } finally {
    await db.close();
  }

  // The portal as npm start runs it, with this process's settings (its log lines are dropped).
  // /metrics on the portal's own port with a token of the soak's, so the heap can be printed beside
  // the resident memory: a growing heap is a JavaScript cache, a growing rest is native memory.
  const metricsToken = config.metrics.token ?? randomBytes(24).toString('base64url');
  const server = spawn(process.execPath, ['scripts/serve.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // As npm start runs it: glibc's malloc limited to two arenas (package.json; README, "Memory").
    env: { MALLOC_ARENA_MAX: '2', ...process.env, METRICS_TOKEN: metricsToken },
  });
  const pid = server.pid;
  if (pid === undefined) throw new Error('the portal did not start');
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 240) throw new Error('the portal did not become ready');
      await new Promise((r) => setTimeout(r, 500));
    }
    const cookie = `${cookieNames(config).session}=${citizenToken}`;
    const routes: { path: string; cookie?: boolean }[] = [
      { path: '/' },
      { path: '/en/' },
      { path: '/ai-systemer' },
      { path: '/en/ai-systemer?q=tale' },
      { path: '/api/v1/ai-systems' },
      { path: '/api/v1/ai-systems.csv' },
      { path: '/api/v1/openapi.json' },
      { path: '/findes-ikke' },
      { path: '/%zz' },
      { path: '/mine-sager', cookie: true },
      { path: `/mine-sager/${caseId}`, cookie: true },
      { path: `/en/mine-sager/${caseId}/udskriv`, cookie: true },
      { path: `/mine-sager/${caseId}/data.json`, cookie: true },
      { path: '/min-log', cookie: true },
      // The long list: the page that grew the process to 2.47 GB.
      { path: '/mine-anmodninger', cookie: true },
    ];
    const rng = createRandom(20261123);
    let requests = 0;
    let failures = 0;
    let overloaded = 0;
    const failed = new Map<string, number>();
    const load = async (until: number): Promise<void> => {
      const worker = async (): Promise<void> => {
        while (Date.now() < until) {
          const route = rng.pick(routes);
          const response = await fetch(`${base}${route.path}`, {
            headers: route.cookie ? { cookie } : {},
            redirect: 'manual',
          }).catch(() => undefined);
          await response?.arrayBuffer();
          requests += 1;
          // 503: the store's time limits tripped while the CPU was saturated (failing safe, counted
          // apart); a 500 or no answer at all is a failure.
          if (response?.status === 503) overloaded += 1;
          else if (!response || response.status >= 500) {
            failures += 1;
            const key = `${response ? String(response.status) : 'no answer'} ${route.path}`;
            failed.set(key, (failed.get(key) ?? 0) + 1);
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
    };
    const total = minutes * 60_000;
    // The warm-up ends after a minute and at least WARM_UP_REQUESTS requests (at most a third of
    // the soak): on a busy machine a minute served a tenth of a quiet one's requests, and the memory
    // read then was the process still growing to its working size, not the start of a leak.
    const started = Date.now();
    const minimum = Math.min(60_000, total / 10);
    while (
      Date.now() - started < total / 3 &&
      (Date.now() - started < minimum || requests < WARM_UP_REQUESTS)
    )
      await load(Math.min(started + total / 3, Date.now() + 5_000));
    const warmUp = Date.now() - started;
    const warmUpRequests = requests;
    const start = residentMiB(pid);
    console.log(
      `Soak: ${minutes} min of mixed load (6 at a time, ${routes.length} routes, a ${requestsPerCitizen}-request list among them).`,
    );
    console.log(
      `  resident memory after ${(warmUp / 1000).toFixed(0)} s and ${String(warmUpRequests)} requests of warm-up: ${start.toFixed(0)} MiB (${await heapMiB(base, metricsToken)})`,
    );
    const end = Date.now() + total - warmUp;
    while (Date.now() < end) {
      await load(Math.min(end, Date.now() + 60_000));
      console.log(
        `  ${requests} requests, ${failures} failed (500 or no answer), ${overloaded} answered 503, resident ${residentMiB(pid).toFixed(0)} MiB, ${await heapMiB(base, metricsToken)}`,
      );
    }
    const finish = residentMiB(pid);
    const growth = (finish - start) / start;
    const flat = growth <= 0.2 && failures === 0;
    console.log(
      `  resident memory at the end: ${finish.toFixed(0)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%): ${flat ? 'flat (within 20%)' : 'NOT flat or failures'}`,
    );
    for (const [what, count] of failed) console.log(`  failed: ${what} (${String(count)}×)`);
    return flat;
  } finally {
    server.kill('SIGTERM');
  }
}
