// npm run db:seed [-- --citizens N] [-- --reset] — migrates, then fills the store with the demo world.
// Prints a progress bar and the rate in rows per second. Idempotent: a seeded store is left alone.
import { parseArgs } from 'node:util';
import { getConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { openStore } from '../src/db/open.ts';
import { seedDemoWorld, type SeedProgress } from '../src/db/seed.ts';

const { values } = parseArgs({
  options: {
    citizens: { type: 'string' },
    reset: { type: 'boolean', default: false },
    batch: { type: 'string' },
  },
});
const config = getConfig();
const citizens = values.citizens ? Number(values.citizens) : config.demoCitizens;
if (!Number.isInteger(citizens) || citizens < 10) {
  console.error('--citizens must be a whole number of at least 10');
  process.exit(2);
}

function progressLine(p: SeedProgress): string {
  const share = p.citizensDone / p.citizensTotal;
  const width = 30;
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  const rate = Math.round(p.rowsWritten / Math.max(p.elapsedMs / 1000, 0.001));
  return `[${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${p.citizensDone.toLocaleString('en')}/${p.citizensTotal.toLocaleString('en')} citizens · ${p.rowsWritten.toLocaleString('en')} rows · ${rate.toLocaleString('en')} rows/s`;
}

const db = await openStore(config.store);
try {
  if (values.reset) {
    await db.exec(
      'drop schema if exists audit cascade; drop schema if exists portal cascade; drop table if exists public.schema_migration;',
    );
  }
  await migrate(db);
  let lastPrinted = -1;
  const result = await seedDemoWorld(db, {
    citizens,
    ...(values.batch ? { batchSize: Number(values.batch) } : {}),
    onProgress: (p) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${progressLine(p)}`);
      else if (Math.floor((p.citizensDone / p.citizensTotal) * 20) !== lastPrinted) {
        lastPrinted = Math.floor((p.citizensDone / p.citizensTotal) * 20);
        process.stderr.write(`${progressLine(p)}\n`);
      }
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (result.seeded) {
    const rate = Math.round(result.rowsWritten / (result.elapsedMs / 1000));
    console.log(
      `Seeded ${result.citizens.toLocaleString('en')} citizens: ${result.rowsWritten.toLocaleString('en')} rows in ${(result.elapsedMs / 1000).toFixed(1)} s (${rate.toLocaleString('en')} rows/s).`,
    );
  } else {
    console.log(
      `The store already holds the demo world (${result.citizens.toLocaleString('en')} citizens); nothing to do. Use --reset to rebuild it.`,
    );
  }
} finally {
  await db.close();
}
