// npm run ingest -- FILE.jsonl [--strict] [--batch N] [--client NAME] — writes a JSONL file (or stdin, when
// FILE is "-" or absent) to the audit store. Progress on stderr; the rejected lines and a summary with the
// rate on stdout. Exits 1 if any line was rejected (in --strict mode nothing is then written).
import { createReadStream, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { getConfig } from '../src/config.ts';
import { openStore } from '../src/db/open.ts';
import { refreshRegisterFacts } from '../src/db/register-facts.ts';
import { ingestLines, type IngestProgress } from '../src/ingest/ingest-lines.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    strict: { type: 'boolean', default: false },
    batch: { type: 'string', default: '5000' },
    client: { type: 'string' },
  },
});
const file = positionals[0] ?? '-';
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) {
  console.error('--batch must be a whole number from 1 to 50000');
  process.exit(2);
}
const totalBytes = file === '-' ? null : statSync(file).size;

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function progressLine(p: IngestProgress): string {
  const rate = Math.round((p.accepted + p.duplicate + p.rejected) / Math.max(p.elapsedMs / 1000, 0.001));
  const counts = `${p.lines.toLocaleString('en')} lines · ${p.accepted.toLocaleString('en')} accepted · ${p.duplicate.toLocaleString('en')} duplicate · ${p.rejected.toLocaleString('en')} rejected · ${rate.toLocaleString('en')} lines/s`;
  if (totalBytes === null || totalBytes === 0) return counts;
  const share = Math.min(p.bytes / totalBytes, 1);
  const width = 30;
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
  return `[${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${counts}`;
}

let lastTenth = -1;
const onProgress = (p: IngestProgress): void => {
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${progressLine(p)}`);
    return;
  }
  const tenth = totalBytes ? Math.floor((p.bytes / totalBytes) * 10) : Math.floor(p.lines / 100_000);
  if (tenth !== lastTenth) {
    lastTenth = tenth;
    process.stderr.write(`${progressLine(p)}\n`);
  }
};

/**
 * The register's facts count AI events: recounted now rather than at the portals' next timer. A login
 * that may not store them (an ingest-only login) leaves it to the portals, within
 * REGISTER_FACTS_REFRESH_MINUTES.
 */
async function recountRegisterFacts(): Promise<void> {
  try {
    const result = await refreshRegisterFacts(db);
    if (result === 'busy') console.log('The register facts are being recounted by a portal instance.');
  } catch {
    console.log('The register facts were not recounted here: the portal recounts them on its timer.');
  }
}

const db = await openStore(getConfig().store);
try {
  // Only now: a line reader made earlier would read (and drop) the file while the store opens.
  const input = file === '-' ? process.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const summary = await ingestLines(db, lines, {
    writtenBy: `cli:${values.client ?? currentUser()}`,
    batchSize,
    strict: values.strict,
    onProgress,
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  for (const r of summary.rejections) {
    console.log(`line ${r.line}${r.idempotencyKey === null ? '' : ` (${r.idempotencyKey})`}: ${r.reason}`);
  }
  const records = summary.accepted + summary.duplicate + summary.rejected;
  const seconds = summary.elapsedMs / 1000;
  const rate = Math.round(records / Math.max(seconds, 0.001));
  console.log(
    (summary.written ? '' : 'Strict mode: a line was rejected, so NOTHING was written. ') +
      `Accepted ${summary.accepted.toLocaleString('en')}, duplicate ${summary.duplicate.toLocaleString('en')}, ` +
      `rejected ${summary.rejected.toLocaleString('en')} of ${records.toLocaleString('en')} records ` +
      `in ${seconds.toFixed(1)} s (${rate.toLocaleString('en')} records/s).`,
  );
  process.exitCode = summary.rejected > 0 ? 1 : 0;
  if (summary.written && summary.accepted > 0) await recountRegisterFacts();
} finally {
  await db.close();
}
