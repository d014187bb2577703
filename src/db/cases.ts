/**
 * Queries for the case aggregate: a citizen's cases, and one case's timeline of AI events and
 * decisions. Every query is scoped by the citizen's CPR number, so "not yours" and "does not exist"
 * are the same answer. Rows are parsed with zod into the domain's types.
 */
import { z } from 'zod';
import {
  aiEventSchema,
  caseSealStateSchema,
  caseSummarySchema,
  caseTimelineSchema,
  decisionSchema,
  type AiEvent,
  type CaseSealState,
  type CaseSummary,
  type CaseTimeline,
  type Decision,
} from '../domain/types.ts';
import type { Queryable, Row } from './db.ts';

/** The citizen's cases with their AI use (listCasesForCitizen). $1: CPR. */
export const LIST_CASES_SQL = `select c.id, c.case_number, c.area, c.title, c.title_en, c.status, c.opened_on, c.closed_on,
       (select count(*) from audit.ai_event e where e.case_id = c.id) as ai_event_count,
       (select max(d.decided_at) from audit.decision d where d.case_id = c.id) as latest_decision_at
     from audit."case" c
     where c.citizen_cpr = $1
     order by c.opened_on desc, c.case_number desc`;

/**
 * The row versions (xmin) of every row the events and decisions queries read for case `c`, apart from
 * the case row: each AI event with its system, each of its data sources with the source's reference
 * row, and each decision, in chain order. Any write to one of them, an added or a deleted row, reads
 * differently: with the case row's own columns this is the version of everything a case page shows
 * (src/cases/page-cache.ts). tests/integration/case-page-cache.test.ts checks that every table those
 * queries read is named here.
 */
export const CASE_CONTENT_VERSIONS_SQL = `coalesce((select string_agg(concat_ws(':', e.seq::text, e.xmin::text, coalesce(sys.xmin::text, '-'),
            (select string_agg(concat_ws('/', src.data_source_id, src.xmin::text, coalesce(ds.xmin::text, '-')), ','
                               order by src.data_source_id)
               from audit.ai_event_source src left join audit.data_source ds on ds.id = src.data_source_id
              where src.ai_event_id = e.id)), ';' order by e.seq)
          from audit.ai_event e left join audit.ai_system sys on sys.id = e.system_id
         where e.case_id = c.id), '')
       || '|' || coalesce((select string_agg(concat_ws(':', d.seq::text, d.xmin::text), ';' order by d.seq)
          from audit.decision d where d.case_id = c.id), '')`;

/**
 * One case, only if it is the citizen's, with what its integrity check needs: the newest sealed header,
 * the genesis (version 1's hash) and the head record; and the row versions of its events and decisions
 * (content_versions, above). Whose case it is comes from the sealed header, so a case row moved to
 * another citizen is not shown to them. $1: case id, $2: CPR.
 */
export const CASE_SQL = `select c.id, c.municipality_code, c.case_number, c.citizen_cpr, c.area, c.title, c.title_en,
       c.status, c.opened_on, c.closed_on, m.name as municipality_name, m.contact_email, m.contact_phone,
       s.version as seal_version, s.municipality_code as seal_municipality_code, s.case_number as seal_case_number,
       s.citizen_cpr as seal_citizen_cpr, s.area as seal_area, s.title as seal_title, s.title_en as seal_title_en, s.status as seal_status,
       s.opened_on as seal_opened_on, s.closed_on as seal_closed_on, s.prev_hash as seal_prev_hash,
       s.hash as seal_hash,
       (select g.hash from audit.case_seal g where g.case_id = c.id and g.version = 1) as genesis,
       concat_ws(',', c.xmin::text, coalesce(s.row_version, '-'),
         coalesce((select g.xmin::text from audit.case_seal g where g.case_id = c.id and g.version = 1), '-'),
         coalesce(h.xmin::text, '-')) as row_versions,
       ${CASE_CONTENT_VERSIONS_SQL} as content_versions,
       h.seq as head_seq, h.hash as head_hash, h.seal_version as head_seal_version, h.seal_hash as head_seal_hash,
       (select coalesce(json_agg(json_build_object('createdAt', o.created_at, 'sentAt', o.sent_at)
                 order by o.created_at), '[]')
          from portal.outbox_message o where o.case_id = c.id and o.kind = 'ai_use_notice') as ai_notices
     from audit."case" c
     join audit.municipality m on m.code = c.municipality_code
     left join lateral (
       select x.*, x.xmin::text as row_version from audit.case_seal x where x.case_id = c.id
        order by x.version desc limit 1
     ) s on true
     left join audit.case_head h on h.case_id = c.id
     where c.id = $1 and coalesce(s.citizen_cpr, c.citizen_cpr) = $2`;

