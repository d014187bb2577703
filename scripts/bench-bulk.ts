/**
 * `npm run bench -- --bulk --admin-url postgres://postgres@127.0.0.1:5432/postgres [--citizens 20000]
 * [--lines 50000] [--small-citizens 1000]`: bulk load at database speed (issue 15). In a PostgreSQL
 * database of its own (created through the admin URL, dropped at the end) it seeds `citizens` demo
 * citizens, ingests a generated JSONL file of `lines` lines with 1 % malformed and 1 % duplicate
 * lines, verifies every chain, and compares the case page's store time on that store with a small one
 * (`small-citizens`, about 10 events each). Each figure is printed with its goal and PASS/FAIL.
 */
import { writeFileSync, createReadStream, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { getCaseTimeline } from '../src/db/cases.ts';
import { countRoundTrips, type Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { seedDemoWorld } from '../src/db/seed.ts';
import { createRandom } from '../src/demo/random.ts';
import { generateCitizen } from '../src/demo/world.ts';
import { ingestLines } from '../src/ingest/ingest-lines.ts';
import { verifyStore } from '../src/ingest/verify-store.ts';
import { citizenRecords } from '../tests/helpers/ingest-records.ts';

export interface BulkBenchOptions {
  readonly adminUrl: string;
  readonly citizens: number;
  readonly lines: number;
  readonly smallCitizens: number;
  /** Databases are named `${databasePrefix}_small_PID` and `${databasePrefix}_bulk_PID`. */
  readonly databasePrefix?: string;
}

const GOALS = { seed: 100_000, ingest: 20_000, flatRatio: 1.2, roundTrips: 3 };

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'FAIL';
}

function rate(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** A JSONL file from demo citizens `from` on: every 100 lines one malformed and one exact re-send. */
function writeIngestFile(
  path: string,
  from: number,
  total: number,
): { malformed: number; duplicates: number } {
  const lines: string[] = [];
  let malformed = 0;
  let duplicates = 0;
  let citizen = from;
  let queue: string[] = [];
  while (lines.length < total) {
    const i = lines.length;
    if (i % 100 === 50) {
      lines.push(
        i % 200 === 50
          ? '{"type": "ai_event", "idempotencyKey": '
          : '{"type":"spaceship","idempotencyKey":"x"}',
      );
      malformed += 1;
    } else if (i % 100 === 99) {
      lines.push(lines[i - 40] ?? '');
      duplicates += 1;
    } else {
      if (queue.length === 0) {
        queue = citizenRecords(citizen, 'bench').map((r) => JSON.stringify(r));
        citizen += 1;
      }
      lines.push(queue.shift() ?? '');
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { malformed, duplicates };
}

interface PageTime {
  readonly medianMs: number;
  readonly roundTrips: number;
}

/**
 * Median store time of the case page's queries over random cases of each store, and the most
 * round-trips one took. The two stores are sampled in turn, case by case, so a shared machine's load
 * weighs on both figures alike and the ratio compares the stores, not two moments.
 */
async function casePageTimes(stores: readonly { db: Db; citizens: number }[]): Promise<PageTime[]> {
  const runs = stores.map(({ db, citizens }) => {
    const rng = createRandom(20261205);
    const sample = Array.from({ length: 400 }, () => {
      const generated = generateCitizen(rng.int(0, citizens - 1));
      return { cpr: generated.citizen.cpr, caseId: rng.pick(generated.cases).row.id };
    });
    return { counting: countRoundTrips(db), sample, times: [] as number[], roundTrips: 0 };
  });
  for (let i = 0; i < 420; i += 1) {
    for (const run of runs) {
      // The first 20 of each store warm its connection and plans; they are not counted.
      const { cpr, caseId } = run.sample[i < 20 ? i : i - 20] ?? { cpr: '', caseId: '' };
      run.counting.reset();
      const started = performance.now();
      const result = await getCaseTimeline(run.counting, cpr, caseId);
      const elapsed = performance.now() - started;
      if (!result.ok) throw new Error(`case ${caseId} not found`);
      if (i < 20) continue;
      run.times.push(elapsed);
      run.roundTrips = Math.max(run.roundTrips, run.counting.roundTrips);
    }
  }
  return runs.map(({ times, roundTrips }) => {
    times.sort((a, b) => a - b);
    return { medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN, roundTrips };
  });
}

async function withDatabase<T>(adminUrl: string, name: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const admin = openPostgres(adminUrl, { max: 1 });
  // The name is made from a checked prefix (bench.ts) and the process id.
  await admin.exec(`drop database if exists ${name}`);
  await admin.exec(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 2 });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
    await admin.exec(`drop database if exists ${name}`);
    await admin.close();
  }
}

/** CPU seconds (user + system) of a process of this machine, or null when it cannot be read. */
function processCpu(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The database's server processes (this benchmark's own database: only its connections). */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const { rows } = await db.query(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
     union select pg_backend_pid()`,
  );
  const cpu = new Map<number, number>();
  for (const r of rows) {
    const seconds = processCpu(Number(r['pid']));
    if (seconds !== null) cpu.set(Number(r['pid']), seconds);
  }
  return cpu;
}

/**
 * What a phase cost besides its wall time: this process's CPU seconds, the database server's (when it
 * runs on this machine), and the load average before and after, so a figure taken on a shared
 * machine can be judged.
 */
async function costOf<T>(db: Db, fn: () => Promise<T>): Promise<{ value: T; note: string }> {
  const load = loadavg()[0] ?? 0;
  const before = await backendCpu(db);
  const own = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(own);
  const after = await backendCpu(db);
  let server = 0;
  for (const [pid, seconds] of after) server += seconds - (before.get(pid) ?? 0);
  const node = (used.user + used.system) / 1e6;
  const serverText = after.size > 0 ? `, database ${server.toFixed(1)} s` : '';
  return {
    value,
    note: `CPU: this process ${node.toFixed(1)} s${serverText}; load average ${load.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${String(availableParallelism())} cores`,
  };
}

/** Runs the bulk benchmark; resolves true when every figure meets its goal. */
export async function runBulkBench(options: BulkBenchOptions): Promise<boolean> {
  const results: boolean[] = [];
  const prefix = options.databasePrefix ?? 'indsigt_bench';
  // The small store stays open beside the big one, so the case page is timed on both in turn.
  await withDatabase(options.adminUrl, `${prefix}_small_${process.pid}`, async (smallDb) => {
    await seedDemoWorld(smallDb, { citizens: options.smallCitizens });
    await withDatabase(options.adminUrl, `${prefix}_bulk_${process.pid}`, async (db) => {
      const { value: seeded, note: seedCost } = await costOf(db, () =>
        seedDemoWorld(db, { citizens: options.citizens }),
      );
      const seedRate = seeded.rowsWritten / (seeded.elapsedMs / 1000);
      results.push(seedRate >= GOALS.seed);
      console.log(
        `Seed: ${options.citizens.toLocaleString('en')} citizens, ${seeded.rowsWritten.toLocaleString('en')} rows in ${(seeded.elapsedMs / 1000).toFixed(1)} s: ${rate(seedRate)} rows/s (goal ≥ ${rate(GOALS.seed)}) ${verdict(seedRate >= GOALS.seed)}`,
      );
      console.log(`  ${seedCost}`);

      const file = join(tmpdir(), `indsigt-bench-bulk-${process.pid}.jsonl`);
      try {
        const expected = writeIngestFile(file, options.citizens + 1_000_000, options.lines);
        // The line reader is made only when the ingest starts reading: made before costOf's awaits, it
        // read (and dropped) the file's first lines meanwhile, so lines and their counts went missing.
        const { value: summary, note: ingestCost } = await costOf(db, () =>
          ingestLines(db, createInterface({ input: createReadStream(file), crlfDelay: Infinity }), {
            writtenBy: 'cli:bench',
            batchSize: 5000,
          }),
        );
        const ingestRate = summary.lines / (summary.elapsedMs / 1000);
        const reported =
          summary.rejected === expected.malformed &&
          summary.duplicate === expected.duplicates &&
          summary.rejections.every((r) => r.line % 100 === 51);
        results.push(ingestRate >= GOALS.ingest, reported);
        console.log(
          `Ingest: ${summary.lines.toLocaleString('en')} lines in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${rate(ingestRate)} records/s (goal ≥ ${rate(GOALS.ingest)}) ${verdict(ingestRate >= GOALS.ingest)}`,
        );
        console.log(`  ${ingestCost}`);
        console.log(
          `  accepted ${summary.accepted}, duplicate ${summary.duplicate} of ${expected.duplicates}, rejected ${summary.rejected} of ${expected.malformed} malformed, each with its line number: ${verdict(reported)}`,
        );
      } finally {
        rmSync(file, { force: true });
      }

      const verified = await verifyStore(db, { trustedKey: null });
      results.push(verified.ok);
      console.log(
        `Verify: ${verified.cases.toLocaleString('en')} cases, ${verified.records.toLocaleString('en')} records, ${verified.broken.length} broken: ${verdict(verified.ok)}`,
      );

      const eventCount = async (store: Db): Promise<number> =>
        Number((await store.query('select count(*)::int8 as n from audit.ai_event')).rows[0]?.['n']);
      const [smallTime, bigTime] = await casePageTimes([
        { db: smallDb, citizens: options.smallCitizens },
        { db, citizens: options.citizens },
      ]);
      if (!smallTime || !bigTime) throw new Error('no case page times');
      const small = { events: await eventCount(smallDb), ...smallTime };
      const big = { events: await eventCount(db), ...bigTime };
      const ratio = big.medianMs / small.medianMs;
      const roundTrips = Math.max(big.roundTrips, small.roundTrips);
      results.push(ratio <= GOALS.flatRatio, roundTrips <= GOALS.roundTrips);
      console.log(
        `Case page store time: median ${small.medianMs.toFixed(2)} ms at ${small.events.toLocaleString('en')} AI events, ${big.medianMs.toFixed(2)} ms at ${big.events.toLocaleString('en')}: ratio ${ratio.toFixed(2)}x (goal ≤ ${GOALS.flatRatio}x) ${verdict(ratio <= GOALS.flatRatio)}`,
      );
      console.log(
        `  round-trips per case page: ${roundTrips} (goal ≤ ${GOALS.roundTrips}, beyond the session read) ${verdict(roundTrips <= GOALS.roundTrips)}`,
      );
    });
  });
  return results.every(Boolean);
}
