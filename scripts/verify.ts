// npm run verify [-- --batch N] — checks every case's hash chain, every signed checkpoint and every citizen
// request's sealed steps. Prints each broken record (case number and id, the item or header version, the
// reason; never a CPR number), each failed checkpoint and each broken request (reference, step, reason);
// exits 1 if anything is broken.
import { parseArgs } from 'node:util';
import { getConfig } from '../src/config.ts';
import { openStore } from '../src/db/open.ts';
import { loadVerifyingKey } from '../src/ingest/checkpoint-key.ts';
import { describeBroken, verifyStore } from '../src/ingest/verify-store.ts';
import { describeBrokenRequest, verifyRequests } from '../src/requests/verify-requests.ts';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '1000' } } });
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1) {
  console.error('--batch must be a positive whole number');
  process.exit(2);
}
const config = getConfig();
const key = loadVerifyingKey({ env: config.env, ...config.checkpoint });
if (!key.ok) console.error(`Checkpoint signatures cannot be checked: ${key.error}`);

const db = await openStore(config.store);
try {
  const report = await verifyStore(db, {
    trustedKey: key.ok ? key.key : null,
    batchSize,
    onProgress: (p) => {
      if (process.stderr.isTTY) {
        process.stderr.write(
          `\r${p.cases.toLocaleString('en')} cases · ${p.records.toLocaleString('en')} records`,
        );
      }
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  for (const b of report.broken) console.log(describeBroken(b));
  for (const c of report.checkpoints) {
    console.log(
      c.ok
        ? `checkpoint ${c.id} (${c.createdAt.toISOString()}): ok`
        : `BROKEN checkpoint ${c.id} (${c.createdAt.toISOString()}): ${c.problems.join('; ')}`,
    );
  }
  // Citizens' requests: each request's sealed steps (issue 11).
  const requests = await verifyRequests(db, batchSize);
  for (const b of requests.broken) console.log(describeBrokenRequest(b));
  console.log(
    `${requests.broken.length === 0 ? 'Intact' : 'NOT intact'}: ${requests.requests.toLocaleString('en')} citizen requests, ` +
      `${requests.steps.toLocaleString('en')} sealed steps, ${requests.broken.length} broken request(s).`,
  );
  const failedCheckpoints = report.checkpoints.filter((c) => !c.ok).length;
  console.log(
    `${report.ok ? 'Intact' : 'NOT intact'}: ${report.cases.toLocaleString('en')} cases, ${report.records.toLocaleString('en')} records, ` +
      `${report.broken.length} broken record(s), ${report.checkpoints.length} checkpoint(s) of which ${failedCheckpoints} failed, ` +
      `in ${(report.elapsedMs / 1000).toFixed(1)} s.`,
  );
  process.exitCode = report.ok && requests.broken.length === 0 ? 0 : 1;
} finally {
  await db.close();
}
