/**
 * Queries for citizens' requests (portal.citizen_request) and their sealed steps
 * (portal.citizen_request_step). A request is stored only for a case that is the citizen's own, about
 * AI uses that are on that case; every step is appended to the request's hash chain under a lock on
 * the request row, in the transaction that updates the row's cached state, so a chain never forks and
 * the cache never disagrees with the steps it summarises.
 */
import { z } from 'zod';
import { computeRecordHash } from '../domain/chain.ts';
import {
  ACTION_OF_STEP,
  allowedActions,
  requestKindSchema,
  requestStatusSchema,
  stateFromSteps,
  stepActionSchema,
  stepContent,
  type CaseworkerStep,
  type RequestKind,
  type RequestRowState,
  type RequestStatus,
  type RequestStep,
  type StepAction,
  type StepActor,
  type StepDetails,
} from '../domain/citizen-request.ts';
import { checkExtension, requestDeadline } from '../domain/request-deadline.ts';
import type { Db, Queryable } from './db.ts';

/** A request as the portal reads it: the row, with the case it is about. */
export interface CitizenRequest extends RequestRowState {
  readonly id: string;
  readonly createdAt: Date;
  readonly caseTitle: string;
  /** The case's title in English, when the case system sent one. */
  readonly caseTitleEn: string | null;
  readonly caseNumber: string;
}

/** One page of a list. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

export const REQUESTS_PAGE_SIZE = 20;

const REQUEST_COLUMNS = `r.id, r.reference, r.kind, r.message, r.status, r.created_at, r.case_id, r.event_seqs,
       r.data_source_id, r.unit, r.deadline, r.extended, r.step_count, c.title as case_title, c.title_en as case_title_en, c.case_number`;

const requestRow = z
  .object({
    id: z.string(),
    reference: z.string(),
    kind: requestKindSchema,
    message: z.string(),
    status: requestStatusSchema,
    created_at: z.date(),
    case_id: z.string(),
    event_seqs: z.array(z.number()),
    data_source_id: z.string().nullable(),
    unit: z.string(),
    deadline: z.string(),
    extended: z.boolean(),
    step_count: z.number(),
    case_title: z.string(),
    case_title_en: z.string().nullable(),
    case_number: z.string(),
  })
  .transform((r): CitizenRequest => ({
    id: r.id,
    reference: r.reference,
    kind: r.kind,
    message: r.message,
    status: r.status,
    createdAt: r.created_at,
    caseId: r.case_id,
    eventSeqs: r.event_seqs,
    dataSourceId: r.data_source_id,
    unit: r.unit,
    deadline: r.deadline,
    extended: r.extended,
    stepCount: r.step_count,
    caseTitle: r.case_title,
    caseTitleEn: r.case_title_en,
    caseNumber: r.case_number,
  }));

const stepRow = z
  .object({
    request_id: z.string(),
    seq: z.number(),
    action: stepActionSchema,
    occurred_at: z.date(),
    actor_staff_id: z.string().nullable(),
    actor_name: z.string().nullable(),
    actor_title: z.string().nullable(),
    actor_unit: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    prev_hash: z.string().nullable(),
    hash: z.string(),
  })
  .transform((r): RequestStep => ({
    requestId: r.request_id,
    seq: r.seq,
    action: r.action,
    occurredAt: r.occurred_at,
    actor:
      r.actor_staff_id === null
        ? null
        : {
            staffId: r.actor_staff_id,
            name: r.actor_name ?? '',
            title: r.actor_title ?? '',
            unit: r.actor_unit ?? '',
          },
    details: r.details as RequestStep['details'],
    prevHash: r.prev_hash,
    hash: r.hash,
  }));

const STEPS_SQL = `select request_id, seq, action, occurred_at, actor_staff_id, actor_name, actor_title, actor_unit,
       details, prev_hash, hash
     from portal.citizen_request_step where request_id = $1 order by seq`;

const INSERT_STEP_SQL = `insert into portal.citizen_request_step
       (request_id, seq, action, occurred_at, actor_staff_id, actor_name, actor_title, actor_unit, details,
        prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The steps of a request, in chain order. */
export async function listRequestSteps(db: Queryable, requestId: string): Promise<RequestStep[]> {
  const { rows } = await db.query(STEPS_SQL, [requestId]);
  return rows.map((row) => stepRow.parse(row));
}

