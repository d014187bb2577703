/**
 * Bulk writes of sealed records (case headers, AI events with their data sources, decisions): rows
 * are added record by record and written by `flush` with one copyFrom per table (COPY on PostgreSQL,
 * a multi-row insert on PGlite). Used by the demo seed and the ingest writer; the hashes are
 * computed by the caller with computeRecordHash.
 */
import type { AiEventContent, CaseContent, DecisionContent } from '../domain/chain.ts';
import type { Cell, Queryable } from './db.ts';

/** Postgres array literal for a text[] or int[] cell. */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
}

export const SEAL_COLUMNS = [
  'case_id',
  'version',
  'municipality_code',
  'case_number',
  'citizen_cpr',
  'area',
  'title',
  'title_en',
  'status',
  'opened_on',
  'closed_on',
  'prev_hash',
  'hash',
];
export const EVENT_COLUMNS = [
  'id',
  'case_id',
  'seq',
  'system_id',
  'system_name',
  'system_version',
  'occurred_at',
  'kind',
  'purpose_code',
  'purpose_note',
  'output',
  'staff_id',
  'staff_name',
  'staff_title',
  'staff_unit',
  'data_reused',
  'used_for_training',
  'prev_hash',
  'hash',
  'explanation',
  'en',
];
export const SOURCE_COLUMNS = [
  'ai_event_id',
  'data_source_id',
  'source_name',
  'source_owner',
  'data_categories',
];
export const DECISION_COLUMNS = [
  'case_id',
  'seq',
  'decided_at',
  'outcome',
  'reasons',
  'decided_by',
  'decided_by_name',
  'decided_by_title',
  'decided_by_unit',
  'considered_event_seqs',
  'ai_assessment',
  'departure_reason',
  'appeal_body',
  'appeal_deadline_weeks',
  'prev_hash',
  'hash',
  'en',
];

/**
 * Draws `count` AI event ids from the table's identity sequence in one round-trip; returns the i-th
 * (ascending). The sequence is named (migration 140 grants it by that name), not looked up per id with
 * pg_get_serial_sequence (a catalogue search each), and the answer is one row, the first id, when the
 * ids are consecutive (unless another writer drew ids at the same time), else every id. The seed draws
 * its ids with it too (seed-batch.ts); timed alone for 3,500 ids, 4 ms instead of 16 ms.
 */
export async function drawEventIds(tx: Queryable, count: number): Promise<(i: number) => number> {
  const { rows } = await tx.query(
    `with drawn as (select nextval('audit.ai_event_id_seq') as id from generate_series(1, $1::int)),
          span as (select min(id) as first, max(id) as last, count(*) as n from drawn)
     select first::int8 as first, null::int8 as id from span where last - first + 1 = n
     union all
     select null, d.id from span, drawn d where span.last - span.first + 1 <> span.n`,
    [count],
  );
  const first = rows.length === 1 ? Number(rows[0]?.['first']) : null;
  const listed = first === null ? rows.map((r) => Number(r['id'])).sort((a, b) => a - b) : null;
  if (listed !== null && listed.length !== count) throw new Error('no ids drawn for the AI events');
  return (i) => {
    const id = listed === null ? (first ?? Number.NaN) + i : listed[i];
    if (id === undefined || !Number.isSafeInteger(id)) throw new Error('no id drawn for an AI event');
    return id;
  };
}

/** The rows of one batch, written by `flush` with one copyFrom per table. */
export class ChainInserts {
  private readonly seals: Cell[][] = [];
  /** Each AI event's row with its id left null (drawn at flush), and its data sources' rows. */
  private readonly events: { row: Cell[]; sources: Cell[][] }[] = [];
  private readonly decisions: Cell[][] = [];

  /** A version of a case's sealed header (version 1 when the case is written). */
  addCaseSeal(c: CaseContent, prev: string | null, hash: string): void {
    this.seals.push([
      c.caseId,
      c.version,
      c.municipalityCode,
      c.caseNumber,
      c.citizenCpr,
      c.area,
      c.title,
      c.titleEn ?? null,
      c.status,
      c.openedOn,
      c.closedOn,
      prev,
      hash,
    ]);
  }

  addEvent(c: AiEventContent, prev: string | null, hash: string): void {
    this.events.push({
      row: [
        null,
        c.caseId,
        c.seq,
        c.systemId,
        c.systemName,
        c.systemVersion,
        c.occurredAt.toISOString(),
        c.kind,
        c.purposeCode,
        c.purposeNote,
        c.output,
        c.staff?.id ?? null,
        c.staff?.name ?? null,
        c.staff?.title ?? null,
        c.staff?.unit ?? null,
        c.dataReused,
        c.usedForTraining,
        prev,
        hash,
        // Stored as written and sealed: the hash covers exactly this JSON's content.
        c.explanation === undefined ? null : { json: JSON.stringify(c.explanation) },
        c.en === undefined ? null : { json: JSON.stringify(c.en) },
      ],
      sources: c.sources.map((s) => [
        null,
        s.dataSourceId,
        s.name,
        s.ownerAuthority,
        arrayLiteral(s.categories),
      ]),
    });
  }

  addDecision(c: DecisionContent, prev: string | null, hash: string): void {
    this.decisions.push([
      c.caseId,
      c.seq,
      c.decidedAt.toISOString(),
      c.outcome,
      c.reasons,
      // Null only in a broken record (§1 stk. 6); ingest refuses such decisions before they get here.
      c.decidedBy?.id ?? null,
      c.decidedBy?.name ?? null,
      c.decidedBy?.title ?? null,
      c.decidedBy?.unit ?? null,
      arrayLiteral(c.consideredEventSeqs),
      c.aiAssessment,
      c.departureReason,
      c.appealBody,
      c.appealDeadlineWeeks,
      prev,
      hash,
      c.en === undefined ? null : { json: JSON.stringify(c.en) },
    ]);
  }

  /**
   * Writes the batch: case headers, then AI events (their ids drawn from the table's own sequence in
   * one round-trip, so their data sources can point at them), then decisions.
   */
  async flush(tx: Queryable): Promise<void> {
    if (this.seals.length > 0) await tx.copyFrom('audit.case_seal', SEAL_COLUMNS, this.seals);
    if (this.events.length > 0) {
      const idOf = await drawEventIds(tx, this.events.length);
      const sources: Cell[][] = [];
      this.events.forEach(({ row, sources: sourceRows }, i) => {
        const id = idOf(i);
        row[0] = id;
        for (const source of sourceRows) {
          source[0] = id;
          sources.push(source);
        }
      });
      await tx.copyFrom(
        'audit.ai_event',
        EVENT_COLUMNS,
        this.events.map((e) => e.row),
      );
      if (sources.length > 0) await tx.copyFrom('audit.ai_event_source', SOURCE_COLUMNS, sources);
    }
    if (this.decisions.length > 0) await tx.copyFrom('audit.decision', DECISION_COLUMNS, this.decisions);
  }
}
