/**
 * What a citizen's request is, what may happen to it, and when it is intact. A request concerns a
 * case and, where it is about AI, the specific AI use(s) on it; each step (received, taken, extended,
 * forwarded, answered, refused) is a sealed record chained per request. The request row's state is a
 * cache of the steps; these rules derive the state from the steps and check the two agree.
 * GDPR art. 12(3), 16, 21, 22(3); the executive order's §1 stk. 6; AI Act art. 86.
 */
import { z } from 'zod';
import { verifyChain, type ChainVerdict, type RequestStepContent, type StoredChainRecord } from './chain.ts';
import {
  addCalendarMonths,
  copenhagenDate,
  REQUEST_DEADLINE_MONTHS,
  type IsoDate,
} from './request-deadline.ts';

/** What a citizen can ask for. Explanation, objection and correction concern an AI use. */
export const REQUEST_KINDS = ['explanation', 'reassessment', 'objection', 'correction'] as const;
export const requestKindSchema = z.enum(REQUEST_KINDS);
export type RequestKind = z.infer<typeof requestKindSchema>;

/** Kinds that only make sense where AI was used on the case. */
export const AI_ONLY_KINDS: readonly RequestKind[] = ['explanation', 'objection', 'correction'];

export const REQUEST_STATUSES = ['received', 'in_progress', 'forwarded', 'answered', 'refused'] as const;
export const requestStatusSchema = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof requestStatusSchema>;

/** Statuses in which the municipality still owes the citizen an answer. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'in_progress', 'forwarded'];

export const STEP_ACTIONS = ['received', 'taken', 'extended', 'forwarded', 'answered', 'refused'] as const;
export const stepActionSchema = z.enum(STEP_ACTIONS);
export type StepAction = z.infer<typeof stepActionSchema>;

/** The most a request's text, a reason or an answer may hold. */
export const MESSAGE_MAX = 4000;
export const ANSWER_MAX = 8000;
export const REASON_MAX = 2000;

const isoDate = z.iso.date();

/** The facts of each kind of step, as sealed in `details`. */
export const stepDetailsSchemas = {
  received: z.object({
    reference: z.string(),
    kind: requestKindSchema,
    caseId: z.string(),
    eventSeqs: z.array(z.number().int().positive()),
    dataSourceId: z.string().nullable(),
    message: z.string(),
    deadline: isoDate,
    unit: z.string(),
    /** A representative who filed it on the citizen's behalf (power of attorney, issue 14); sealed. */
    filedBy: z.string().nullable().default(null),
  }),
  taken: z.object({ unit: z.string() }),
  extended: z.object({ reason: z.string(), deadline: isoDate }),
  forwarded: z.object({ dataSourceId: z.string(), recipient: z.string(), note: z.string() }),
  answered: z.object({
    text: z.string(),
    reassessedBy: z.string().nullable(),
    outcome: z.enum(['changed', 'unchanged']).nullable(),
  }),
  refused: z.object({ reasons: z.string() }),
} as const;

export type StepDetails<A extends StepAction> = z.infer<(typeof stepDetailsSchemas)[A]>;

/** Who took a step: the citizen (null) or a member of staff as they were at the time. */
export interface StepActor {
  readonly staffId: string;
  readonly name: string;
  readonly title: string;
  readonly unit: string;
}

/** One stored step of a request. */
export interface RequestStep {
  readonly requestId: string;
  readonly seq: number;
  readonly action: StepAction;
  readonly occurredAt: Date;
  readonly actor: StepActor | null;
  readonly details: RequestStepContent['details'];
  readonly prevHash: string | null;
  readonly hash: string;
}

/** A step whose details are read as its action's facts (for display); null when they do not parse. */
export type ParsedStep = {
  [A in StepAction]: { readonly action: A; readonly facts: StepDetails<A> };
}[StepAction];

/** The step's details as its action's typed facts, or null if they are not what the action holds. */
export function parseStep(step: Pick<RequestStep, 'action' | 'details'>): ParsedStep | null {
  const parsed = stepDetailsSchemas[step.action].safeParse(step.details);
  return parsed.success ? ({ action: step.action, facts: parsed.data } as ParsedStep) : null;
}

