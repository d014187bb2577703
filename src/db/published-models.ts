/** The published scoring models of AI systems (audit.ai_system_model), parsed with zod. */
import { publishedModelSchema, type PublishedModel } from '../domain/published-model.ts';
import type { Queryable } from './db.ts';

/** The model a system publishes, or null if it publishes none (not every system scores). */
export async function getPublishedModel(db: Queryable, systemId: string): Promise<PublishedModel | null> {
  const { rows } = await db.query('select model from audit.ai_system_model where system_id = $1', [systemId]);
  const row = rows[0];
  return row ? publishedModelSchema.parse(row['model']) : null;
}