/**
 * The case's AI events, in chain order, with the system, staff and data sources as sealed into each
 * event when it was written (not as those records read today), and its sealed explanation and English
 * texts. The English names of the system and the sources are today's reference rows (display only, not
 * sealed). $1: case id.
 */
export const EVENTS_SQL = `select e.id, e.seq, e.occurred_at, e.system_id, e.system_name, sys.name_en as system_name_en,
       e.system_version, e.kind, e.purpose_code, e.purpose_note, e.output, e.explanation, e.en,
       case when e.staff_id is null then null
         else json_build_object('id', e.staff_id, 'name', e.staff_name, 'title', e.staff_title, 'unit', e.staff_unit)
       end as staff,
       e.data_reused, e.used_for_training, e.prev_hash, e.hash,
       coalesce(srcs.sources, '[]'::json) as sources,
       concat_ws(':', e.xmin::text, srcs.row_versions) as row_version
     from audit.ai_event e
     left join audit.ai_system sys on sys.id = e.system_id
     left join lateral (
       select json_agg(json_build_object('dataSourceId', src.data_source_id, 'name', src.source_name,
                'nameEn', ds.name_en, 'ownerAuthority', src.source_owner,
                'ownerAuthorityEn', ds.owner_authority_en, 'categories', src.data_categories)
              order by src.data_source_id) as sources,
              string_agg(src.xmin::text, ',' order by src.data_source_id) as row_versions
         from audit.ai_event_source src left join audit.data_source ds on ds.id = src.data_source_id
        where src.ai_event_id = e.id
     ) srcs on true
     where e.case_id = $1
     order by e.seq`;

/** The case's decisions, in chain order, with the decision-maker as sealed into each. $1: case id. */
export const DECISIONS_SQL = `select d.id, d.seq, d.decided_at, d.outcome, d.reasons,
       case when d.decided_by is null then null
         else json_build_object('id', d.decided_by, 'name', d.decided_by_name, 'title', d.decided_by_title,
                                'unit', d.decided_by_unit) end as decided_by,
       d.considered_event_seqs, d.ai_assessment, d.departure_reason, d.appeal_body, d.appeal_deadline_weeks,
       d.en, d.prev_hash, d.hash, d.xmin::text as row_version
     from audit.decision d
     where d.case_id = $1
     order by d.seq`;

/** The columns of audit."case" that both case queries read. */
const caseColumns = {
  id: z.string(),
  case_number: z.string(),
  area: z.string(),
  title: z.string(),
  title_en: z.string().nullable(),
  status: z.string(),
  opened_on: z.string(),
  closed_on: z.string().nullable(),
};

/** A case as the domain names it, from those columns. */
function toCase(r: z.infer<z.ZodObject<typeof caseColumns>>): CaseTimeline['case'] {
  return caseTimelineSchema.shape.case.parse({
    id: r.id,
    caseNumber: r.case_number,
    area: r.area,
    title: r.title,
    titleEn: r.title_en,
    status: r.status,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
  });
}

const caseSummaryRow = z
  .object({ ...caseColumns, ai_event_count: z.number(), latest_decision_at: z.date().nullable() })
  .transform((r) =>
    caseSummarySchema.parse({
      ...toCase(r),
      aiEventCount: r.ai_event_count,
      latestDecisionAt: r.latest_decision_at,
    }),
  );

/**
 * The citizen's cases, newest first, each with how many AI events it has and when it was last
 * decided: one query, using case_citizen_idx and the (case_id, seq) indexes.
 */
