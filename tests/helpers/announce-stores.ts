// Vitest global setup, once per run: says which stores the integration tests run against, and makes
// the PGlite template every in-memory test store starts from (tests/helpers/stores.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { PGLITE_CONF } from '../../src/db/pglite.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** A tarball of a freshly initialised PGlite data directory (nothing migrated, nothing seeded). */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const url = process.env['TEST_DATABASE_URL'];
  const target = url ? new URL(url) : undefined;
  console.log(
    target
      ? `Integration tests run against PGlite and PostgreSQL (${target.host}${target.pathname}).`
      : 'Integration tests run against PGlite only: set TEST_DATABASE_URL to include PostgreSQL.',
  );
  // initdb in WebAssembly takes 5-12 s on the 2-core machine; loading its result takes about one.
  // It runs once here, and every test store gets an identical, independent copy of the result.
  const dir = mkdtempSync(join(tmpdir(), 'indsigt-pglite-template-'));
  const fresh = await PGlite.create('memory://', { postgresqlconf: PGLITE_CONF });
  const tarball = await fresh.dumpDataDir('none');
  await fresh.close();
  const file = join(dir, 'fresh.tar');
  writeFileSync(file, new Uint8Array(await tarball.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
