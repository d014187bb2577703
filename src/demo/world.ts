/**
 * The demo world's citizens, cases, AI events and decisions, from a deterministic generator:
 * citizen i is the same on every machine and at every size, so `--citizens 300` is a prefix of
 * `--citizens 1000000`. The first citizens are the special cases the product description asks for.
 */
import { createHash } from 'node:crypto';
import {
  computeRecordHash,
  type AiEventContent,
  type CaseContent,
  type DecisionContent,
  type SourceSnapshot,
  type StaffSnapshot,
} from '../domain/chain.ts';
import { passesModulus11 } from '../domain/cpr.ts';
import type { Explanation } from '../domain/explanation.ts';
import type { CaseworkerInput, RequestKind } from '../domain/citizen-request.ts';
import type { AiAssessment, AiEventKind, CaseArea } from '../domain/types.ts';
import {
  applyModel,
  formatScore,
  REHAB_MODEL,
  RISK_MODEL,
  type ActionCode,
  type ScoringModel,
} from './models.ts';
import { createRandom, seedFor, type Random } from './random.ts';
import {
  AI_SYSTEMS,
  AREA_STAFF,
  DATA_SOURCES,
  FAMILY_NAMES,
  GIVEN_NAMES_FEMALE,
  GIVEN_NAMES_MALE,
  MUNICIPALITY,
  STAFF,
} from './reference-data.ts';

export interface CitizenRow {
  readonly cpr: string;
  readonly givenName: string;
  readonly familyName: string;
}

export interface CaseRow {
  readonly id: string;
  readonly caseNumber: string;
  readonly area: CaseArea;
  readonly title: string;
  readonly titleEn: string;
  readonly status: 'open' | 'closed';
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly citizenCpr: string;
}

export interface EventRow extends AiEventContent {
  readonly prevHash: string | null;
  readonly hash: string;
}

export interface DecisionRow extends DecisionContent {
  readonly prevHash: string | null;
  readonly hash: string;
}

export interface CaseSealRow extends CaseContent {
  readonly prevHash: string | null;
  readonly hash: string;
}

export interface GeneratedCase {
  readonly row: CaseRow;
  /** The case's sealed header (version 1, with its final facts): the genesis of its chain. */
  readonly seal: CaseSealRow;
  readonly events: readonly EventRow[];
  readonly decisions: readonly DecisionRow[];
}

export interface GeneratedCitizen {
  readonly citizen: CitizenRow;
  readonly cases: readonly GeneratedCase[];
  /** The special citizens' requests, in every state the request loop has (see DemoRequestPlan). */
  readonly requests: readonly DemoRequestPlan[];
}

/** A caseworker's step on a demo request, some days before the store is seeded. */
export type DemoStepPlan = { readonly daysAgo: number } & CaseworkerInput;

/**
 * A demo request: about which case and which AI use (by the system it used: the case's first event
 * of that system), received some days before seeding, then handled by the case's caseworker step by
 * step. Dates are relative to the day the store is seeded, so "overdue" and "under way" stay true.
 */
export interface DemoRequestPlan {
  readonly caseIndex: number;
  readonly kind: RequestKind;
  readonly aboutSystem: string | null;
  readonly dataSourceId: string | null;
  readonly message: string;
  readonly receivedDaysAgo: number;
  readonly steps: readonly DemoStepPlan[];
}

const DAY = 86_400_000;
/** Birth dates are spread over 1960-01-01 .. 2004-12-31. */
const BIRTH_START = Date.UTC(1960, 0, 1);
const BIRTH_DAYS = Math.round((Date.UTC(2005, 0, 1) - BIRTH_START) / DAY);
/** Cases open after the executive order took effect (1 February 2026), before the demo's "today". */
const CASES_FROM = Date.UTC(2026, 1, 1);
/** The demo's "today": every date in the world is on or before it. */
export const DEMO_TODAY = Date.UTC(2026, 10, 1);

/**
 * A synthetic CPR number for citizen `index`: unique per index, with a real birth date, and a
 * control digit chosen so that the number fails the modulus-11 check that every number issued
 * before 2007 passes, which keeps the demo clear of most real people's numbers.
 */
export function demoCpr(index: number, rng: Random, sex?: 'female' | 'male'): string {
  // A stride coprime with BIRTH_DAYS spreads consecutive citizens over the whole birth range.
  const day = (index * 7919) % BIRTH_DAYS;
  const block = Math.floor(index / BIRTH_DAYS);
  const birth = new Date(BIRTH_START + day * DAY);
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  const centuryBase = birth.getUTCFullYear() >= 2000 ? 4000 : 0;
  if (block >= 400) throw new RangeError('the demo generator supports up to 6.5 million citizens');
  const datePart = `${String(birth.getUTCDate()).padStart(2, '0')}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${yy}`;
  const candidates = Array.from(
    { length: 10 },
    (_, j) => `${datePart}${String(centuryBase + block * 10 + j).padStart(4, '0')}`,
  );
  // The last digit is odd for men and even for women.
  const parity = (cpr: string): boolean =>
    sex === undefined || Number(cpr[9]) % 2 === (sex === 'male' ? 1 : 0);
  return rng.pick(candidates.filter((cpr) => !passesModulus11(cpr) && parity(cpr)));
}