/** Seals and writes one step after `prev` (null for the first), returning it. */
async function insertStep(
  tx: Queryable,
  prev: RequestStep | null,
  step: Omit<RequestStep, 'prevHash' | 'hash' | 'seq'>,
): Promise<RequestStep> {
  const seq = (prev?.seq ?? 0) + 1;
  const prevHash = prev?.hash ?? null;
  // Milliseconds are what both stores keep; hash what will be read back.
  const unsealed = { ...step, seq, occurredAt: new Date(step.occurredAt.getTime()) };
  const hash = computeRecordHash(prevHash, stepContent(unsealed));
  await tx.query(INSERT_STEP_SQL, [
    step.requestId,
    seq,
    step.action,
    unsealed.occurredAt,
    step.actor?.staffId ?? null,
    step.actor?.name ?? null,
    step.actor?.title ?? null,
    step.actor?.unit ?? null,
    JSON.stringify(step.details),
    prevHash,
    hash,
  ]);
  return { ...unsealed, prevHash, hash };
}

/** What a citizen asks for, validated (src/requests/forms.ts). */
export interface NewRequest {
  readonly kind: RequestKind;
  readonly message: string;
  readonly eventSeqs: readonly number[];
  readonly dataSourceId: string | null;
  /** The representative filing it on the citizen's behalf (power of attorney); absent: the citizen. */
  readonly filedBy?: string;
}

/** The per-citizen limit on new requests (a setting: CITIZEN_REQUEST_LIMIT per 24 hours). */
export interface RequestRateLimit {
  readonly max: number;
  readonly windowHours: number;
}

export type SubmitResult =
  | { readonly ok: true; readonly id: string; readonly reference: string; readonly receipt: RequestStep }
  | { readonly ok: false; readonly error: 'not_found' | 'rate_limited' | 'no_such_use' };

/**
 * Which unit answers requests about a case: the unit of the member of staff who made the case's latest
 * decision, else of whoever ran or saw its latest AI event, else the fallback (a setting). $1: case id.
 */
const CASE_UNIT_SQL = `select coalesce(
       (select st.unit from audit.decision d join audit.staff st on st.id = d.decided_by
         where d.case_id = $1 order by d.seq desc limit 1),
       (select st.unit from audit.ai_event e join audit.staff st on st.id = e.staff_id
         where e.case_id = $1 order by e.seq desc limit 1)) as unit`;

/**
 * Stores a citizen's request and seals its receipt, in one transaction: the citizen's recent requests
 * are counted under a lock on the citizen (every portal instance agrees on the limit); the case must
 * be theirs and the AI uses and data source must be on it; the unit and the deadline are set.
 */
