/**
 * Citizens' requests about a case: an explanation, a human re-assessment, or an objection. A request
 * is stored only for a case that is the citizen's own (checked in the same statement).
 */
import { z } from 'zod';
import type { Queryable } from './db.ts';

export const REQUEST_KINDS = ['explanation', 'reassessment', 'objection'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** The form a citizen posts; `message` is what they want to tell us. */
export const citizenRequestFormSchema = z.object({
  kind: z.enum(REQUEST_KINDS, { error: 'kind' }),
  message: z.string().trim().min(1, { error: 'message_empty' }).max(4000, { error: 'message_long' }),
});

export type SubmitResult = { ok: true; id: string } | { ok: false; error: 'not_found' };

/** Stores a request for one of the citizen's own cases, in one statement. */
export async function submitCitizenRequest(
  db: Queryable,
  cpr: string,
  caseId: string,
  request: z.infer<typeof citizenRequestFormSchema>,
): Promise<SubmitResult> {
  const { rows } = await db.query(
    `insert into portal.citizen_request (case_id, citizen_cpr, kind, message)
     select c.id, c.citizen_cpr, $3, $4 from audit."case" c where c.id = $1 and c.citizen_cpr = $2
     returning id`,
    [caseId, cpr, request.kind, request.message],
  );
  const id = rows[0]?.['id'];
  return typeof id === 'string' ? { ok: true, id } : { ok: false, error: 'not_found' };
}

const requestRow = z.object({
  id: z.string(),
  kind: z.enum(REQUEST_KINDS),
  message: z.string(),
  status: z.enum(['received', 'in_progress', 'answered']),
  created_at: z.date(),
  case_id: z.string(),
  case_title: z.string(),
  case_number: z.string(),
});

export interface CitizenRequest {
  readonly id: string;
  readonly kind: RequestKind;
  readonly message: string;
  readonly status: 'received' | 'in_progress' | 'answered';
  readonly createdAt: Date;
  readonly caseId: string;
  readonly caseTitle: string;
  readonly caseNumber: string;
}

/** The citizen's requests, newest first, with the case each is about. */
export async function listRequestsForCitizen(db: Queryable, cpr: string): Promise<CitizenRequest[]> {
  const { rows } = await db.query(
    `select r.id, r.kind, r.message, r.status, r.created_at, r.case_id, c.title as case_title, c.case_number
     from portal.citizen_request r join audit."case" c on c.id = r.case_id
     where r.citizen_cpr = $1
     order by r.created_at desc`,
    [cpr],
  );
  return rows.map((row) => {
    const r = requestRow.parse(row);
    return {
      id: r.id,
      kind: r.kind,
      message: r.message,
      status: r.status,
      createdAt: r.created_at,
      caseId: r.case_id,
      caseTitle: r.case_title,
      caseNumber: r.case_number,
    };
  });
}