export async function listCasesForCitizen(db: Queryable, cpr: string): Promise<CaseSummary[]> {
  const { rows } = await db.query(LIST_CASES_SQL, [cpr]);
  return rows.map((row) => caseSummaryRow.parse(row));
}

const caseRow = z.object({
  ...caseColumns,
  municipality_code: z.string(),
  citizen_cpr: z.string(),
  municipality_name: z.string(),
  contact_email: z.string(),
  contact_phone: z.string(),
  seal_version: z.number().nullable(),
  seal_municipality_code: z.string().nullable(),
  seal_case_number: z.string().nullable(),
  seal_citizen_cpr: z.string().nullable(),
  seal_area: z.string().nullable(),
  seal_title: z.string().nullable(),
  seal_title_en: z.string().nullable(),
  seal_status: z.string().nullable(),
  seal_opened_on: z.string().nullable(),
  seal_closed_on: z.string().nullable(),
  seal_prev_hash: z.string().nullable(),
  seal_hash: z.string().nullable(),
  genesis: z.string().nullable(),
  row_versions: z.string(),
  content_versions: z.string(),
  head_seq: z.number().nullable(),
  head_hash: z.string().nullable(),
  head_seal_version: z.number().nullable(),
  head_seal_hash: z.string().nullable(),
  ai_notices: z.array(z.object({ createdAt: z.coerce.date(), sentAt: z.coerce.date().nullable() })),
});

/** The seal state of a case from its row: the row's facts, the newest header, genesis and head. */
function toSealState(r: z.infer<typeof caseRow>): CaseSealState {
  const live = {
    municipalityCode: r.municipality_code,
    caseNumber: r.case_number,
    citizenCpr: r.citizen_cpr,
    area: r.area,
    title: r.title,
    titleEn: r.title_en,
    status: r.status,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
  };
  return caseSealStateSchema.parse({
    live,
    latest:
      r.seal_version === null
        ? null
        : {
            version: r.seal_version,
            municipalityCode: r.seal_municipality_code,
            caseNumber: r.seal_case_number,
            citizenCpr: r.seal_citizen_cpr,
            area: r.seal_area,
            title: r.seal_title,
            titleEn: r.seal_title_en,
            status: r.seal_status,
            openedOn: r.seal_opened_on,
            closedOn: r.seal_closed_on,
            prevHash: r.seal_prev_hash,
            hash: r.seal_hash,
          },
    genesis: r.genesis,
    head:
      r.head_seq === null
        ? null
        : {
            seq: r.head_seq,
            hash: r.head_hash,
            sealVersion: r.head_seal_version,
            sealHash: r.head_seal_hash,
          },
  });
}

/*
 * Event and decision rows are checked once, by the domain's own schemas, as they are mapped to the
 * domain's names: a second, column-by-column schema in front of them checked every field twice
 * (issue 15: zod was about a tenth of the case page's own CPU).
 */

/** An AI event row (EVENTS_SQL) as the domain names it. */
function toEvent(r: Row): AiEvent {
  return aiEventSchema.parse({
    id: r['id'],
    seq: r['seq'],
    occurredAt: r['occurred_at'],
    systemId: r['system_id'],
    systemName: r['system_name'],
    systemNameEn: r['system_name_en'],
    systemVersion: r['system_version'],
    kind: r['kind'],
    purposeCode: r['purpose_code'],
    purposeNote: r['purpose_note'],
    output: r['output'],
    explanation: r['explanation'],
    en: r['en'],
    staff: r['staff'],
    dataReused: r['data_reused'],
    usedForTraining: r['used_for_training'],
    sources: r['sources'],
    prevHash: r['prev_hash'],
    hash: r['hash'],
  });
}

/** A decision row (DECISIONS_SQL) as the domain names it. */
function toDecision(r: Row): Decision {
  return decisionSchema.parse({
    id: r['id'],
    seq: r['seq'],
    decidedAt: r['decided_at'],
    outcome: r['outcome'],
    reasons: r['reasons'],
    decidedBy: r['decided_by'],
    consideredEventSeqs: r['considered_event_seqs'],
    aiAssessment: r['ai_assessment'],
    departureReason: r['departure_reason'],
    appealBody: r['appeal_body'],
    appealDeadlineWeeks: r['appeal_deadline_weeks'],
    en: r['en'],
    prevHash: r['prev_hash'],
    hash: r['hash'],
  });
}