const AREA_TITLES: Record<CaseArea, readonly { readonly da: string; readonly en: string }[]> = {
  sickness_benefit: [
    { da: 'Opfølgning på sygedagpenge', en: 'Follow-up on sickness benefit' },
    { da: 'Forlængelse af sygedagpenge', en: 'Extension of sickness benefit' },
  ],
  cash_benefit: [
    { da: 'Ansøgning om kontanthjælp', en: 'Application for cash benefit' },
    { da: 'Revurdering af kontanthjælp', en: 'Review of cash benefit' },
  ],
  job_clarification: [{ da: 'Jobafklaringsforløb', en: 'Job clarification course' }],
  rehabilitation: [
    { da: 'Forelæggelse for rehabiliteringsteamet', en: 'Referral to the rehabilitation team' },
    { da: 'Ressourceforløb', en: 'Resource course' },
  ],
  flex_job: [{ da: 'Visitation til fleksjob', en: 'Assessment for a flex job' }],
};

const AREA_PREFIX: Record<CaseArea, string> = {
  sickness_benefit: 'SDP',
  cash_benefit: 'KTH',
  job_clarification: 'JAF',
  rehabilitation: 'REH',
  flex_job: 'FLX',
};

interface Texts {
  readonly outcome: string;
  readonly reasons: string;
}

/** A decision the caseworker can make, tagged with the action it takes (compared with the AI's). */
export interface OutcomeTemplate {
  readonly action: ActionCode | 'grant' | 'continue';
  readonly da: Texts;
  readonly en: Texts;
}

/** The decisions of each area; every recommendation a model gives in the area has one. */
export const OUTCOMES: Record<CaseArea, readonly OutcomeTemplate[]> = deepFreeze({
  sickness_benefit: [
    {
      action: 'close_follow_up',
      da: {
        outcome: 'Du får tæt opfølgning: en samtale hver anden uge og en plan for delvis raskmelding.',
        reasons:
          'Du har været sygemeldt længe og flere gange før, og tidlig hjælp øger chancen for, at du kommer tilbage til arbejdet.',
      },
      en: {
        outcome:
          'You get close follow-up: a meeting every other week and a plan for a partial return to work.',
        reasons:
          'You have been on sick leave for a long time and several times before, and early help improves the chance that you get back to work.',
      },
    },
    {
      action: 'standard_follow_up',
      da: {
        outcome: 'Dine sygedagpenge forlænges i op til 22 uger med almindelig opfølgning.',
        reasons:
          'Din læge vurderer, at du kan vende tilbage til arbejdet inden for 134 uger, jf. sygedagpengelovens § 27, stk. 1, nr. 1.',
      },
      en: {
        outcome: 'Your sickness benefit is extended by up to 22 weeks with standard follow-up.',
        reasons:
          'Your doctor expects that you can return to work within 134 weeks, cf. the Sickness Benefit Act, section 27(1)(1).',
      },
    },
  ],
  cash_benefit: [
    {
      action: 'grant',
      da: {
        outcome: 'Du får kontanthjælp fra den dag, du søgte.',
        reasons: 'Du opfylder betingelserne i lov om aktiv socialpolitik § 11.',
      },
      en: {
        outcome: 'You get cash benefit from the day you applied.',
        reasons: 'You meet the conditions in section 11 of the Active Social Policy Act.',
      },
    },
    {
      action: 'continue',
      da: {
        outcome: 'Din kontanthjælp fortsætter uændret.',
        reasons: 'Der er ikke sket ændringer i dine forhold, som påvirker din hjælp.',
      },
      en: {
        outcome: 'Your cash benefit continues unchanged.',
        reasons: 'Nothing has changed in your situation that affects your benefit.',
      },
    },
  ],
  job_clarification: [
    {
      action: 'job_clarification',
      da: {
        outcome: 'Dit jobafklaringsforløb forlænges med 6 måneder.',
        reasons: 'Din behandling er ikke afsluttet, og du kan endnu ikke vende tilbage til arbejdet.',
      },
      en: {
        outcome: 'Your job clarification course is extended by 6 months.',
        reasons: 'Your treatment has not finished, and you cannot yet return to work.',
      },
    },
    {
      action: 'refer_rehab_team',
      da: {
        outcome: 'Din sag forelægges for rehabiliteringsteamet.',
        reasons: 'Du har komplekse problemer ud over ledighed, og en samlet plan kan hjælpe dig videre.',
      },
      en: {
        outcome: 'Your case is referred to the rehabilitation team.',
        reasons: 'You have complex problems besides unemployment, and a joint plan can help you on.',
      },
    },
    {
      action: 'no_change',
      da: {
        outcome: 'Du fortsætter i dit jobafklaringsforløb uden ændringer.',
        reasons: 'Planen for dit forløb virker, og der er ikke grund til at ændre den nu.',
      },
      en: {
        outcome: 'You continue your job clarification course without changes.',
        reasons: 'The plan for your course is working, and there is no reason to change it now.',
      },
    },
  ],
  rehabilitation: [
    {
      action: 'refer_rehab_team',
      da: {
        outcome: 'Din sag forelægges for rehabiliteringsteamet.',
        reasons: 'Du har komplekse problemer ud over ledighed, og en samlet plan kan hjælpe dig videre.',
      },
      en: {
        outcome: 'Your case is referred to the rehabilitation team.',
        reasons: 'You have complex problems besides unemployment, and a joint plan can help you on.',
      },
    },
    {
      action: 'job_clarification',
      da: {
        outcome: 'Du får et jobafklaringsforløb, før din sag forelægges for rehabiliteringsteamet.',
        reasons: 'Vi har brug for at vide mere om, hvad du kan, før teamet kan lave en samlet plan.',
      },
      en: {
        outcome: 'You get a job clarification course before your case goes to the rehabilitation team.',
        reasons: 'We need to know more about what you can do before the team can make a joint plan.',
      },
    },
    {
      action: 'no_change',
      da: {
        outcome: 'Du fortsætter i dit ressourceforløb uden ændringer.',
        reasons: 'Rehabiliteringsteamets plan virker, og vi er enige i, at den skal fortsætte.',
      },
      en: {
        outcome: 'You continue your resource course without changes.',
        reasons: 'The rehabilitation team’s plan is working, and we agree that it should continue.',
      },
    },
  ],
  flex_job: [
    {
      action: 'refer_rehab_team',
      da: {
        outcome: 'Din sag forelægges for rehabiliteringsteamet, som vurderer, om du kan få fleksjob.',
        reasons:
          'Din arbejdsevne ser ud til at være varigt nedsat, og teamet skal vurdere det, før du kan få fleksjob.',
      },
      en: {
        outcome:
          'Your case is referred to the rehabilitation team, which assesses whether you can get a flex job.',
        reasons:
          'Your capacity for work appears to be permanently reduced, and the team must assess that before you can get a flex job.',
      },
    },
    {
      action: 'job_clarification',
      da: {
        outcome: 'Du skal i et jobafklaringsforløb, før vi vurderer, om du kan få fleksjob.',
        reasons: 'Det er endnu ikke afklaret, om din arbejdsevne er varigt nedsat.',
      },
      en: {
        outcome: 'You start a job clarification course before we assess whether you can get a flex job.',
        reasons: 'It is not yet clear whether your capacity for work is permanently reduced.',
      },
    },
    {
      action: 'no_change',
      da: {
        outcome: 'Du kan fortsat ansættes i fleksjob.',
        reasons: 'Din arbejdsevne er varigt og væsentligt nedsat, jf. lov om en aktiv beskæftigelsesindsats.',
      },
      en: {
        outcome: 'You can still be employed in a flex job.',
        reasons:
          'Your capacity for work is permanently and substantially reduced, cf. the Active Employment Act.',
      },
    },
  ],
});

