/** Queries about the municipality as a whole (the public front page). */
import { z } from 'zod';
import type { Queryable } from './db.ts';

const overviewSchema = z.object({
  code: z.string().length(3),
  name: z.string().min(1),
  ai_systems_in_use: z.number().int().nonnegative(),
  ai_systems_retired: z.number().int().nonnegative(),
});

export interface MunicipalityOverview {
  readonly code: string;
  readonly name: string;
  readonly aiSystemsInUse: number;
  readonly aiSystemsRetired: number;
}

/** The municipality and how many AI systems it uses, in one query. Null if the store is empty. */
export async function getMunicipalityOverview(db: Queryable): Promise<MunicipalityOverview | null> {
  const { rows } = await db.query(
    `select m.code, m.name,
       (select count(*) from audit.ai_system s where s.municipality_code = m.code and s.status = 'in_use') as ai_systems_in_use,
       (select count(*) from audit.ai_system s where s.municipality_code = m.code and s.status = 'retired') as ai_systems_retired
     from audit.municipality m
     order by m.code
     limit 1`,
  );
  if (rows.length === 0) return null;
  const row = overviewSchema.parse(rows[0]);
  return {
    code: row.code,
    name: row.name,
    aiSystemsInUse: row.ai_systems_in_use,
    aiSystemsRetired: row.ai_systems_retired,
  };
}

/** Whether the store answers at all (readiness). */
export async function pingStore(db: Queryable): Promise<boolean> {
  try {
    await db.query('select 1');
    return true;
  } catch {
    return false;
  }
}
