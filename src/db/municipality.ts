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

const detailsSchema = z.object({
  code: z.string().length(3),
  name: z.string().min(1),
  address: z.string(),
  contact_email: z.string(),
  contact_phone: z.string(),
  dpo_name: z.string(),
  dpo_email: z.string(),
  cvr: z.string(),
  website_url: z.string(),
});

/** The municipality as the statutory pages name it: controller, contact and data protection officer. */
export interface MunicipalityDetails {
  readonly code: string;
  readonly name: string;
  readonly address: string;
  readonly contactEmail: string;
  readonly contactPhone: string;
  readonly dpoName: string;
  readonly dpoEmail: string;
  /** The municipality's CVR number; empty when not recorded. */
  readonly cvr: string;
  /** The municipality's own website; empty when not recorded. */
  readonly websiteUrl: string;
}

/** The municipality's name, address and contacts (the data controller). Null if the store is empty. */
export async function getMunicipalityDetails(db: Queryable): Promise<MunicipalityDetails | null> {
  const { rows } = await db.query(
    `select code, name, address, contact_email, contact_phone, dpo_name, dpo_email, cvr, website_url
     from audit.municipality order by code limit 1`,
  );
  if (rows.length === 0) return null;
  const row = detailsSchema.parse(rows[0]);
  return {
    code: row.code,
    name: row.name,
    address: row.address,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    dpoName: row.dpo_name,
    dpoEmail: row.dpo_email,
    cvr: row.cvr,
    websiteUrl: row.website_url,
  };
}