/** The hashed content of a step. */
export function stepContent(step: Omit<RequestStep, 'prevHash' | 'hash'>): RequestStepContent {
  return {
    type: 'request_step',
    requestId: step.requestId,
    seq: step.seq,
    occurredAt: step.occurredAt,
    action: step.action,
    actorStaffId: step.actor?.staffId ?? null,
    actorName: step.actor?.name ?? null,
    actorTitle: step.actor?.title ?? null,
    actorUnit: step.actor?.unit ?? null,
    details: step.details,
  };
}

export function stepChainRecord(step: RequestStep): StoredChainRecord {
  return { content: stepContent(step), prevHash: step.prevHash, hash: step.hash };
}

/** The state a request is in after its steps, in order. */
export interface RequestState {
  readonly status: RequestStatus;
  readonly deadline: IsoDate;
  readonly extended: boolean;
  readonly unit: string;
  readonly kind: RequestKind;
}

/** The state after the steps, or null if the first step is not a well-formed receipt. */
export function stateFromSteps(steps: readonly RequestStep[]): RequestState | null {
  const [first, ...rest] = steps;
  const receipt = first ? parseStep(first) : null;
  if (!receipt || receipt.action !== 'received') return null;
  let state: RequestState = {
    status: 'received',
    deadline: receipt.facts.deadline,
    extended: false,
    unit: receipt.facts.unit,
    kind: receipt.facts.kind,
  };
  for (const step of rest) {
    const parsed = parseStep(step);
    if (!parsed) return null;
    state = nextState(state, parsed);
  }
  return state;
}

function nextState(state: RequestState, step: ParsedStep): RequestState {
  switch (step.action) {
    case 'received':
      return state;
    case 'taken':
      return { ...state, status: 'in_progress' };
    case 'extended':
      return {
        ...state,
        status: state.status === 'received' ? 'in_progress' : state.status,
        deadline: step.facts.deadline,
        extended: true,
      };
    case 'forwarded':
      return { ...state, status: 'forwarded' };
    case 'answered':
      return { ...state, status: 'answered' };
    case 'refused':
      return { ...state, status: 'refused' };
  }
}

/** The caseworker's actions on a request. */
export const CASEWORKER_ACTIONS = ['take', 'extend', 'forward', 'answer', 'refuse'] as const;
export type CaseworkerAction = (typeof CASEWORKER_ACTIONS)[number];

/**
 * Which actions are open on a request in `state`: take while it is unhandled; extend once, while
 * open; forward a correction to the data's owner once; answer or refuse while open.
 */
export function allowedActions(state: RequestState): CaseworkerAction[] {
  if (!OPEN_STATUSES.includes(state.status)) return [];
  const actions: CaseworkerAction[] = [];
  if (state.status === 'received') actions.push('take');
  if (!state.extended) actions.push('extend');
  if (state.kind === 'correction' && state.status !== 'forwarded') actions.push('forward');
  actions.push('answer', 'refuse');
  return actions;
}

/** A caseworker's validated action, as its form gives it. */
export type CaseworkerInput =
  | { readonly action: 'take' }
  | { readonly action: 'extend'; readonly months: 1 | 2; readonly reason: string }
  | { readonly action: 'forward'; readonly note: string }
  | {
      readonly action: 'answer';
      readonly text: string;
      readonly reassessedBy: string | null;
      readonly outcome: 'changed' | 'unchanged' | null;
    }
  | { readonly action: 'refuse'; readonly reasons: string };

/** A caseworker's step: what they did, with its facts. */
export type CaseworkerStep =
  | { readonly action: 'taken'; readonly details: StepDetails<'taken'> }
  | { readonly action: 'extended'; readonly details: StepDetails<'extended'> }
  | { readonly action: 'forwarded'; readonly details: StepDetails<'forwarded'> }
  | { readonly action: 'answered'; readonly details: StepDetails<'answered'> }
  | { readonly action: 'refused'; readonly details: StepDetails<'refused'> };

/** The action a step records. */
export const ACTION_OF_STEP: Readonly<Record<CaseworkerStep['action'], CaseworkerAction>> = {
  taken: 'take',
  extended: 'extend',
  forwarded: 'forward',
  answered: 'answer',
  refused: 'refuse',
};