export async function submitCitizenRequest(
  db: Db,
  cpr: string,
  caseId: string,
  request: NewRequest,
  options: {
    readonly limit: RequestRateLimit;
    readonly fallbackUnit: string;
    readonly now?: Date;
    /** Runs in the request's transaction: where the receipt letter is queued. */
    readonly beforeCommit?: (
      tx: Queryable,
      receipt: RequestStep,
      reference: string,
      id: string,
    ) => Promise<void>;
  },
): Promise<SubmitResult> {
  if (!UUID.test(caseId)) return { ok: false, error: 'not_found' };
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('indsigt.request:' || $1))`, [cpr]);
    const owned = await tx.query(`select 1 from audit."case" where id = $1 and citizen_cpr = $2`, [
      caseId,
      cpr,
    ]);
    if (owned.rowCount === 0) return { ok: false, error: 'not_found' } as const;
    const since = new Date(now.getTime() - options.limit.windowHours * 3_600_000);
    const recent = await tx.query(
      `select count(*)::int as n from portal.citizen_request where citizen_cpr = $1 and created_at > $2`,
      [cpr, since],
    );
    if (Number(recent.rows[0]?.['n'] ?? 0) >= options.limit.max)
      return { ok: false, error: 'rate_limited' } as const;

    const seqs = [...new Set(request.eventSeqs)].sort((a, b) => a - b);
    if (seqs.length > 0) {
      const found = await tx.query(
        `select e.seq, coalesce(array_agg(src.data_source_id) filter (where src.data_source_id is not null), '{}') as sources
         from audit.ai_event e left join audit.ai_event_source src on src.ai_event_id = e.id
         where e.case_id = $1 and e.seq = any($2::int[]) group by e.seq`,
        [caseId, seqs],
      );
      if (found.rowCount !== seqs.length) return { ok: false, error: 'no_such_use' } as const;
      if (request.dataSourceId !== null) {
        const sources = new Set(found.rows.flatMap((r) => z.array(z.string()).parse(r['sources'])));
        if (!sources.has(request.dataSourceId)) return { ok: false, error: 'no_such_use' } as const;
      }
    } else if (request.kind !== 'reassessment') {
      return { ok: false, error: 'no_such_use' } as const;
    }

    const unitRow = await tx.query(CASE_UNIT_SQL, [caseId]);
    const unit =
      z
        .string()
        .nullable()
        .parse(unitRow.rows[0]?.['unit'] ?? null) ?? options.fallbackUnit;
    const deadline = requestDeadline(now);
    const inserted = await tx.query(
      `insert into portal.citizen_request
         (case_id, citizen_cpr, kind, message, status, created_at, updated_at, reference, event_seqs, data_source_id,
          unit, deadline, step_count)
       values ($1, $2, $3, $4, 'received', $5, $5,
         'ANM-' || to_char($5::timestamptz at time zone 'Europe/Copenhagen', 'YYYY') || '-'
           || lpad(nextval('portal.citizen_request_reference_seq')::text, 6, '0'),
         $6, $7, $8, $9, 1)
       returning id, reference`,
      [caseId, cpr, request.kind, request.message, now, seqs, request.dataSourceId, unit, deadline],
    );
    const id = String(inserted.rows[0]?.['id']);
    const reference = String(inserted.rows[0]?.['reference']);
    const details: StepDetails<'received'> = {
      reference,
      kind: request.kind,
      caseId,
      eventSeqs: seqs,
      dataSourceId: request.dataSourceId,
      message: request.message,
      deadline,
      unit,
      filedBy: request.filedBy ?? null,
    };
    const receipt = await insertStep(tx, null, {
      requestId: id,
      action: 'received',
      occurredAt: now,
      actor: null,
      details,
    });
    await options.beforeCommit?.(tx, receipt, reference, id);
    return { ok: true, id, reference, receipt } as const;
  });
}

/** The citizen's requests, newest first, a page at a time. */
export async function listRequestsForCitizen(
  db: Queryable,
  cpr: string,
  page = 1,
  pageSize = REQUESTS_PAGE_SIZE,
): Promise<Page<CitizenRequest>> {
  const offset = (Math.max(1, page) - 1) * pageSize;
  const { rows } = await db.query(
    `select ${REQUEST_COLUMNS}, count(*) over () as total
     from portal.citizen_request r join audit."case" c on c.id = r.case_id
     where r.citizen_cpr = $1
     order by r.created_at desc, r.id
     limit $2 offset $3`,
    [cpr, pageSize, offset],
  );
  const total = rows[0] ? Number(rows[0]['total']) : await countForCitizen(db, cpr);
  return { items: rows.map((row) => requestRow.parse(row)), page: Math.max(1, page), pageSize, total };
}

async function countForCitizen(db: Queryable, cpr: string): Promise<number> {
  const { rows } = await db.query(
    `select count(*)::int as n from portal.citizen_request where citizen_cpr = $1`,
    [cpr],
  );
  return Number(rows[0]?.['n'] ?? 0);
}

/** An AI use a request concerns, as the citizen and the caseworker see it named. */
export interface RequestUse {
  readonly seq: number;
  readonly systemName: string;
  readonly systemNameEn: string | null;
  readonly occurredAt: Date;
  readonly kind: string;
}

/** A request with its steps, the AI uses it concerns and the data source it would correct. */
export interface RequestWithSteps {
  readonly request: CitizenRequest;
  readonly citizenCpr: string;
  readonly steps: readonly RequestStep[];
  readonly uses: readonly RequestUse[];
  readonly dataSource: {
    readonly id: string;
    readonly name: string;
    readonly nameEn: string | null;
    readonly ownerAuthority: string;
    readonly ownerAuthorityEn: string | null;
  } | null;
}

const useRow = z.object({
  seq: z.number(),
  system_name: z.string(),
  system_name_en: z.string().nullable(),
  occurred_at: z.date(),
  kind: z.string(),
});
const sourceRow = z.object({
  id: z.string(),
  name: z.string(),
  name_en: z.string().nullable(),
  owner_authority: z.string(),
  owner_authority_en: z.string().nullable(),
});

async function withSteps(db: Queryable, row: Record<string, unknown>): Promise<RequestWithSteps> {
  const request = requestRow.parse(row);
  const steps = await listRequestSteps(db, request.id);
  const uses = await db.query(
    `select e.seq, s.name as system_name, s.name_en as system_name_en, e.occurred_at, e.kind
     from audit.ai_event e join audit.ai_system s on s.id = e.system_id
     where e.case_id = $1 and e.seq = any($2::int[]) order by e.seq`,
    [request.caseId, request.eventSeqs],
  );
  const source = request.dataSourceId
    ? (
        await db.query(
          `select id, name, name_en, owner_authority, owner_authority_en from audit.data_source where id = $1`,
          [request.dataSourceId],
        )
      ).rows[0]
    : undefined;
  const ds = source ? sourceRow.parse(source) : null;
  return {
    request,
    citizenCpr: String(row['citizen_cpr']),
    steps,
    uses: uses.rows.map((u) => {
      const r = useRow.parse(u);
      return {
        seq: r.seq,
        systemName: r.system_name,
        systemNameEn: r.system_name_en,
        occurredAt: r.occurred_at,
        kind: r.kind,
      };
    }),
    dataSource: ds
      ? {
          id: ds.id,
          name: ds.name,
          nameEn: ds.name_en,
          ownerAuthority: ds.owner_authority,
          ownerAuthorityEn: ds.owner_authority_en,
        }
      : null,
  };
}

/** One of the citizen's requests; someone else's or none at all is `null` alike. */
export async function getRequestForCitizen(
  db: Queryable,
  cpr: string,
  requestId: string,
): Promise<RequestWithSteps | null> {
  if (!UUID.test(requestId)) return null;
  const { rows } = await db.query(
    `select ${REQUEST_COLUMNS}, r.citizen_cpr from portal.citizen_request r join audit."case" c on c.id = r.case_id
     where r.id = $1 and r.citizen_cpr = $2`,
    [requestId, cpr],
  );
  return rows[0] ? withSteps(db, rows[0]) : null;
}

/** One request of a unit's; another unit's or none at all is `null` alike. */
export async function getRequestForUnit(
  db: Queryable,
  unit: string,
  requestId: string,
): Promise<RequestWithSteps | null> {
  if (!UUID.test(requestId)) return null;
  const { rows } = await db.query(
    `select ${REQUEST_COLUMNS}, r.citizen_cpr from portal.citizen_request r join audit."case" c on c.id = r.case_id
     where r.id = $1 and r.unit = $2`,
    [requestId, unit],
  );
  return rows[0] ? withSteps(db, rows[0]) : null;
}

/** The inbox's filters: a kind, and a status or every open one. */
export interface InboxFilter {
  readonly kind: RequestKind | null;
  readonly status: RequestStatus | 'open' | 'all';
}

/** The unit's requests, earliest deadline first, a page at a time. */
export async function listInbox(
  db: Queryable,
  unit: string,
  filter: InboxFilter,
  page = 1,
  pageSize = REQUESTS_PAGE_SIZE,
): Promise<Page<CitizenRequest>> {
  const statuses: readonly RequestStatus[] | null =
    filter.status === 'all'
      ? null
      : filter.status === 'open'
        ? ['received', 'in_progress', 'forwarded']
        : [filter.status];
  const offset = (Math.max(1, page) - 1) * pageSize;
  const where = `r.unit = $1 and ($2::text is null or r.kind = $2) and ($3::text[] is null or r.status = any($3::text[]))`;
  const params = [unit, filter.kind, statuses];
  const { rows } = await db.query(
    `select ${REQUEST_COLUMNS}
     from portal.citizen_request r join audit."case" c on c.id = r.case_id
     where ${where}
     order by r.deadline, r.created_at, r.id
     limit $4 offset $5`,
    [...params, pageSize, offset],
  );
  const count = await db.query(
    `select count(*)::int as n from portal.citizen_request r where ${where}`,
    params,
  );
  return {
    items: rows.map((row) => requestRow.parse(row)),
    page: Math.max(1, page),
    pageSize,
    total: Number(count.rows[0]?.['n'] ?? 0),
  };
}

export type AppendResult =
  | { readonly ok: true; readonly step: RequestStep }
  | { readonly ok: false; readonly error: 'not_found' | 'not_allowed' };

/**
 * Appends a caseworker's step to a request of their unit: the request row is locked, the step must be
 * allowed in the state the sealed steps give (a second extension, or an answer to an answered request,
 * is `not_allowed`), and the row's cached state is updated in the same transaction. `beforeCommit`
 * runs in that transaction too: the seam where a letter to the citizen is queued with the step.
 */
export async function appendCaseworkerStep(
  db: Db,
  unit: string,
  requestId: string,
  actor: StepActor,
  step: CaseworkerStep,
  options: {
    readonly now?: Date;
    readonly beforeCommit?: (tx: Queryable, written: RequestStep) => Promise<void>;
  } = {},
): Promise<AppendResult> {
  if (!UUID.test(requestId)) return { ok: false, error: 'not_found' };
  return db.transaction(async (tx) => {
    const locked = await tx.query(
      `select id from portal.citizen_request where id = $1 and unit = $2 for update`,
      [requestId, unit],
    );
    if (locked.rowCount === 0) return { ok: false, error: 'not_found' } as const;
    const steps = await listRequestSteps(tx, requestId);
    const state = stateFromSteps(steps);
    if (!state || !allowedActions(state).includes(ACTION_OF_STEP[step.action]))
      return { ok: false, error: 'not_allowed' } as const;
    // An extension: later than the deadline, and at most three months from receipt (GDPR art. 12(3)).
    const receivedAt = steps[0]?.occurredAt;
    if (
      step.action === 'extended' &&
      (!receivedAt || !checkExtension(receivedAt, state.deadline, step.details.deadline, state.extended).ok)
    )
      return { ok: false, error: 'not_allowed' } as const;
    const written = await insertStep(tx, steps.at(-1) ?? null, {
      requestId,
      action: step.action satisfies StepAction,
      occurredAt: options.now ?? new Date(),
      actor,
      details: step.details,
    });
    const next = stateFromSteps([...steps, written]);
    if (!next) throw new Error('a sealed step did not parse');
    await tx.query(
      `update portal.citizen_request
       set status = $2, deadline = $3, extended = $4, step_count = $5, updated_at = $6
       where id = $1`,
      [requestId, next.status, next.deadline, next.extended, written.seq, written.occurredAt],
    );
    await options.beforeCommit?.(tx, written);
    return { ok: true, step: written } as const;
  });
}

/** Every request id, for `npm run verify` (in batches by id). */
export async function listRequestIds(db: Queryable, after: string | null, limit: number): Promise<string[]> {
  const { rows } = await db.query(
    `select id from portal.citizen_request where ($1::uuid is null or id > $1::uuid) order by id limit $2`,
    [after, limit],
  );
  return rows.map((r) => String(r['id']));
}

/** A request row and its steps by id alone (the verifier sees every request). */
export async function getRequestById(db: Queryable, requestId: string): Promise<RequestWithSteps | null> {
  const { rows } = await db.query(
    `select ${REQUEST_COLUMNS}, r.citizen_cpr from portal.citizen_request r join audit."case" c on c.id = r.case_id
     where r.id = $1`,
    [requestId],
  );
  return rows[0] ? withSteps(db, rows[0]) : null;
}

/**
 * Seals a receipt for every request stored before requests had steps (migration 070 gives them a
 * reference, deadline and unit, but SQL cannot compute the canonical hash). Their history before that
 * is unknown, so each gets only its receipt, dated when it was received, and the status "received".
 * Run after the migrations (`npm run db:migrate`, and at start); idempotent. Returns how many it sealed.
 */
export async function sealUnsealedRequests(db: Db): Promise<number> {
  const { rows } = await db.query(
    `select id from portal.citizen_request where step_count = 0 order by created_at`,
  );
  let sealed = 0;
  for (const row of rows) {
    const id = z.string().parse(row['id']);
    const done = await db.transaction(async (tx) => {
      const found = await tx.query(
        `select ${REQUEST_COLUMNS} from portal.citizen_request r join audit."case" c on c.id = r.case_id
         where r.id = $1 and r.step_count = 0 for update of r`,
        [id],
      );
      if (!found.rows[0]) return false;
      const r = requestRow.parse(found.rows[0]);
      const details: StepDetails<'received'> = {
        reference: r.reference,
        kind: r.kind,
        caseId: r.caseId,
        eventSeqs: [...r.eventSeqs],
        dataSourceId: r.dataSourceId,
        message: r.message,
        deadline: r.deadline,
        unit: r.unit,
        filedBy: null,
      };
      await insertStep(tx, null, {
        requestId: id,
        action: 'received',
        occurredAt: r.createdAt,
        actor: null,
        details,
      });
      await tx.query(
        `update portal.citizen_request set status = 'received', extended = false, step_count = 1 where id = $1`,
        [id],
      );
      return true;
    });
    if (done) sealed += 1;
  }
  return sealed;
}
