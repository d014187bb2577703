import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.ts';
import { openPglite } from '../../src/db/pglite.ts';
import { seedDemoWorld } from '../../src/db/seed.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { citizenRecords } from '../helpers/ingest-records.ts';
import { tamperAsOwner } from '../helpers/stores.ts';

const run = promisify(execFile);

/**
 * The npm scripts themselves, run as a municipality would run them, against an embedded store in a
 * temporary directory (a child process cannot share an in-memory one).
 */
describe('npm run ingest, checkpoint and verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'indsigt-cli-'));
  const dataDir = join(dir, 'pglite');
  const env = {
    ...process.env,
    DATABASE_URL: '',
    PGLITE_DATA_DIR: dataDir,
    NODE_ENV: 'test',
    CHECKPOINT_PRIVATE_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  };
  const script = (name: string, args: string[] = []) =>
    run(process.execPath, [`scripts/${name}.ts`, ...args], { env, cwd: process.cwd() }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (error: unknown) => {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      },
    );

  beforeAll(async () => {
    const db = await openPglite(dataDir);
    await migrate(db);
    await seedDemoWorld(db, { citizens: 10 });
    await db.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests a file, prints the bad lines with their numbers and a summary with the rate, and exits 1', async () => {
    const lines = citizenRecords(40_000).map((r) => JSON.stringify(r));
    lines.splice(2, 0, 'not json at all');
    const file = join(dir, 'records.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n${lines[0]!}\n`);
    const result = await script('ingest', [file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 3: not JSON');
    expect(result.stdout).toMatch(
      new RegExp(
        `Accepted ${lines.length - 1}, duplicate 1, rejected 1 of ${lines.length + 1} records in [\\d.]+ s \\([\\d,]+ records/s\\)`,
      ),
    );
    expect(result.stderr).toMatch(/\[#+\.*\] +100%/);
  }, 120_000);

  it('signs a checkpoint, verifies the store, and names a record changed afterwards', async () => {
    const checkpoint = await script('checkpoint');
    expect(checkpoint.stdout).toMatch(/^Checkpoint 1: \d+ cases, \d+ records, root [0-9a-f]{64}/);
    const intact = await script('verify');
    expect(intact.stdout).toMatch(/checkpoint 1 \(.*\): ok/);
    expect(intact.stdout).toMatch(/^Intact: /m);
    expect(intact.code).toBe(0);

    const { row } = generateCitizen(0).cases[0]!;
    const caseId = row.id;
    const db = await openPglite(dataDir);
    await tamperAsOwner(db, `update audit.ai_event set output = 'changed' where case_id = $1 and seq = 3`, [
      caseId,
    ]);
    await db.close();
    const broken = await script('verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      `BROKEN case ${row.caseNumber} (${caseId}) item 3 (AI event): content_changed`,
    );
    expect(broken.stdout).not.toContain(generateCitizen(0).citizen.cpr);
    expect(broken.stdout).toMatch(/^NOT intact: /m);
  }, 120_000);
});