export type TimelineResult =
  | {
      ok: true;
      timeline: CaseTimeline;
      /**
       * The PostgreSQL row versions (xmin) of every row the integrity check reads: the case, its
       * newest and first sealed headers, its head record, each event with its data sources and each
       * decision. Any write to one of them, an added or a deleted row, gives another string
       * (src/cases/integrity-cache.ts).
       */
      rowVersions: string;
    }
  | { ok: false; error: 'not_found' };

const rowVersion = z.object({ seq: z.number(), row_version: z.string() });

/** "seq=xmin[:source xmins]" of an event or decision row. */
function rowVersionOf(row: Record<string, unknown>): string {
  const r = rowVersion.parse(row);
  return `${String(r.seq)}=${r.row_version}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rows one case page is made of, as the store returned them (readCaseRows). */
export interface CaseRows {
  readonly caseId: string;
  readonly case: Row;
  readonly events: readonly Row[];
  readonly decisions: readonly Row[];
}

/**
 * The case row of one case of the citizen's (CASE_SQL: with its newest sealed header, head record,
 * AI-use letters and the row versions of its events and decisions), in one round-trip by primary key.
 * A case that does not exist and a case that is someone else's are both undefined.
 */
export async function readCaseRow(db: Queryable, cpr: string, caseId: string): Promise<Row | undefined> {
  if (!UUID.test(caseId)) return undefined;
  return (await db.query(CASE_SQL, [caseId, cpr])).rows[0];
}

/** The AI events and decisions of a case whose row readCaseRow returned: two index scans by (case_id, seq). */
export async function readCaseDetails(db: Queryable, caseId: string, caseRow: Row): Promise<CaseRows> {
  const events = await db.query(EVENTS_SQL, [caseId]);
  const decisions = await db.query(DECISIONS_SQL, [caseId]);
  return { caseId, case: caseRow, events: events.rows, decisions: decisions.rows };
}

/**
 * One case of the citizen's, as the store holds it: the case row, its AI events and its decisions.
 * Three round-trips whatever the case's size. A case that does not exist and a case that is someone
 * else's are both undefined.
 */
export async function readCaseRows(
  db: Queryable,
  cpr: string,
  caseId: string,
): Promise<CaseRows | undefined> {
  const found = await readCaseRow(db, cpr, caseId);
  return found ? readCaseDetails(db, caseId, found) : undefined;
}

/** The timeline of rows read by readCaseRows, checked by the domain's schemas. */
export function timelineFromRows(rows: CaseRows): Extract<TimelineResult, { ok: true }> {
  const c = caseRow.parse(rows.case);
  const seal = toSealState(c);
  // The page shows the case as sealed; a row that differs from its seal is flagged, never shown.
  const shown = seal.latest ?? seal.live;
  return {
    ok: true,
    rowVersions: [
      rows.caseId,
      c.row_versions,
      rows.events.map(rowVersionOf).join(';'),
      rows.decisions.map(rowVersionOf).join(';'),
    ].join('|'),
    timeline: {
      case: toCase({
        ...c,
        case_number: shown.caseNumber,
        area: shown.area,
        title: shown.title,
        status: shown.status,
        opened_on: shown.openedOn,
        closed_on: shown.closedOn,
      }),
      seal,
      contact: { municipality: c.municipality_name, email: c.contact_email, phone: c.contact_phone },
      events: rows.events.map(toEvent),
      decisions: rows.decisions.map(toDecision),
      aiNotices: c.ai_notices,
    },
  };
}

/**
 * One case of the citizen's, as a timeline: the case as sealed, its AI events with their systems, staff
 * and data sources, and its decisions with their decision-makers, all as sealed when written, plus what
 * the integrity check compares them with (readCaseRows, then timelineFromRows).
 * A case that does not exist and a case that is someone else's are both `not_found`.
 */
export async function getCaseTimeline(db: Queryable, cpr: string, caseId: string): Promise<TimelineResult> {
  const rows = await readCaseRows(db, cpr, caseId);
  return rows ? timelineFromRows(rows) : { ok: false, error: 'not_found' };
}
