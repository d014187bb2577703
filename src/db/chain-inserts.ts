/**
 * Multi-row inserts of hash-chained records (AI events with their data sources, and decisions):
 * column buffers filled record by record, written by `flush` in one statement per table with
 * `insert ... select from unnest(...)`, the same on PostgreSQL and PGlite. Used by the demo seed and
 * the ingest writer; the hashes are computed by the caller with computeRecordHash.
 */
import type { AiEventContent, DecisionContent } from '../domain/chain.ts';
import type { Queryable } from './db.ts';

/** Postgres array literal for a text[] or int[] cell passed through an unnest of text. */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** Column buffers for the multi-row inserts of one batch. */
export class ChainInserts {
  readonly events = {
    caseId: [] as string[],
    seq: [] as number[],
    system: [] as string[],
    version: [] as string[],
    at: [] as string[],
    kind: [] as string[],
    purpose: [] as string[],
    note: [] as (string | null)[],
    output: [] as string[],
    staff: [] as (string | null)[],
    reused: [] as boolean[],
    training: [] as boolean[],
    prev: [] as (string | null)[],
    hash: [] as string[],
    sources: [] as AiEventContent['sources'][],
    explanation: [] as (string | null)[],
    en: [] as (string | null)[],
  };
  readonly decisions = {
    caseId: [] as string[],
    seq: [] as number[],
    at: [] as string[],
    outcome: [] as string[],
    reasons: [] as string[],
    by: [] as (string | null)[],
    considered: [] as string[],
    assessment: [] as string[],
    departure: [] as (string | null)[],
    body: [] as string[],
    weeks: [] as number[],
    en: [] as (string | null)[],
    prev: [] as (string | null)[],
    hash: [] as string[],
  };

  addEvent(c: AiEventContent, prev: string | null, hash: string): void {
    const e = this.events;
    e.caseId.push(c.caseId);
    e.seq.push(c.seq);
    e.system.push(c.systemId);
    e.version.push(c.systemVersion);
    e.at.push(c.occurredAt.toISOString());
    e.kind.push(c.kind);
    e.purpose.push(c.purposeCode);
    e.note.push(c.purposeNote);
    e.output.push(c.output);
    e.staff.push(c.staffId);
    e.reused.push(c.dataReused);
    e.training.push(c.usedForTraining);
    e.prev.push(prev);
    e.hash.push(hash);
    e.sources.push(c.sources);
    // Stored as written and sealed: the hash covers exactly this JSON's content.
    e.explanation.push(c.explanation === undefined ? null : JSON.stringify(c.explanation));
    e.en.push(c.en === undefined ? null : JSON.stringify(c.en));
  }

  addDecision(c: DecisionContent, prev: string | null, hash: string): void {
    const d = this.decisions;
    d.caseId.push(c.caseId);
    d.seq.push(c.seq);
    d.at.push(c.decidedAt.toISOString());
    d.outcome.push(c.outcome);
    d.reasons.push(c.reasons);
    // Null only in a broken record (§1 stk. 6); ingest refuses such decisions before they get here.
    d.by.push(c.decidedById);
    d.considered.push(arrayLiteral(c.consideredEventSeqs));
    d.assessment.push(c.aiAssessment);
    d.departure.push(c.departureReason);
    d.body.push(c.appealBody);
    d.weeks.push(c.appealDeadlineWeeks);
    d.en.push(c.en === undefined ? null : JSON.stringify(c.en));
    d.prev.push(prev);
    d.hash.push(hash);
  }

  async flush(tx: Queryable): Promise<void> {
    const e = this.events;
    if (e.caseId.length > 0) {
      const { rows } = await tx.query(
        `insert into audit.ai_event (case_id, seq, system_id, system_version, occurred_at, kind, purpose_code,
           purpose_note, output, staff_id, data_reused, used_for_training, prev_hash, hash, explanation, en)
         select case_id, seq, system_id, version, at, kind, purpose, note, output, staff, reused, training, prev, hash,
           explanation::jsonb, en::jsonb
         from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[],
           $8::text[], $9::text[], $10::text[], $11::bool[], $12::bool[], $13::text[], $14::text[], $15::text[],
           $16::text[])
           as t(case_id, seq, system_id, version, at, kind, purpose, note, output, staff, reused, training, prev, hash,
             explanation, en)
         returning id, case_id::text as case_id, seq`,
        [
          e.caseId,
          e.seq,
          e.system,
          e.version,
          e.at,
          e.kind,
          e.purpose,
          e.note,
          e.output,
          e.staff,
          e.reused,
          e.training,
          e.prev,
          e.hash,
          e.explanation,
          e.en,
        ],
      );
      const ids = new Map(rows.map((r) => [`${String(r['case_id'])}:${Number(r['seq'])}`, Number(r['id'])]));
      const s = { eventId: [] as number[], sourceId: [] as string[], categories: [] as string[] };
      e.sources.forEach((sources, i) => {
        const id = ids.get(`${e.caseId[i] ?? ''}:${e.seq[i] ?? 0}`);
        if (id === undefined) throw new Error('an inserted AI event did not come back');
        for (const source of sources) {
          s.eventId.push(id);
          s.sourceId.push(source.dataSourceId);
          s.categories.push(arrayLiteral(source.categories));
        }
      });
      if (s.eventId.length > 0) {
        await tx.query(
          `insert into audit.ai_event_source (ai_event_id, data_source_id, data_categories)
           select id, source, categories::text[] from unnest($1::bigint[], $2::text[], $3::text[]) as t(id, source, categories)`,
          [s.eventId, s.sourceId, s.categories],
        );
      }
    }
    const d = this.decisions;
    if (d.caseId.length > 0) {
      await tx.query(
        `insert into audit.decision (case_id, seq, decided_at, outcome, reasons, decided_by, considered_event_seqs,
           ai_assessment, departure_reason, appeal_body, appeal_deadline_weeks, prev_hash, hash, en)
         select case_id, seq, at, outcome, reasons, by, considered::int[], assessment, departure, body, weeks, prev, hash,
           en::jsonb
         from unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[])
           as t(case_id, seq, at, outcome, reasons, by, considered, assessment, departure, body, weeks, prev, hash, en)`,
        [
          d.caseId,
          d.seq,
          d.at,
          d.outcome,
          d.reasons,
          d.by,
          d.considered,
          d.assessment,
          d.departure,
          d.body,
          d.weeks,
          d.prev,
          d.hash,
          d.en,
        ],
      );
    }
  }
}
