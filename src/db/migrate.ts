/**
 * Applies the numbered SQL migrations in src/db/migrations, each once, each in its own transaction,
 * under an advisory lock so that instances starting together do not race.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Any fixed number: the advisory lock that serialises migrators. */
const MIGRATION_LOCK = 7_341_203;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The migrations on disk, in order. File names are `NNN_name.sql`. */
export function listMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(new URL(file, MIGRATIONS_DIR), 'utf8'),
    }));
}

/** Applies what is missing; returns the versions applied now. Idempotent. */
export async function migrate(db: Db): Promise<number[]> {
  await db.exec(`create table if not exists public.schema_migration (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`);
  const applied: number[] = [];
  for (const migration of listMigrations()) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const { rowCount } = await tx.query('select 1 from public.schema_migration where version = $1', [
        migration.version,
      ]);
      if (rowCount > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('insert into public.schema_migration (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/**
 * Splits a migration into statements, keeping dollar-quoted bodies whole, so each runs as one
 * parameterless query inside the transaction on both pg and PGlite.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const code = line.replace(/--.*$/, '');
    const dollars = code.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    current += `${line}\n`;
    if (!inDollar && code.trimEnd().endsWith(';')) {
      if (current.replace(/--.*$/gm, '').trim()) statements.push(current.trim());
      current = '';
    }
  }
  if (current.replace(/--.*$/gm, '').trim()) statements.push(current.trim());
  return statements;
}