/** The closing decision of a closed case: made without AI. */
const CLOSING: Record<CaseArea, { readonly da: Texts; readonly en: Texts }> = deepFreeze({
  sickness_benefit: {
    da: { outcome: 'Din sag om sygedagpenge afsluttes.', reasons: 'Du er raskmeldt og tilbage på arbejde.' },
    en: {
      outcome: 'Your sickness benefit case is closed.',
      reasons: 'You are no longer on sick leave and back at work.',
    },
  },
  cash_benefit: {
    da: {
      outcome: 'Din sag om kontanthjælp afsluttes.',
      reasons: 'Du er startet i job og forsørger dig selv.',
    },
    en: {
      outcome: 'Your cash benefit case is closed.',
      reasons: 'You have started a job and support yourself.',
    },
  },
  job_clarification: {
    da: { outcome: 'Dit jobafklaringsforløb afsluttes.', reasons: 'Du er startet i job med støtte.' },
    en: { outcome: 'Your job clarification course is closed.', reasons: 'You have started a supported job.' },
  },
  rehabilitation: {
    da: {
      outcome: 'Din rehabiliteringssag afsluttes.',
      reasons: 'Du har fået en plan, som følges i en ny sag.',
    },
    en: {
      outcome: 'Your rehabilitation case is closed.',
      reasons: 'You have a plan, which is followed up in a new case.',
    },
  },
  flex_job: {
    da: { outcome: 'Din sag om fleksjob afsluttes.', reasons: 'Du er ansat i fleksjob.' },
    en: { outcome: 'Your flex job case is closed.', reasons: 'You are employed in a flex job.' },
  },
});

/** Why a caseworker decided otherwise than a model recommended, per model. */
const DEPARTURE_REASONS: Record<string, readonly { readonly da: string; readonly en: string }[]> = {
  'sygefravaer-risiko': [
    {
      da: 'Den automatiske vurdering tog ikke højde for, at du er startet i behandling, som ifølge din læge virker.',
      en: 'The automatic assessment did not take into account that you have started treatment which your doctor says is working.',
    },
    {
      da: 'Vurderingen lagde vægt på dine tidligere sygemeldinger, men de havde en anden årsag end den nuværende.',
      en: 'The assessment gave weight to your earlier sick leave, but it had a different cause from the current one.',
    },
  ],
  'rehab-behov': [
    {
      da: 'Oplysningerne fra din samtale med mig viser et andet billede end vurderingen, som byggede på ældre oplysninger.',
      en: 'What you told me in our meeting gives a different picture from the assessment, which was based on older information.',
    },
    {
      da: 'Vurderingen lagde vægt på, hvor længe du har fået offentlig forsørgelse, men det siger ikke noget om din nuværende situation.',
      en: 'The assessment gave weight to how long you have received public benefits, but that says nothing about your current situation.',
    },
  ],
};

const MAIL_CLASSES = [
  { da: 'Lægeerklæring', en: 'Medical certificate' },
  { da: 'Ansøgning', en: 'Application' },
  { da: 'Svar på partshøring', en: 'Reply to a consultation' },
  { da: 'Dokumentation for jobsøgning', en: 'Documentation of job search' },
] as const;

/** Kinds whose output recommends something: only these can be followed or departed from. */
export const RECOMMENDING_KINDS: ReadonlySet<AiEventKind> = new Set(['profiling', 'prediction']);

type Source = { readonly dataSourceId: string; readonly categories: readonly string[] };

/** One step of a case's life that uses AI, before it is placed in time. */
type TemplateName = 'risk' | 'summary' | 'transcript' | 'mail' | 'rehab' | 'reuse' | 'training';

