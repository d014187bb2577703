// The HTTP half of `npm run bench` (issue 15): the built portal against framework-free servers doing
// the same work, in the same run, on the same store, under the same load generator (autocannon).
//
// 1. The logged-in case page: Mette's case through the portal vs bench/baseline-server.ts (node:http
//    and the store: the same session read and three case queries, a template-literal render).
//    Goal: the portal reaches at least 60% of the baseline's requests/s.
// 2. Public pages (front page, register list, a notice, open data JSON and CSV, as an anonymous
//    visitor asking for brotli): the portal vs bench/static-server.ts serving the very same bytes
//    from memory. Goal: at least 50%.
//
// Each server runs alone in its own process while it is measured (PGlite admits one process at a
// time), one after the other. The machine's load average is printed with the figures: on a shared
// machine absolute numbers drift, the ratios much less.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cookieNames, createSession } from '../src/auth/index.ts';
import { getConfig } from '../src/config.ts';
import { openStore } from '../src/db/open.ts';
import { prepareStore } from '../src/db/prepare.ts';

export interface HttpBenchOptions {
  /** Seconds of measured load per target (after a warm-up of a third of it). */
  readonly seconds: number;
  readonly connections: number;
  /** First of the ports the bench's servers listen on (it uses four from here). */
  readonly basePort: number;
  /** Alternating rounds per comparison (PostgreSQL and public pages). */
  readonly rounds?: number | undefined;
  /** When set, the portal runs with --cpu-prof into this directory and only the case page is measured. */
  readonly profileDir?: string | undefined;
  /** False: only the case page is compared (public pages are skipped). */
  readonly publicPages?: boolean | undefined;
}

interface Measured {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** CPU time (user + system) the server's process spent per request measured, or null if unknown. */
  readonly cpuMsPerRequest: number | null;
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc (Linux); null elsewhere. On a
 * shared machine this, per request, is the figure that drifts least: requests/s falls when other
 * work takes the cores, CPU per request much less.
 */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state: utime is 14th, stime 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Runs `run` and returns its result with the CPU seconds `pid` spent meanwhile (null if unknown). */
async function withCpu<T>(pid: number | undefined, run: () => Promise<T>): Promise<[T, number | null]> {
  const before = cpuSeconds(pid);
  const result = await run();
  const after = cpuSeconds(pid);
  return [result, before === null || after === null ? null : after - before];
}

const perRequest = (cpu: number | null, requests: number): number | null =>
  cpu === null || requests === 0 ? null : (cpu * 1000) / requests;

const MEASURED_CITIZEN = '0101600006'; // Mette Sørensen, the README's first test citizen

async function load(target: Target, seconds: number, connections: number): Promise<Measured> {
  const run = (duration: number): Promise<autocannon.Result> =>
    autocannon({ url: target.url, headers: target.headers, connections, duration, pipelining: 1 });
  await run(Math.max(1, Math.round(seconds / 3))); // warm-up: JIT, caches, pool
  const [r, cpu] = await withCpu(target.pid, () => run(seconds));
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    cpuMsPerRequest: perRequest(cpu, r.requests.total),
  };
}

interface Target {
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The serving process, whose CPU time is measured with each run. */
  readonly pid?: number | undefined;
}

/**
 * Two targets measured in alternating rounds (a b, b a, a b, ...), so a change in the machine's load
 * during the run falls on both alike: on a shared machine that is what makes the ratio trustworthy.
 * Requests/s is over all rounds; p50 is the median of the rounds' p50s, p99 the worst round's.
 */
async function compare(
  a: Target,
  b: Target,
  seconds: number,
  connections: number,
  rounds: number,
): Promise<[Measured, Measured]> {
  const run = (t: Target, duration: number): Promise<autocannon.Result> =>
    autocannon({ url: t.url, headers: t.headers, connections, duration, pipelining: 1 });
  const warm = Math.max(1, Math.round(seconds / 4));
  await run(a, warm);
  await run(b, warm);
  const slice = Math.max(1, Math.round(seconds / rounds));
  const results: [autocannon.Result[], autocannon.Result[]] = [[], []];
  const cpu: [number | null, number | null] = [0, 0];
  for (let r = 0; r < rounds; r += 1) {
    const order = r % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
    for (const which of order) {
      const target = which === 0 ? a : b;
      const [result, used] = await withCpu(target.pid, () => run(target, slice));
      results[which].push(result);
      const sum = cpu[which];
      cpu[which] = sum === null || used === null ? null : sum + used;
    }
  }
  const combine = (rs: autocannon.Result[], cpuSpent: number | null): Measured => {
    const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    const total = rs.reduce((sum, r) => sum + r.requests.total, 0);
    const time = rs.reduce((sum, r) => sum + r.duration, 0);
    return {
      rps: total / time,
      p50: median(rs.map((r) => r.latency.p50)),
      p99: Math.max(...rs.map((r) => r.latency.p99)),
      non2xx: rs.reduce((sum, r) => sum + r.non2xx, 0),
      errors: rs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
      cpuMsPerRequest: perRequest(cpuSpent, total),
    };
  };
  return [combine(results[0], cpu[0]), combine(results[1], cpu[1])];
}

