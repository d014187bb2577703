/**
 * Which AI systems send citizens a Digital Post letter when used in their case (issue 14): the
 * municipality turns notices on per system on /medarbejder/ai-breve (publisher role).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../db/db.ts';

/** Every AI system in the register with its notice setting. */
const LIST_SQL = `select s.id, s.name, s.name_en, s.status, coalesce(n.enabled, false) as enabled, n.changed_at
     from audit.ai_system s
     left join portal.ai_notice_setting n on n.system_id = s.id
     order by s.name, s.id`;

const UPSERT_SQL = `insert into portal.ai_notice_setting (system_id, enabled, changed_by, changed_at)
     values ($1, $2, $3, $4)
     on conflict (system_id) do update
       set enabled = excluded.enabled, changed_by = excluded.changed_by, changed_at = excluded.changed_at
     where portal.ai_notice_setting.enabled is distinct from excluded.enabled`;

const row = z.object({
  id: z.string(),
  name: z.string(),
  name_en: z.string().nullable(),
  status: z.string(),
  enabled: z.boolean(),
  changed_at: z.date().nullable(),
});

export interface NoticeSetting {
  readonly systemId: string;
  readonly name: string;
  /** The English name, where the case system sent one. */
  readonly nameEn: string | null;
  readonly retired: boolean;
  readonly enabled: boolean;
  readonly changedAt: Date | null;
}

/** The systems and whether each sends notices. */
export async function listNoticeSettings(db: Queryable): Promise<NoticeSetting[]> {
  const { rows } = await db.query(LIST_SQL);
  return rows.map((r) => {
    const s = row.parse(r);
    return {
      systemId: s.id,
      name: s.name,
      nameEn: s.name_en,
      retired: s.status === 'retired',
      enabled: s.enabled,
      changedAt: s.changed_at,
    };
  });
}

/**
 * Sets notices on for exactly the systems in `enabledIds` (ids not in the register are ignored). A
 * system whose setting does not change keeps its date: turning notices on dates which events count.
 */
export async function saveNoticeSettings(
  db: Db,
  enabledIds: ReadonlySet<string>,
  changedBy: string,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const setting of await listNoticeSettings(tx)) {
      await tx.query(UPSERT_SQL, [setting.systemId, enabledIds.has(setting.systemId), changedBy, now]);
    }
  });
}