const SOURCES: Record<'risk' | 'summary' | 'transcript' | 'mail' | 'rehab', readonly Source[]> = {
  risk: [
    { dataSourceId: 'cpr', categories: ['identity'] },
    { dataSourceId: 'eindkomst', categories: ['income', 'employment'] },
    { dataSourceId: 'dream', categories: ['benefit_history'] },
    { dataSourceId: 'case_documents', categories: ['case_notes'] },
  ],
  summary: [{ dataSourceId: 'medical_certificates', categories: ['health'] }],
  transcript: [{ dataSourceId: 'own_statements', categories: ['own_statements'] }],
  mail: [{ dataSourceId: 'case_documents', categories: ['correspondence'] }],
  rehab: [
    { dataSourceId: 'cpr', categories: ['identity', 'family'] },
    { dataSourceId: 'case_documents', categories: ['case_notes'] },
    { dataSourceId: 'medical_certificates', categories: ['health'] },
    { dataSourceId: 'jobnet', categories: ['cv', 'job_search'] },
  ],
};

/** What a training event reads: the closed case's documents and medical certificates. */
const TRAINING_SOURCES: readonly Source[] = [
  { dataSourceId: 'case_documents', categories: ['case_notes'] },
  { dataSourceId: 'medical_certificates', categories: ['health'] },
];

const AREA_TEMPLATES: Record<CaseArea, readonly TemplateName[]> = {
  sickness_benefit: ['risk', 'summary', 'transcript', 'mail', 'risk', 'summary'],
  cash_benefit: ['transcript', 'mail', 'transcript'],
  job_clarification: ['summary', 'transcript', 'rehab', 'mail'],
  rehabilitation: ['rehab', 'summary', 'transcript', 'mail'],
  flex_job: ['summary', 'transcript', 'rehab'],
};

const SYSTEM_OF: Record<Exclude<TemplateName, 'reuse' | 'training'>, string> = {
  risk: 'sygefravaer-risiko',
  summary: 'laegeresume',
  transcript: 'tale-til-tekst',
  mail: 'postsortering',
  rehab: 'rehab-behov',
};

/** The explanations of the templates whose explanation does not depend on the case (deep-frozen). */
const EXPLANATIONS = deepFreeze({
  summary: {
    role: 'advisory',
    factors: [],
    limits:
      'En sprogmodel kan skrive noget, der ikke står i dokumenterne. Sagsbehandleren læser derfor altid de rigtige dokumenter.',
    en: {
      limits:
        'A language model may write something that is not in the documents. The caseworker therefore always reads the real documents.',
    },
  },
  transcript: { role: 'one_of_several_inputs', factors: [] },
  mail: { role: 'screening', factors: [] },
} satisfies Record<string, Explanation>);

/** The system in use on a day, and its version then; null when it was not in use that day. */
function versionOn(systemId: string, at: number): string | null {
  const system = AI_SYSTEMS.find((s) => s.id === systemId);
  if (!system) throw new Error(`no demo system ${systemId}`);
  const day = new Date(at).toISOString().slice(0, 10);
  if (day < system.inUseSince || (system.retiredOn !== null && day > system.retiredOn)) return null;
  const current = system.versions.filter((v) => v.releasedOn <= day).at(-1);
  return current?.version ?? null;
}

/** Working-hours time on the day `at` falls on. */
function officeTime(rng: Random, day: number): Date {
  return new Date(Math.floor(day / DAY) * DAY + (7 * 60 + rng.int(0, 8 * 60)) * 60_000);
}

const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);
const daDate = (at: Date): string =>
  `${at.getUTCDate()}. ${['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'][at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()}`;
const enDate = (at: Date): string =>
  `${at.getUTCDate()} ${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][at.getUTCMonth()] ?? ''} ${at.getUTCFullYear()}`;

interface CasePlan {
  readonly area: CaseArea;
  readonly eventTemplates: readonly TemplateName[];
  /** Whether the caseworker follows the model's recommendation in the first decision. */
  readonly assessment: 'followed' | 'departed';
  readonly status?: 'open' | 'closed';
  /** Days after 1 February 2026 the case opened (random when absent). */
  readonly openedAfterDays?: number;
  /** The risk level the first risk assessment must reach (for the named demo citizens). */
  readonly riskLevel?: 'høj' | 'middel' | 'lav';
  /** The recommendation the first rehabilitation assessment must give. */
  readonly rehabAction?: ActionCode;
}

/**
 * A case id that is unique across millions of cases: the PRNG has only 32 bits of state, so ids
 * come from a hash of the citizen's index and the case's ordinal instead.
 */