/**
 * The step a caseworker's action writes. An extension is one or two further months counted from the
 * day of receipt (GDPR art. 12(3)); a correction is forwarded to the authority that owns the data
 * source (null when the request names none).
 */
export function stepForAction(
  input: CaseworkerInput,
  request: {
    readonly unit: string;
    readonly receivedAt: Date;
    readonly dataSource: { readonly id: string; readonly ownerAuthority: string } | null;
  },
): CaseworkerStep | null {
  switch (input.action) {
    case 'take':
      return { action: 'taken', details: { unit: request.unit } };
    case 'extend':
      return {
        action: 'extended',
        details: {
          reason: input.reason,
          deadline: addCalendarMonths(
            copenhagenDate(request.receivedAt),
            REQUEST_DEADLINE_MONTHS + input.months,
          ),
        },
      };
    case 'forward':
      if (!request.dataSource) return null;
      return {
        action: 'forwarded',
        details: {
          dataSourceId: request.dataSource.id,
          recipient: request.dataSource.ownerAuthority,
          note: input.note,
        },
      };
    case 'answer':
      return {
        action: 'answered',
        details: { text: input.text, reassessedBy: input.reassessedBy, outcome: input.outcome },
      };
    case 'refuse':
      return { action: 'refused', details: { reasons: input.reasons } };
  }
}

/** The cached state on the request row, compared with the steps. */
export interface RequestRowState {
  readonly status: RequestStatus;
  readonly deadline: IsoDate;
  readonly extended: boolean;
  readonly unit: string;
  readonly kind: RequestKind;
  readonly stepCount: number;
  readonly caseId: string;
  readonly message: string;
  readonly eventSeqs: readonly number[];
  readonly dataSourceId: string | null;
  readonly reference: string;
}

export type RequestIntegrityProblem =
  | { readonly kind: 'chain_broken'; readonly verdict: Extract<ChainVerdict, { intact: false }> }
  | { readonly kind: 'steps_missing'; readonly expected: number; readonly found: number }
  | { readonly kind: 'request_changed' };

export interface RequestIntegrity {
  readonly intact: boolean;
  readonly problems: readonly RequestIntegrityProblem[];
}

/**
 * Whether a request is intact: its steps form an unbroken chain, none is missing from the end, and the
 * request as stored (what was asked, its state) is what the sealed steps say.
 */
export function verifyRequest(row: RequestRowState, steps: readonly RequestStep[]): RequestIntegrity {
  const problems: RequestIntegrityProblem[] = [];
  const verdict = verifyChain(steps.map(stepChainRecord));
  if (!verdict.intact) problems.push({ kind: 'chain_broken', verdict });
  if (steps.length !== row.stepCount)
    problems.push({ kind: 'steps_missing', expected: row.stepCount, found: steps.length });
  const state = stateFromSteps(steps);
  const receipt = steps[0] ? parseStep(steps[0]) : null;
  const matches =
    state !== null &&
    receipt?.action === 'received' &&
    state.status === row.status &&
    state.deadline === row.deadline &&
    state.extended === row.extended &&
    state.unit === row.unit &&
    state.kind === row.kind &&
    receipt.facts.caseId === row.caseId &&
    receipt.facts.message === row.message &&
    receipt.facts.reference === row.reference &&
    receipt.facts.dataSourceId === row.dataSourceId &&
    receipt.facts.eventSeqs.join(',') === [...row.eventSeqs].join(',');
  if (!matches) problems.push({ kind: 'request_changed' });
  return { intact: problems.length === 0, problems };
}

/** Control characters other than tab and line breaks: refused at the boundary (NUL breaks PostgreSQL). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A text field: trimmed, required, at most `max` characters, no control characters. */
export function textField(max: number, required = true): z.ZodType<string> {
  const base = z
    .string()
    .refine((v) => !CONTROL.test(v), { error: 'control_chars' })
    .transform((v) => v.trim());
  return required
    ? base.pipe(z.string().min(1, { error: 'empty' }).max(max, { error: 'too_long' }))
    : base.pipe(z.string().max(max, { error: 'too_long' }));
}
