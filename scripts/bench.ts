// npm run bench [-- --cases 1000 --seconds 10 --connections 10 --rounds 4 --port 4580 --no-http --no-public --profile DIR] — measures the citizen pages' queries on the configured store.
// Budgets are checked here, never by timed tests: a case page is 3 indexed round-trips whatever the
// store's size. Prints the median and 95th percentile of getCaseTimeline and listCasesForCitizen
// over random cases, the round-trips per call, and EXPLAIN of each query for one case.
// Run it against the big store: DATABASE_URL=... npm run db:seed -- --citizens 1000000, then
// DATABASE_URL=... npm run bench.
// npm run bench -- --soak [--minutes 10]: the soak mode, see bench-soak.ts.
// npm run bench -- --bulk --admin-url postgres://... [--citizens 20000 --lines 50000 --small-citizens 1000]:
// seed and ingest rates and the case page's flatness in a database of its own, see bench-bulk.ts.
import { parseArgs } from 'node:util';
import { getConfig } from '../src/config.ts';
import {
  CASE_SQL,
  DECISIONS_SQL,
  EVENTS_SQL,
  getCaseTimeline,
  LIST_CASES_SQL,
  listCasesForCitizen,
} from '../src/db/cases.ts';
import { countRoundTrips } from '../src/db/db.ts';
import { openStore } from '../src/db/open.ts';
import { prepareStore } from '../src/db/prepare.ts';
import { seededCitizens } from '../src/db/seed.ts';
import { createRandom } from '../src/demo/random.ts';
import { generateCitizen } from '../src/demo/world.ts';
import { runSoak } from './bench-soak.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    explain: { type: 'boolean', default: true },
    // The HTTP half (scripts/bench-http.ts): the built portal vs framework-free servers.
    http: { type: 'boolean', default: true },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '4' },
    port: { type: 'string', default: '4580' },
    // Profile the portal (node --cpu-prof) under the case page load instead of the full HTTP run.
    profile: { type: 'string' },
    // --no-public: only the logged-in case page against its baseline (skips the public pages).
    public: { type: 'boolean', default: true },
    // Soak mode (issue 10): the built portal under mixed load; resident memory must stay flat.
    soak: { type: 'boolean', default: false },
    minutes: { type: 'string', default: '10' },
    // Bulk mode (issue 15): seed and ingest rates in a fresh database made through the admin URL.
    bulk: { type: 'boolean', default: false },
    'admin-url': { type: 'string' },
    citizens: { type: 'string', default: '20000' },
    lines: { type: 'string', default: '50000' },
    'small-citizens': { type: 'string', default: '1000' },
    // The bulk bench's databases are named PREFIX_small_PID and PREFIX_bulk_PID.
    'database-prefix': { type: 'string', default: 'indsigt_bench' },
  },
  allowNegative: true,
});
if (values.soak) {
  const flat = await runSoak(Number(values.minutes));
  process.exit(flat ? 0 : 1);
}
if (values.bulk) {
  const adminUrl = values['admin-url'];
  if (!adminUrl) {
    console.error('--bulk needs --admin-url postgres://... (a login that may create and drop databases)');
    process.exit(2);
  }
  const prefix = values['database-prefix'];
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    console.error('--database-prefix must be a lower-case name (letters, digits, _)');
    process.exit(2);
  }
  const { runBulkBench } = await import('./bench-bulk.ts');
  const pass = await runBulkBench({
    adminUrl,
    citizens: Number(values.citizens),
    lines: Number(values.lines),
    smallCitizens: Number(values['small-citizens']),
    databasePrefix: prefix,
  });
  process.exit(pass ? 0 : 1);
}
const sampleSize = Number(values.cases);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

// The embedded store is migrated and seeded with the demo world first, as `npm start` would.
await prepareStore(getConfig());
const db = countRoundTrips(await openStore(getConfig().store));
try {
  const citizens = await seededCitizens(db);
  if (!citizens) throw new Error('The store is empty: run npm run db:seed first.');
  console.log(`Store: ${db.kind}, ${citizens.toLocaleString('en')} citizens.`);
  const counts = await db.query(
    `select (select count(*) from audit."case") as cases, (select count(*) from audit.ai_event) as events,
            (select count(*) from audit.decision) as decisions`,
  );
  console.log(`Rows: ${JSON.stringify(counts.rows[0])}`);

  // Random cases of random citizens; the generator tells us each citizen's CPR and case ids.
  const rng = createRandom(20261123);
  const sample = Array.from({ length: sampleSize }, () => {
    const generated = generateCitizen(rng.int(0, citizens - 1));
    return { cpr: generated.citizen.cpr, caseId: rng.pick(generated.cases).row.id };
  });

  for (const { cpr, caseId } of sample.slice(0, 20)) await getCaseTimeline(db, cpr, caseId); // warm-up

  const timeline: number[] = [];
  const list: number[] = [];
  let maxRoundTrips = 0;
  let events = 0;
  for (const { cpr, caseId } of sample) {
    db.reset();
    let start = performance.now();
    const result = await getCaseTimeline(db, cpr, caseId);
    timeline.push(performance.now() - start);
    maxRoundTrips = Math.max(maxRoundTrips, db.roundTrips);
    if (!result.ok) throw new Error(`case ${caseId} not found: is the store seeded by this generator?`);
    events += result.timeline.events.length;
    start = performance.now();
    await listCasesForCitizen(db, cpr);
    list.push(performance.now() - start);
  }
  timeline.sort((a, b) => a - b);
  list.sort((a, b) => a - b);
  const ms = (n: number): string => `${n.toFixed(2)} ms`;
  console.log(
    `getCaseTimeline over ${sampleSize} random cases (${(events / sampleSize).toFixed(1)} events each on average):`,
  );
  console.log(
    `  median ${ms(percentile(timeline, 50))}, p95 ${ms(percentile(timeline, 95))}, max round-trips ${maxRoundTrips}`,
  );
  console.log(
    `listCasesForCitizen for the same citizens: median ${ms(percentile(list, 50))}, p95 ${ms(percentile(list, 95))}`,
  );

  if (values.explain) {
    const [first] = sample;
    if (!first) throw new Error('no sample');
    const plans: [string, string, unknown[]][] = [
      ['listCasesForCitizen', LIST_CASES_SQL, [first.cpr]],
      ['getCaseTimeline 1/3 (case)', CASE_SQL, [first.caseId, first.cpr]],
      ['getCaseTimeline 2/3 (events)', EVENTS_SQL, [first.caseId]],
      ['getCaseTimeline 3/3 (decisions)', DECISIONS_SQL, [first.caseId]],
    ];
    for (const [name, sql, params] of plans) {
      const { rows } = await db.query(`explain (analyze, costs off, timing off, summary off) ${sql}`, params);
      console.log(`\nEXPLAIN ${name}:\n${rows.map((r) => `  ${String(r['QUERY PLAN'])}`).join('\n')}`);
    }
  }
} finally {
  await db.close();
}

if (values.http) {
  const { runHttpBench } = await import('./bench-http.ts');
  await runHttpBench({
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    basePort: Number(values.port),
    rounds: Number(values.rounds),
    profileDir: values.profile,
    publicPages: values.public,
  });
}