export function demoCaseId(citizenIndex: number, caseOrdinal: number): string {
  const h = createHash('sha256').update(`indsigt-demo-case:${citizenIndex}:${caseOrdinal}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16] ?? '0', 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The citizen's situation as the models see it, drawn once per case; values that grow with time
 * (weeks on sick leave, months on benefits) grow with the days since the case opened.
 */
interface Situation {
  readonly risk: readonly [number, number, number];
  readonly rehab: readonly [number, number, number];
}

function drawValues(rng: Random, model: ScoringModel): [number, number, number] {
  const [a, b, c] = model.factors.map((f) => rng.int(f.range[0], f.range[1]));
  return [a ?? 0, b ?? 0, c ?? 0];
}

/** Draws a situation; for a named citizen, redraws until the first assessments give the wanted result. */
function drawSituation(rng: Random, plan: CasePlan): Situation {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const situation = { risk: drawValues(rng, RISK_MODEL), rehab: drawValues(rng, REHAB_MODEL) };
    const riskOk =
      plan.riskLevel === undefined || applyModel(RISK_MODEL, situation.risk).band.level === plan.riskLevel;
    const rehabOk =
      plan.rehabAction === undefined ||
      applyModel(REHAB_MODEL, situation.rehab).band.action === plan.rehabAction;
    if (riskOk && rehabOk) return situation;
  }
  throw new Error('no situation gives the wanted assessment');
}

/** The values a model uses `elapsedDays` after the case opened. */
function valuesAt(model: ScoringModel, base: readonly number[], elapsedDays: number): number[] {
  return model.factors.map((f, i) => {
    const start = base[i] ?? 0;
    const grown =
      f.code === 'weeks_on_sick_leave'
        ? start + Math.floor(elapsedDays / 7)
        : f.code === 'months_on_benefits'
          ? start + Math.floor(elapsedDays / 30)
          : start;
    return Math.min(grown, f.range[1] * 2);
  });
}

/** The last recommendation among the events a decision-maker had in front of them. */
interface Recommendation {
  readonly systemId: string;
  readonly action: ActionCode;
}

/** A member of the demo staff as the sealed records copy them. */
function staffSnapshot(id: string): StaffSnapshot {
  let snapshot = staffSnapshots.get(id);
  if (snapshot === undefined) {
    const staff = STAFF.find((s) => s.id === id);
    if (!staff) throw new Error(`no demo staff ${id}`);
    snapshot = deepFreeze({ id: staff.id, name: staff.name, title: staff.title, unit: staff.unit });
    staffSnapshots.set(id, snapshot);
  }
  return snapshot;
}

/**
 * Each member of staff's snapshot, made once and shared (deep-frozen) by every record that names
 * them, like the data-source snapshots and the fixed explanations below: sealedJson writes a
 * deep-frozen part once for all the records it is in (domain/chain.ts).
 */
const staffSnapshots = new Map<string, StaffSnapshot>();

/** Freezes a value and every object inside it; returns it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function systemName(id: string): string {
  const system = AI_SYSTEMS.find((s) => s.id === id);
  if (!system) throw new Error(`no demo AI system ${id}`);
  return system.name;
}

/**
 * The snapshots of a template's sources, made once per template: events of one template share the
 * list (read-only), so a bulk writer can encode it once (seed-batch.ts).
 */
const snapshotsOf = new Map<readonly Source[], readonly SourceSnapshot[]>();

function sourceSnapshots(sources: readonly Source[]): readonly SourceSnapshot[] {
  let snapshots = snapshotsOf.get(sources);
  if (snapshots === undefined) {
    snapshots = deepFreeze(makeSourceSnapshots(sources));
    snapshotsOf.set(sources, snapshots);
  }
  return snapshots;
}

function makeSourceSnapshots(sources: readonly Source[]): SourceSnapshot[] {
  return sources.map((s) => {
    const source = DATA_SOURCES.find((d) => d.id === s.dataSourceId);
    if (!source) throw new Error(`no demo data source ${s.dataSourceId}`);
    return {
      dataSourceId: s.dataSourceId,
      name: source.name,
      ownerAuthority: source.ownerAuthority,
      categories: s.categories,
    };
  });
}

/**
 * Builds one case: a timeline of AI events and decisions in time order; once its final facts are known,
 * its sealed header, whose hash is the genesis of the chain each record is then appended to.
 */
function buildCase(
  rng: Random,
  citizenIndex: number,
  citizenCpr: string,
  caseOrdinal: number,
  plan: CasePlan,
): GeneratedCase {
  const id = demoCaseId(citizenIndex, caseOrdinal);
  const opened = CASES_FROM + (plan.openedAfterDays ?? rng.int(0, 120)) * DAY;
  const caseworker = staffSnapshot(rng.pick(AREA_STAFF[plan.area]));
  const status = plan.status ?? (rng.chance(0.4) ? 'closed' : 'open');
  const situation = drawSituation(rng, plan);
  let seq = 0;
  let clock = opened;
  // The records in chain order; hashed at the end, once the header (the chain's genesis) is known.
  const events: AiEventContent[] = [];
  const pending: (AiEventContent | DecisionContent)[] = [];
  const recommendations = new Map<number, Recommendation>();

  const appendEvent = (content: Omit<AiEventContent, 'type' | 'caseId' | 'seq' | 'systemName'>): void => {
    seq += 1;
    const full: AiEventContent = {
      type: 'ai_event',
      caseId: id,
      seq,
      systemName: systemName(content.systemId),
      ...content,
    };
    events.push(full);
    pending.push(full);
  };
  const appendDecision = (content: Omit<DecisionContent, 'type' | 'caseId' | 'seq'>): void => {
    seq += 1;
    pending.push({ type: 'decision', caseId: id, seq, ...content });
  };

  // 1. The AI events before the first decision, in the order the plan names them.
  const training = plan.eventTemplates.includes('training');
  for (const name of plan.eventTemplates) {
    if (name === 'training') continue;
    clock += rng.int(1, 10) * DAY;
    const occurredAt = officeTime(rng, clock);
    const elapsed = Math.floor((clock - opened) / DAY);
    if (name === 'reuse') {
      // §1 stk. 5: a reuse needs an earlier assessment to reuse; it names the new purpose and the origin.
      const origin = events.filter((e) => RECOMMENDING_KINDS.has(e.kind as AiEventKind)).at(-1);
      const version = origin ? versionOn(origin.systemId, clock) : null;
      if (!origin || version === null) continue;
      appendEvent({
        occurredAt,
        systemId: origin.systemId,
        systemVersion: version,
        kind: 'reuse',
        purposeCode: 'reuse_for_follow_up',
        purposeNote: `Nyt formål: planlægning af opfølgningen. Oplysningerne stammer fra vurderingen den ${daDate(origin.occurredAt)} (punkt ${origin.seq} i denne sag).`,
        output: 'Oplysninger fra en tidligere vurdering blev brugt igen ved opfølgningen.',
        staff: caseworker,
        dataReused: true,
        usedForTraining: false,
        sources: origin.sources,
        en: {
          purposeNote: `New purpose: planning the follow-up. The information comes from the assessment of ${enDate(origin.occurredAt)} (item ${origin.seq} in this case).`,
          output: 'Information from an earlier assessment was used again at the follow-up.',
        },
      });
      continue;
    }
    const systemId = SYSTEM_OF[name];
    const version = versionOn(systemId, clock);
    if (version === null) continue; // not in use that day (the mail sorter retired 30 June 2026)
    const base = { occurredAt, systemId, systemVersion: version, purposeNote: null, staff: caseworker };
    const flags = { dataReused: false, usedForTraining: false, sources: sourceSnapshots(SOURCES[name]) };
    if (name === 'risk' || name === 'rehab') {
      const model = name === 'risk' ? RISK_MODEL : REHAB_MODEL;
      const scored = applyModel(
        model,
        valuesAt(model, name === 'risk' ? situation.risk : situation.rehab, elapsed),
      );
      const { band } = scored;
      const output =
        name === 'risk'
          ? {
              da: `Risiko for langvarigt sygefravær: ${band.level} (score ${formatScore(scored.score, 'da')}). Forslag: ${band.actionText}.`,
              en: `Risk of long-term sick leave: ${band.levelEn} (score ${formatScore(scored.score, 'en')}). Suggestion: ${band.actionTextEn}.`,
            }
          : {
              da: `Anbefaling: ${band.actionText} (score ${formatScore(scored.score, 'da')}, ${band.level}).`,
              en: `Recommendation: ${band.actionTextEn} (score ${formatScore(scored.score, 'en')}, ${band.levelEn}).`,
            };
      appendEvent({
        ...base,
        ...flags,
        kind: name === 'risk' ? 'profiling' : 'prediction',
        purposeCode: name === 'risk' ? 'assess_long_term_sick_leave_risk' : 'assess_rehabilitation_need',
        output: output.da,
        explanation: scored.explanation,
        en: { output: output.en },
      });
      recommendations.set(seq, { systemId, action: band.action });
    } else if (name === 'summary') {
      const docs = rng.int(2, 7);
      const weeks = rng.int(4, 16);
      appendEvent({
        ...base,
        ...flags,
        kind: 'summarisation',
        purposeCode: 'summarise_medical_documents',
        output: `Resumé af ${docs} lægelige dokumenter: behandling i gang; forventet delvis raskmelding om ${weeks} uger.`,
        explanation: EXPLANATIONS.summary,
        en: {
          output: `Summary of ${docs} medical documents: treatment under way; partial return to work expected in ${weeks} weeks.`,
        },
      });
    } else if (name === 'transcript') {
      const minutes = rng.int(15, 55);
      appendEvent({
        ...base,
        ...flags,
        kind: 'transcription',
        purposeCode: 'transcribe_meeting_notes',
        output: `Samtalenotat fra opfølgningssamtale (${minutes} min.) skrevet ud og godkendt af sagsbehandleren.`,
        explanation: EXPLANATIONS.transcript,
        en: {
          output: `Note of a follow-up meeting (${minutes} min.) transcribed and approved by the caseworker.`,
        },
      });
    } else {
      const cls = rng.pick(MAIL_CLASSES);
      appendEvent({
        ...base,
        ...flags,
        kind: 'classification',
        purposeCode: 'classify_incoming_mail',
        output: `Indgående post sorteret som: ${cls.da}`,
        explanation: EXPLANATIONS.mail,
        en: { output: `Incoming mail sorted as: ${cls.en}` },
      });
    }
  }

  // 2. The decision: following means doing what the last recommendation in front of the caseworker said.
  clock += rng.int(2, 20) * DAY;
  const considered = events.filter((e) => !e.usedForTraining).map((e) => e.seq);
  const lastRecommendation = considered
    .map((s) => recommendations.get(s))
    .filter((r): r is Recommendation => r !== undefined)
    .at(-1);
  const outcomes = OUTCOMES[plan.area];
  let assessment: AiAssessment;
  let chosen: OutcomeTemplate;
  let departure: { readonly da: string; readonly en: string } | null = null;
  if (lastRecommendation) {
    const recommended = outcomes.find((o) => o.action === lastRecommendation.action);
    if (!recommended) throw new Error(`no ${plan.area} outcome for ${lastRecommendation.action}`);
    const others = outcomes.filter((o) => o.action !== lastRecommendation.action);
    if (plan.assessment === 'departed' && others.length > 0) {
      assessment = 'departed';
      chosen = rng.pick(others);
      departure = rng.pick(DEPARTURE_REASONS[lastRecommendation.systemId] ?? []);
    } else {
      assessment = 'followed';
      chosen = recommended;
    }
  } else {
    assessment = considered.length > 0 ? 'checked' : 'no_ai';
    chosen = rng.pick(outcomes);
  }
  appendDecision({
    decidedAt: officeTime(rng, clock),
    outcome: chosen.da.outcome,
    reasons: chosen.da.reasons,
    decidedBy: caseworker,
    consideredEventSeqs: considered,
    aiAssessment: assessment,
    departureReason: departure?.da ?? null,
    appealBody: 'Ankestyrelsen',
    appealDeadlineWeeks: 4,
    en: departure ? { ...chosen.en, departureReason: departure.en } : chosen.en,
  });

  // 3. A closed case ends with a closing decision, made without AI.
  let closedAt: number | null = null;
  if (status === 'closed') {
    clock += rng.int(5, 30) * DAY;
    const closing = CLOSING[plan.area];
    appendDecision({
      decidedAt: officeTime(rng, clock),
      outcome: closing.da.outcome,
      reasons: closing.da.reasons,
      decidedBy: caseworker,
      consideredEventSeqs: [],
      aiAssessment: 'no_ai',
      departureReason: null,
      appealBody: 'Ankestyrelsen',
      appealDeadlineWeeks: 4,
      en: closing.en,
    });
    closedAt = clock;
  }

  // 4. Training uses only closed cases (the rehabilitation notice's own rule), after they closed,
  // and only cases the model was used on; the event names the new purpose and the data's origin.
  const rehabUsed = events.some((e) => e.systemId === REHAB_MODEL.systemId && e.kind === 'prediction');
  if (training && closedAt !== null && rehabUsed) {
    clock += rng.int(1, 2) * DAY;
    const version = versionOn(REHAB_MODEL.systemId, clock);
    if (version !== null) {
      const closedOn = new Date(closedAt);
      appendEvent({
        occurredAt: officeTime(rng, clock),
        systemId: REHAB_MODEL.systemId,
        systemVersion: version,
        kind: 'training',
        purposeCode: 'improve_model',
        purposeNote: `Nyt formål: træning af en ny version af modellen. Oplysningerne stammer fra denne sag, som blev afsluttet den ${daDate(closedOn)}.`,
        output: 'Sagens oplysninger indgik uden navn og CPR-nummer i træningen af en ny version af modellen.',
        staff: null,
        dataReused: false,
        usedForTraining: true,
        sources: sourceSnapshots(TRAINING_SOURCES),
        en: {
          purposeNote: `New purpose: training a new version of the model. The information comes from this case, which was closed on ${enDate(closedOn)}.`,
          output:
            'The information in the case was used, without name and CPR number, to train a new version of the model.',
        },
      });
    }
  }

  const title = rng.pick(AREA_TITLES[plan.area]);
  const row: CaseRow = {
    id,
    // Unique per citizen and case, and free of anything from the CPR number.
    caseNumber: `${AREA_PREFIX[plan.area]}-2026-${String(citizenIndex + 1).padStart(7, '0')}-${caseOrdinal + 1}`,
    area: plan.area,
    title: title.da,
    titleEn: title.en,
    status,
    openedOn: isoDay(opened),
    closedOn: closedAt === null ? null : isoDay(closedAt),
    citizenCpr,
  };
  const sealContent = caseSealContent(row, MUNICIPALITY.code, 1);
  const seal: CaseSealRow = { ...sealContent, prevHash: null, hash: computeRecordHash(null, sealContent) };
  const hashedEvents: EventRow[] = [];
  const decisions: DecisionRow[] = [];
  let prevHash: string = seal.hash;
  for (const content of pending) {
    const hash = computeRecordHash(prevHash, content);
    if (content.type === 'ai_event') hashedEvents.push({ ...content, prevHash, hash });
    else decisions.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return { row, seal, events: hashedEvents, decisions };
}

/** The sealed header of a case row (`version` 1 when the case is first written). */
export function caseSealContent(row: CaseRow, municipalityCode: string, version: number): CaseContent {
  return {
    type: 'case',
    caseId: row.id,
    version,
    municipalityCode,
    caseNumber: row.caseNumber,
    citizenCpr: row.citizenCpr,
    area: row.area,
    title: row.title,
    titleEn: row.titleEn,
    status: row.status,
    openedOn: row.openedOn,
    closedOn: row.closedOn,
  };
}

/** A random plan: 1-3 cases; 80 % of them used AI, with 4-10 events (about 10 events a citizen). */
function randomPlans(rng: Random): CasePlan[] {
  const areas: readonly CaseArea[] = [
    'sickness_benefit',
    'sickness_benefit',
    'cash_benefit',
    'job_clarification',
    'rehabilitation',
    'flex_job',
  ];
  return Array.from({ length: rng.int(1, 3) }, () => {
    const area = rng.pick(areas);
    const usesAi = rng.chance(0.8);
    const eventTemplates: TemplateName[] = usesAi
      ? Array.from({ length: rng.int(5, 10) }, () => rng.pick(AREA_TEMPLATES[area]))
      : [];
    if (usesAi && rng.chance(0.05)) eventTemplates.push(rng.pick(['reuse', 'training'] as const));
    return { area, eventTemplates, assessment: rng.chance(0.12) ? 'departed' : 'followed' };
  });
}

interface SpecialCitizen {
  readonly sex: 'female' | 'male';
  readonly givenName: string;
  readonly familyName: string;
  readonly plans: readonly CasePlan[];
  readonly requests?: readonly DemoRequestPlan[];
}

/**
 * The demo world's named test citizens, listed in the README: AI used and followed; no AI at all;
 * a caseworker who departed from the AI recommendation; a request under way; reuse and training.
 */
export const SPECIAL_CITIZENS: readonly SpecialCitizen[] = [
  {
    sex: 'female',
    givenName: 'Mette',
    familyName: 'Sørensen',
    plans: [
      {
        area: 'sickness_benefit',
        eventTemplates: ['mail', 'risk', 'summary', 'transcript'],
        assessment: 'followed',
        status: 'open',
        openedAfterDays: 29,
        riskLevel: 'middel',
      },
      {
        area: 'job_clarification',
        eventTemplates: ['transcript'],
        assessment: 'followed',
        status: 'closed',
        openedAfterDays: 10,
      },
    ],
    requests: [
      {
        // Answered by a named caseworker.
        caseIndex: 0,
        kind: 'explanation',
        aboutSystem: 'sygefravaer-risiko',
        dataSourceId: null,
        message: 'Hvorfor vurderede systemet, at jeg har høj risiko for at være sygemeldt længe?',
        receivedDaysAgo: 52,
        steps: [
          { daysAgo: 51, action: 'take' },
          {
            daysAgo: 33,
            action: 'answer',
            text: 'Systemet så på din indkomst, dine tidligere sygeperioder og notater i sagen. Det gav en høj score, fordi du har haft to lange sygeperioder. Vi brugte scoren som ét af flere hensyn; afgørelsen traf en sagsbehandler ud fra hele din sag.',
            reassessedBy: null,
            outcome: null,
          },
        ],
      },
      {
        // A correction forwarded to the data's owner.
        caseIndex: 0,
        kind: 'correction',
        aboutSystem: 'sygefravaer-risiko',
        dataSourceId: 'eindkomst',
        message:
          'Min indkomst for marts er forkert. Jeg fik løn fra to arbejdsgivere, men kun den ene står der.',
        receivedDaysAgo: 20,
        steps: [
          { daysAgo: 19, action: 'take' },
          { daysAgo: 15, action: 'forward', note: 'Borgeren oplyser en manglende indberetning for marts.' },
        ],
      },
      {
        // Overdue: taken, but the deadline passed without an answer.
        caseIndex: 0,
        kind: 'explanation',
        aboutSystem: 'laegeresume',
        dataSourceId: null,
        message: 'Hvad stod der i resuméet af mine lægepapirer?',
        receivedDaysAgo: 45,
        steps: [{ daysAgo: 44, action: 'take' }],
      },
      {
        // Received, not yet taken.
        caseIndex: 0,
        kind: 'reassessment',
        aboutSystem: null,
        dataSourceId: null,
        message: 'Jeg vil gerne have, at en medarbejder ser på afgørelsen om mine sygedagpenge igen.',
        receivedDaysAgo: 1,
        steps: [],
      },
    ],
  },
  {
    sex: 'male',
    givenName: 'Jens',
    familyName: 'Kristensen',
    plans: [
      {
        area: 'cash_benefit',
        eventTemplates: [],
        assessment: 'followed',
        status: 'open',
        openedAfterDays: 92,
      },
    ],
  },
  {
    sex: 'female',
    givenName: 'Amira',
    familyName: 'Hassan',
    plans: [
      {
        area: 'rehabilitation',
        eventTemplates: ['rehab', 'summary', 'transcript'],
        assessment: 'departed',
        status: 'open',
        openedAfterDays: 43,
        rehabAction: 'refer_rehab_team',
      },
    ],
    requests: [
      {
        // Extended, with the reason.
        caseIndex: 0,
        kind: 'objection',
        aboutSystem: 'rehab-behov',
        dataSourceId: null,
        message: 'Jeg vil ikke have, at et program vurderer mit behov for rehabilitering.',
        receivedDaysAgo: 25,
        steps: [
          { daysAgo: 24, action: 'take' },
          {
            daysAgo: 10,
            action: 'extend',
            months: 2,
            reason: 'Vi skal have en udtalelse fra rehabiliteringsteamet, før vi kan svare dig.',
          },
        ],
      },
    ],
  },
  {
    sex: 'male',
    givenName: 'Lars',
    familyName: 'Poulsen',
    plans: [
      {
        area: 'sickness_benefit',
        eventTemplates: ['risk', 'summary'],
        assessment: 'followed',
        status: 'open',
        openedAfterDays: 71,
        riskLevel: 'høj',
      },
    ],
    requests: [
      {
        // Under way.
        caseIndex: 0,
        kind: 'reassessment',
        aboutSystem: 'sygefravaer-risiko',
        dataSourceId: null,
        message: 'Jeg er uenig i risikovurderingen og beder om, at en sagsbehandler ser på min sag igen.',
        receivedDaysAgo: 6,
        steps: [{ daysAgo: 5, action: 'take' }],
      },
    ],
  },
  {
    sex: 'female',
    givenName: 'Birgitte',
    familyName: 'Holm',
    plans: [
      {
        area: 'rehabilitation',
        eventTemplates: ['rehab', 'summary', 'reuse', 'training'],
        assessment: 'followed',
        status: 'closed',
        openedAfterDays: 36,
      },
    ],
    requests: [
      {
        // Refused, with reasons (and how to complain to Datatilsynet, on the page).
        caseIndex: 0,
        kind: 'objection',
        aboutSystem: 'rehab-behov',
        dataSourceId: null,
        message: 'Mine oplysninger må ikke bruges til at træne modellen.',
        receivedDaysAgo: 40,
        steps: [
          { daysAgo: 39, action: 'take' },
          {
            daysAgo: 35,
            action: 'refuse',
            reasons:
              'Dine oplysninger indgik i træningen i august, før du skrev til os, og uden navn og CPR-nummer. Vi kan ikke fjerne dem fra en model, der allerede er lavet. Nye versioner trænes ikke med dine oplysninger.',
          },
        ],
      },
    ],
  },
];

/** Citizen number `index` of the demo world (0-based). Deterministic. */
export function generateCitizen(index: number): GeneratedCitizen {
  const rng = createRandom(seedFor(index));
  const special = SPECIAL_CITIZENS[index];
  const cpr = demoCpr(index, rng, special?.sex);
  const male = Number(cpr[9]) % 2 === 1;
  const citizen: CitizenRow = special
    ? { cpr, givenName: special.givenName, familyName: special.familyName }
    : {
        cpr,
        givenName: rng.pick(male ? GIVEN_NAMES_MALE : GIVEN_NAMES_FEMALE),
        familyName: rng.pick(FAMILY_NAMES),
      };
  const plans = special?.plans ?? randomPlans(rng);
  return {
    citizen,
    cases: plans.map((plan, i) => buildCase(rng, index, cpr, i, plan)),
    requests: special?.requests ?? [],
  };
}

/** The municipality the demo world belongs to. */
export const DEMO_MUNICIPALITY_CODE = MUNICIPALITY.code;