function startProcess(
  args: readonly string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { MALLOC_ARENA_MAX: '2', ...process.env, ...env }, // as npm start runs the portal
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start in 120 s:\n${output.slice(-2000)}`));
    }, 120_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        // BENCH_DEBUG=1: the server's errors on the bench's stderr (a server that dies mid-run shows up
        // only as connection errors otherwise).
        if (process.env['BENCH_DEBUG']) child.stderr.pipe(process.stderr);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${String(code)}:\n${output.slice(-2000)}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const fmt = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 0 });
const line = (label: string, m: Measured): string =>
  `  ${label.padEnd(28)} ${fmt(m.rps).padStart(7)} req/s   p50 ${String(m.p50).padStart(4)} ms   p99 ${String(m.p99).padStart(4)} ms` +
  (m.cpuMsPerRequest === null ? '' : `   CPU ${m.cpuMsPerRequest.toFixed(2)} ms/req`) +
  (m.non2xx + m.errors > 0 ? `   (${m.non2xx} non-2xx, ${m.errors} errors)` : '');
const verdict = (ratio: number, goal: number): string =>
  `${(ratio * 100).toFixed(0)}% (goal >= ${(goal * 100).toFixed(0)}%): ${ratio >= goal ? 'PASS' : 'FAIL'}`;

interface Captured {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** One response exactly as sent (no decompression): status, headers and body as base64. */
function rawGet(url: string, headers: Record<string, string>): Promise<Captured> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') out[k] = v;
          resolve({
            status: res.statusCode ?? 0,
            headers: out,
            body: Buffer.concat(chunks).toString('base64'),
          });
        });
      })
      .on('error', reject);
  });
}

/** A session for the measured citizen and the case of theirs with the most AI events. */
async function prepareSession(): Promise<{ token: string; caseId: string; cookie: string }> {
  const config = getConfig();
  await prepareStore(config); // migrated (and, embedded, seeded) as the portal would find it
  const db = await openStore(config.store);
  try {
    const { rows } = await db.query(
      `select c.id from audit."case" c where c.citizen_cpr = $1
        order by (select count(*) from audit.ai_event e where e.case_id = c.id) desc, c.id limit 1`,
      [MEASURED_CITIZEN],
    );
    const caseId = rows[0]?.['id'];
    if (typeof caseId !== 'string')
      throw new Error('Mette Sørensen is not in the store: run npm run db:seed.');
    const token = await createSession(
      db,
      {
        kind: 'citizen',
        cpr: MEASURED_CITIZEN,
        name: 'Mette Sørensen',
        pseudonym: 'bench',
        loa: 'substantial',
        powers: [],
        actingFor: null,
      },
      { idpSid: null, absoluteMinutes: 120 },
    );
    return { token, caseId, cookie: `${cookieNames(config).session}=${token}` };
  } finally {
    await db.close();
  }
}

function printCasePage(base: Measured, page: Measured): void {
  console.log('\nLogged-in case page (Mette Sørensen, the case with the most AI events):');
  console.log(line('baseline (node:http + store)', base));
  console.log(line('portal', page));
  console.log(`  portal / baseline: ${verdict(page.rps / base.rps, 0.6)}`);
  if (page.cpuMsPerRequest !== null && base.cpuMsPerRequest !== null)
    console.log(
      `  CPU per request, baseline / portal: ${(base.cpuMsPerRequest / page.cpuMsPerRequest).toFixed(2)}` +
        ' (the same ratio from CPU time alone, less sensitive to other work on the machine)',
    );
  console.log(
    `  load average now ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

/** Runs the HTTP benchmark and prints each figure with its goal and PASS/FAIL. */
export async function runHttpBench(options: HttpBenchOptions): Promise<void> {
  if (!existsSync('dist/server/entry.mjs')) throw new Error('No build: run npx astro build first.');
  const { seconds, connections, basePort } = options;
  const rounds = options.rounds ?? 4;
  const [baselinePort, portalPort, staticPort, idpPort] = [
    basePort,
    basePort + 1,
    basePort + 2,
    basePort + 3,
  ];
  const embedded = getConfig().store.kind === 'embedded';
  const { caseId, cookie } = await prepareSession();
  console.log(
    `\nHTTP: ${String(connections)} connections, ${String(seconds)} s per target after a warm-up` +
      (embedded ? '' : `, in ${String(rounds)} alternating rounds`) +
      `; load average at start ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${String(availableParallelism())} cores.`,
  );
  const caseTarget = (origin: string, server: ChildProcess): Target => ({
    url: `${origin}/mine-sager/${caseId}`,
    headers: { cookie },
    pid: server.pid,
  });
  const baselineOrigin = `http://127.0.0.1:${String(baselinePort)}`;
  const portalOrigin = `http://localhost:${String(portalPort)}`;
  const startBaseline = (): Promise<ChildProcess> =>
    startProcess(['bench/baseline-server.ts', '--port', String(baselinePort)], {}, /ready \d+/);
  const profiling = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const startPortal = (): Promise<ChildProcess> =>
    startProcess(
      [...profiling, 'scripts/serve.ts'],
      {
        PORT: String(portalPort),
        PUBLIC_BASE_URL: portalOrigin,
        DEV_IDP_PORT: String(idpPort),
        LOG_LEVEL: 'warn',
      },
      /Indsigt is ready/,
    );

  // PGlite admits one process: the baseline runs alone first. PostgreSQL: both run, in rounds.
  let base: Measured | undefined;
  if (embedded) {
    const baseline = await startBaseline();
    try {
      base = await load(caseTarget(baselineOrigin, baseline), seconds, connections);
    } finally {
      await stopProcess(baseline);
    }
  }
  const baseline = embedded ? undefined : await startBaseline();
  const portal = await startPortal();
  let page: Measured;
  const publicResults: { path: string; portal: Measured; bare: Measured; bytes: Captured }[] = [];
  try {
    if (base) page = await load(caseTarget(portalOrigin, portal), seconds, connections);
    else if (baseline)
      [base, page] = await compare(
        caseTarget(baselineOrigin, baseline),
        caseTarget(portalOrigin, portal),
        seconds,
        connections,
        rounds,
      );
    else throw new Error('no baseline to compare with');
    if (baseline) await stopProcess(baseline);
    printCasePage(base, page);

    if (options.profileDir) {
      await stopProcess(portal);
      const { summariseProfiles } = await import('./bench-profile.ts');
      console.log(
        `\nCPU profile of the portal under the case page load:\n${summariseProfiles(options.profileDir, 25)}`,
      );
      return;
    }

    // Public pages: the portal's own responses replayed from memory by bare node:http, in rounds.
    const paths =
      options.publicPages === false
        ? []
        : ['/', '/ai-systemer', '/en/ai-systemer', '/api/v1/ai-systems', '/api/v1/ai-systems.csv'];
    const notice =
      paths.length === 0
        ? undefined
        : await fetch(`${portalOrigin}/api/v1/ai-systems`).then(
            async (r) => ((await r.json()) as { systems?: { slug: string }[] }).systems?.[0]?.slug,
          );
    if (notice) paths.splice(3, 0, `/ai-systemer/${notice}`);
    const captured: (Captured & { path: string })[] = [];
    for (const path of paths)
      captured.push({ path, ...(await rawGet(`${portalOrigin}${path}`, { 'accept-encoding': 'br' })) });
    const responsesFile = join(mkdtempSync(join(tmpdir(), 'indsigt-bench-')), 'responses.json');
    writeFileSync(responsesFile, JSON.stringify(captured));
    const bare = await startProcess(
      ['bench/static-server.ts', '--port', String(staticPort), '--responses', responsesFile],
      {},
      /ready \d+/,
    );
    try {
      for (const bytes of captured) {
        const headers = { 'accept-encoding': 'br' };
        const [bareResult, portalResult] = await compare(
          { url: `http://127.0.0.1:${String(staticPort)}${bytes.path}`, headers, pid: bare.pid },
          { url: `${portalOrigin}${bytes.path}`, headers, pid: portal.pid },
          seconds,
          connections,
          rounds,
        );
        publicResults.push({ path: bytes.path, portal: portalResult, bare: bareResult, bytes });
      }
    } finally {
      await stopProcess(bare);
    }
  } finally {
    if (baseline) await stopProcess(baseline);
    await stopProcess(portal);
  }

  console.log(
    '\nPublic pages, anonymous, Accept-Encoding: br (portal vs bare node:http with the same bytes):',
  );
  for (const r of publicResults) {
    const size = Buffer.from(r.bytes.body, 'base64').length;
    const encoding = r.bytes.headers['content-encoding'] ?? 'identity';
    console.log(`  ${r.path} (${fmt(size)} bytes, ${encoding}, status ${String(r.bytes.status)})`);
    console.log(line('bare node:http', r.bare));
    console.log(line('portal', r.portal));
    console.log(`    portal / bare: ${verdict(r.portal.rps / r.bare.rps, 0.5)}`);
  }
  console.log(
    `\nLoad average at end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}.`,
  );
}
