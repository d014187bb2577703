/**
 * Multi-row inserts of sealed records (case headers, AI events with their data sources, decisions):
 * column buffers filled record by record, written by `flush` in one statement per table with
 * `insert ... select from unnest(...)`, the same on PostgreSQL and PGlite. Used by the demo seed and
 * the ingest writer; the hashes are computed by the caller with computeRecordHash.
 */
import type { AiEventContent, CaseContent, DecisionContent } from '../domain/chain.ts';
import type { Queryable } from './db.ts';

/** Postgres array literal for a text[] or int[] cell passed through an unnest of text. */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

/** Column buffers for the multi-row inserts of one batch. */
export class ChainInserts {
  readonly seals = {
    caseId: [] as string[],
    version: [] as number[],
    municipality: [] as string[],
    number: [] as string[],
    cpr: [] as string[],
    area: [] as string[],
    title: [] as string[],
    titleEn: [] as (string | null)[],
    status: [] as string[],
    opened: [] as string[],
    closed: [] as (string | null)[],
    prev: [] as (string | null)[],
    hash: [] as string[],
  };
  readonly events = {
    caseId: [] as string[],
    seq: [] as number[],
    system: [] as string[],
    systemName: [] as string[],
    version: [] as string[],
    at: [] as string[],
    kind: [] as string[],
    purpose: [] as string[],
    note: [] as (string | null)[],
    output: [] as string[],
    staff: [] as (string | null)[],
    staffName: [] as (string | null)[],
    staffTitle: [] as (string | null)[],
    staffUnit: [] as (string | null)[],
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
    byName: [] as (string | null)[],
    byTitle: [] as (string | null)[],
    byUnit: [] as (string | null)[],
    considered: [] as string[],
    assessment: [] as string[],
    departure: [] as (string | null)[],
    body: [] as string[],
    weeks: [] as number[],
    en: [] as (string | null)[],
    prev: [] as (string | null)[],
    hash: [] as string[],
  };

  /** A version of a case's sealed header (version 1 when the case is written). */
  addCaseSeal(c: CaseContent, prev: string | null, hash: string): void {
    const s = this.seals;
    s.caseId.push(c.caseId);
    s.version.push(c.version);
    s.municipality.push(c.municipalityCode);
    s.number.push(c.caseNumber);
    s.cpr.push(c.citizenCpr);
    s.area.push(c.area);
    s.title.push(c.title);
    s.titleEn.push(c.titleEn ?? null);
    s.status.push(c.status);
    s.opened.push(c.openedOn);
    s.closed.push(c.closedOn);
    s.prev.push(prev);
    s.hash.push(hash);
  }

  addEvent(c: AiEventContent, prev: string | null, hash: string): void {
    const e = this.events;
    e.caseId.push(c.caseId);
    e.seq.push(c.seq);
    e.system.push(c.systemId);
    e.systemName.push(c.systemName);
    e.version.push(c.systemVersion);
    e.at.push(c.occurredAt.toISOString());
    e.kind.push(c.kind);
    e.purpose.push(c.purposeCode);
    e.note.push(c.purposeNote);
    e.output.push(c.output);
    e.staff.push(c.staff?.id ?? null);
    e.staffName.push(c.staff?.name ?? null);
    e.staffTitle.push(c.staff?.title ?? null);
    e.staffUnit.push(c.staff?.unit ?? null);
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
    d.by.push(c.decidedBy?.id ?? null);
    d.byName.push(c.decidedBy?.name ?? null);
    d.byTitle.push(c.decidedBy?.title ?? null);
    d.byUnit.push(c.decidedBy?.unit ?? null);
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
    const k = this.seals;
    if (k.caseId.length > 0) {
      await tx.query(
        `insert into audit.case_seal (case_id, version, municipality_code, case_number, citizen_cpr, area, title, status,
           opened_on, closed_on, prev_hash, hash, title_en)
         select * from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::date[], $10::date[], $11::text[], $12::text[], $13::text[])`,
        [
          k.caseId,
          k.version,
          k.municipality,
          k.number,
          k.cpr,
          k.area,
          k.title,
          k.status,
          k.opened,
          k.closed,
          k.prev,
          k.hash,
          k.titleEn,
        ],
      );
    }
    const e = this.events;
    if (e.caseId.length > 0) {
      const { rows } = await tx.query(
        `insert into audit.ai_event (case_id, seq, system_id, system_name, system_version, occurred_at, kind,
           purpose_code, purpose_note, output, staff_id, staff_name, staff_title, staff_unit, data_reused,
           used_for_training, prev_hash, hash, explanation, en)
         select case_id, seq, system_id, system_name, version, at, kind, purpose, note, output, staff, staff_name,
           staff_title, staff_unit, reused, training, prev, hash, explanation::jsonb, en::jsonb
         from unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
           $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::bool[],
           $16::bool[], $17::text[], $18::text[], $19::text[], $20::text[])
           as t(case_id, seq, system_id, system_name, version, at, kind, purpose, note, output, staff, staff_name,
             staff_title, staff_unit, reused, training, prev, hash, explanation, en)
         returning id, case_id::text as case_id, seq`,
        [
          e.caseId,
          e.seq,
          e.system,
          e.systemName,
          e.version,
          e.at,
          e.kind,
          e.purpose,
          e.note,
          e.output,
          e.staff,
          e.staffName,
          e.staffTitle,
          e.staffUnit,
          e.reused,
          e.training,
          e.prev,
          e.hash,
          e.explanation,
          e.en,
        ],
      );
      const ids = new Map(rows.map((r) => [`${String(r['case_id'])}:${Number(r['seq'])}`, Number(r['id'])]));
      const s = {
        eventId: [] as number[],
        sourceId: [] as string[],
        name: [] as string[],
        owner: [] as string[],
        categories: [] as string[],
      };
      e.sources.forEach((sources, i) => {
        const id = ids.get(`${e.caseId[i] ?? ''}:${e.seq[i] ?? 0}`);
        if (id === undefined) throw new Error('an inserted AI event did not come back');
        for (const source of sources) {
          s.eventId.push(id);
          s.sourceId.push(source.dataSourceId);
          s.name.push(source.name);
          s.owner.push(source.ownerAuthority);
          s.categories.push(arrayLiteral(source.categories));
        }
      });
      if (s.eventId.length > 0) {
        await tx.query(
          `insert into audit.ai_event_source (ai_event_id, data_source_id, source_name, source_owner, data_categories)
           select id, source, name, owner, categories::text[]
           from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(id, source, name, owner, categories)`,
          [s.eventId, s.sourceId, s.name, s.owner, s.categories],
        );
      }
    }
    const d = this.decisions;
    if (d.caseId.length > 0) {
      await tx.query(
        `insert into audit.decision (case_id, seq, decided_at, outcome, reasons, decided_by, decided_by_name,
           decided_by_title, decided_by_unit, considered_event_seqs, ai_assessment, departure_reason, appeal_body,
           appeal_deadline_weeks, prev_hash, hash, en)
         select case_id, seq, at, outcome, reasons, by, by_name, by_title, by_unit, considered::int[], assessment,
           departure, body, weeks, prev, hash, en::jsonb
         from unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::int[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[],
           $17::text[])
           as t(case_id, seq, at, outcome, reasons, by, considered, assessment, departure, body, weeks, prev, hash,
             by_name, by_title, by_unit, en)`,
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
          d.byName,
          d.byTitle,
          d.byUnit,
          d.en,
        ],
      );
    }
  }
}
