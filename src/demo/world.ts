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
import type { CaseworkerInput, RequestKind } from '../domain/citizen-request.ts';
import type { AiAssessment, AiEventKind, CaseArea } from '../domain/types.ts';
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
const DEMO_TODAY = Date.UTC(2026, 10, 1);

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

const AREA_TITLES: Record<CaseArea, readonly string[]> = {
  sickness_benefit: ['Opfølgning på sygedagpenge', 'Forlængelse af sygedagpenge'],
  cash_benefit: ['Ansøgning om kontanthjælp', 'Revurdering af kontanthjælp'],
  job_clarification: ['Jobafklaringsforløb'],
  rehabilitation: ['Forelæggelse for rehabiliteringsteamet', 'Ressourceforløb'],
  flex_job: ['Visitation til fleksjob'],
};

const AREA_PREFIX: Record<CaseArea, string> = {
  sickness_benefit: 'SDP',
  cash_benefit: 'KTH',
  job_clarification: 'JAF',
  rehabilitation: 'REH',
  flex_job: 'FLX',
};

const OUTCOMES: Record<CaseArea, readonly { outcome: string; reasons: string }[]> = {
  sickness_benefit: [
    {
      outcome: 'Dine sygedagpenge forlænges i op til 22 uger.',
      reasons:
        'Din læge vurderer, at du kan vende tilbage til arbejdet inden for 134 uger, jf. sygedagpengelovens § 27, stk. 1, nr. 1.',
    },
    {
      outcome: 'Du skal have en plan for tilbagevenden til arbejdet med delvis raskmelding.',
      reasons: 'Du og din arbejdsgiver har aftalt nedsat tid, og din læge støtter det.',
    },
  ],
  cash_benefit: [
    {
      outcome: 'Du får kontanthjælp fra den dag, du søgte.',
      reasons: 'Du opfylder betingelserne i lov om aktiv socialpolitik § 11.',
    },
    {
      outcome: 'Din kontanthjælp fortsætter uændret.',
      reasons: 'Der er ikke sket ændringer i dine forhold, som påvirker din hjælp.',
    },
  ],
  job_clarification: [
    {
      outcome: 'Dit jobafklaringsforløb forlænges med 6 måneder.',
      reasons: 'Din behandling er ikke afsluttet, og du kan endnu ikke vende tilbage til arbejdet.',
    },
  ],
  rehabilitation: [
    {
      outcome: 'Din sag forelægges for rehabiliteringsteamet.',
      reasons: 'Du har komplekse problemer ud over ledighed, og en samlet plan kan hjælpe dig videre.',
    },
    {
      outcome: 'Du får et ressourceforløb i 2 år.',
      reasons: 'Rehabiliteringsteamet anbefaler et ressourceforløb, og vi er enige i anbefalingen.',
    },
  ],
  flex_job: [
    {
      outcome: 'Du kan ansættes i fleksjob.',
      reasons: 'Din arbejdsevne er varigt og væsentligt nedsat, jf. lov om en aktiv beskæftigelsesindsats.',
    },
  ],
};

const DEPARTURE_REASONS = [
  'Den automatiske vurdering tog ikke højde for, at du er startet i behandling, som ifølge din læge virker.',
  'Oplysningerne fra din samtale med mig viser et andet billede end vurderingen, som byggede på ældre oplysninger.',
  'Vurderingen lagde vægt på din indkomsthistorik, men den siger ikke noget om din nuværende situation.',
];

const RISK_LEVELS = ['lav', 'middel', 'høj'] as const;
const MAIL_CLASSES = [
  'Lægeerklæring',
  'Ansøgning',
  'Svar på partshøring',
  'Dokumentation for jobsøgning',
] as const;
const RECOMMENDATIONS = [
  'Forelæg for rehabiliteringsteamet',
  'Jobafklaringsforløb',
  'Ingen ændring i indsatsen',
] as const;

interface EventTemplate {
  readonly systemId: string;
  readonly kind: AiEventKind;
  readonly purposeCode: string;
  readonly output: (rng: Random) => string;
  readonly sources: readonly { readonly dataSourceId: string; readonly categories: readonly string[] }[];
  readonly dataReused?: boolean;
  readonly usedForTraining?: boolean;
}

const TEMPLATES = {
  risk: {
    systemId: 'sygefravaer-risiko',
    kind: 'profiling',
    purposeCode: 'assess_long_term_sick_leave_risk',
    output: (rng) =>
      `Risiko for langvarigt sygefravær: ${rng.pick(RISK_LEVELS)} (score ${rng.int(5, 95) / 100})`,
    sources: [
      { dataSourceId: 'cpr', categories: ['identity'] },
      { dataSourceId: 'eindkomst', categories: ['income', 'employment'] },
      { dataSourceId: 'dream', categories: ['benefit_history'] },
      { dataSourceId: 'case_documents', categories: ['case_notes'] },
    ],
  },
  summary: {
    systemId: 'laegeresume',
    kind: 'summarisation',
    purposeCode: 'summarise_medical_documents',
    output: (rng) =>
      `Resumé af ${rng.int(2, 7)} lægelige dokumenter: behandling i gang; forventet delvis raskmelding om ${rng.int(4, 16)} uger.`,
    sources: [{ dataSourceId: 'medical_certificates', categories: ['health'] }],
  },
  transcript: {
    systemId: 'tale-til-tekst',
    kind: 'transcription',
    purposeCode: 'transcribe_meeting_notes',
    output: (rng) =>
      `Samtalenotat fra opfølgningssamtale (${rng.int(15, 55)} min.) skrevet ud og godkendt af sagsbehandleren.`,
    sources: [{ dataSourceId: 'own_statements', categories: ['own_statements'] }],
  },
  mail: {
    systemId: 'postsortering',
    kind: 'classification',
    purposeCode: 'classify_incoming_mail',
    output: (rng) => `Indgående post sorteret som: ${rng.pick(MAIL_CLASSES)}`,
    sources: [{ dataSourceId: 'case_documents', categories: ['correspondence'] }],
  },
  rehab: {
    systemId: 'rehab-behov',
    kind: 'prediction',
    purposeCode: 'assess_rehabilitation_need',
    output: (rng) => `Anbefaling: ${rng.pick(RECOMMENDATIONS)} (sikkerhed ${rng.int(55, 92)} %)`,
    sources: [
      { dataSourceId: 'cpr', categories: ['identity', 'family'] },
      { dataSourceId: 'case_documents', categories: ['case_notes'] },
      { dataSourceId: 'medical_certificates', categories: ['health'] },
      { dataSourceId: 'jobnet', categories: ['cv', 'job_search'] },
    ],
  },
  reuse: {
    systemId: 'sygefravaer-risiko',
    kind: 'reuse',
    purposeCode: 'reuse_for_follow_up',
    output: () => 'Oplysninger fra en tidligere risikovurdering blev brugt igen ved opfølgningen.',
    sources: [{ dataSourceId: 'case_documents', categories: ['case_notes'] }],
    dataReused: true,
  },
  training: {
    systemId: 'rehab-behov',
    kind: 'training',
    purposeCode: 'improve_model',
    output: () =>
      'Sagens oplysninger indgik uden navn og CPR-nummer i træningen af en ny version af modellen.',
    sources: [
      { dataSourceId: 'case_documents', categories: ['case_notes'] },
      { dataSourceId: 'medical_certificates', categories: ['health'] },
    ],
    usedForTraining: true,
  },
} satisfies Record<string, EventTemplate>;

type TemplateName = keyof typeof TEMPLATES;

const AREA_TEMPLATES: Record<CaseArea, readonly TemplateName[]> = {
  sickness_benefit: ['risk', 'summary', 'transcript', 'mail', 'risk', 'summary'],
  cash_benefit: ['transcript', 'mail', 'transcript'],
  job_clarification: ['summary', 'transcript', 'rehab', 'mail'],
  rehabilitation: ['rehab', 'summary', 'transcript', 'mail'],
  flex_job: ['summary', 'transcript', 'rehab'],
};

/** The version of a system in use on a date (the demo systems' release dates). */
function versionOn(systemId: string, at: number): string {
  const versions: Record<string, readonly [string, number][]> = {
    'sygefravaer-risiko': [
      ['2.1', Date.UTC(2026, 5, 15)],
      ['2.0', 0],
    ],
    laegeresume: [['1.4', 0]],
    'tale-til-tekst': [['3.2', 0]],
    postsortering: [['1.0', 0]],
    'rehab-behov': [
      ['1.1', Date.UTC(2026, 7, 1)],
      ['1.0', 0],
    ],
  };
  const match = (versions[systemId] ?? []).find(([, from]) => at >= from);
  if (!match) throw new Error(`no version of ${systemId}`);
  return match[0];
}

/** Working-hours time on the day `at` falls on. */
function officeTime(rng: Random, day: number): Date {
  return new Date(Math.floor(day / DAY) * DAY + (7 * 60 + rng.int(0, 8 * 60)) * 60_000);
}

interface CasePlan {
  readonly area: CaseArea;
  readonly eventTemplates: readonly TemplateName[];
  readonly assessment: 'followed' | 'departed';
  readonly status?: 'open' | 'closed';
}

/**
 * A case id that is unique across millions of cases: the PRNG has only 32 bits of state, so ids
 * come from a hash of the citizen's index and the case's ordinal instead.
 */
export function demoCaseId(citizenIndex: number, caseOrdinal: number): string {
  const h = createHash('sha256').update(`indsigt-demo-case:${citizenIndex}:${caseOrdinal}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16] ?? '0', 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A member of the demo staff as the sealed records copy them. */
function staffSnapshot(id: string): StaffSnapshot {
  const staff = STAFF.find((s) => s.id === id);
  if (!staff) throw new Error(`no demo staff ${id}`);
  return { id: staff.id, name: staff.name, title: staff.title, unit: staff.unit };
}

function systemName(id: string): string {
  const system = AI_SYSTEMS.find((s) => s.id === id);
  if (!system) throw new Error(`no demo AI system ${id}`);
  return system.name;
}

function sourceSnapshots(sources: EventTemplate['sources']): SourceSnapshot[] {
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

/** Builds one case: its sealed header, then events and decisions, each appended to its hash chain. */
function buildCase(
  rng: Random,
  citizenIndex: number,
  citizenCpr: string,
  caseOrdinal: number,
  plan: CasePlan,
): GeneratedCase {
  const id = demoCaseId(citizenIndex, caseOrdinal);
  const opened = CASES_FROM + rng.int(0, 200) * DAY;
  const staffIds = AREA_STAFF[plan.area];
  const caseworker = staffSnapshot(rng.pick(staffIds));
  // Filled in once the case's final facts are known; the header's hash is the chain's genesis.
  const events: EventRow[] = [];
  const pending: { content: AiEventContent | DecisionContent }[] = [];
  let seq = 0;
  let clock = opened;

  for (const name of plan.eventTemplates) {
    const template: EventTemplate = TEMPLATES[name];
    clock += rng.int(1, 12) * DAY;
    // The retired mail sorter ran only until it was retired (30 June 2026).
    if (template.systemId === 'postsortering' && clock > Date.UTC(2026, 5, 30)) continue;
    const occurredAt = officeTime(rng, clock);
    seq += 1;
    const content: AiEventContent = {
      type: 'ai_event',
      caseId: id,
      seq,
      occurredAt,
      systemId: template.systemId,
      systemName: systemName(template.systemId),
      systemVersion: versionOn(template.systemId, occurredAt.getTime()),
      kind: template.kind,
      purposeCode: template.purposeCode,
      purposeNote: null,
      output: template.output(rng),
      staff: template.kind === 'training' ? null : caseworker,
      dataReused: template.dataReused ?? false,
      usedForTraining: template.usedForTraining ?? false,
      sources: sourceSnapshots(template.sources),
    };
    pending.push({ content });
  }

  const decisions: DecisionRow[] = [];
  const considered = pending.flatMap(({ content }) =>
    content.type === 'ai_event' && content.kind !== 'training' ? [content.seq] : [],
  );
  const decisionCount = rng.chance(0.3) ? 2 : 1;
  for (let d = 0; d < decisionCount; d += 1) {
    clock += rng.int(2, 20) * DAY;
    if (clock > DEMO_TODAY && d > 0) break;
    const { outcome, reasons } = rng.pick(OUTCOMES[plan.area]);
    const assessment: AiAssessment =
      considered.length === 0 ? 'no_ai' : d === 0 ? plan.assessment : 'followed';
    seq += 1;
    const content: DecisionContent = {
      type: 'decision',
      caseId: id,
      seq,
      decidedAt: officeTime(rng, Math.min(clock, DEMO_TODAY)),
      outcome,
      reasons,
      decidedBy: caseworker,
      consideredEventSeqs: considered,
      aiAssessment: assessment,
      departureReason: assessment === 'departed' ? rng.pick(DEPARTURE_REASONS) : null,
      appealBody: 'Ankestyrelsen',
      appealDeadlineWeeks: 4,
    };
    pending.push({ content });
  }

  const status = plan.status ?? (rng.chance(0.4) ? 'closed' : 'open');
  const openedOn = new Date(opened).toISOString().slice(0, 10);
  const lastDecision = pending.findLast(({ content }) => content.type === 'decision')?.content;
  const row: CaseRow = {
    id,
    // Unique per citizen and case, and free of anything from the CPR number.
    caseNumber: `${AREA_PREFIX[plan.area]}-2026-${String(citizenIndex + 1).padStart(7, '0')}-${caseOrdinal + 1}`,
    area: plan.area,
    title: rng.pick(AREA_TITLES[plan.area]),
    status,
    openedOn,
    closedOn:
      status === 'closed' && lastDecision?.type === 'decision'
        ? lastDecision.decidedAt.toISOString().slice(0, 10)
        : null,
    citizenCpr,
  };
  const sealContent = caseSealContent(row, MUNICIPALITY.code, 1);
  const seal: CaseSealRow = { ...sealContent, prevHash: null, hash: computeRecordHash(null, sealContent) };
  let prevHash: string = seal.hash;
  for (const { content } of pending) {
    const hash = computeRecordHash(prevHash, content);
    if (content.type === 'ai_event') events.push({ ...content, prevHash, hash });
    else decisions.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return { row, seal, events, decisions };
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
      ? Array.from({ length: rng.int(4, 10) }, () => rng.pick(AREA_TEMPLATES[area]))
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
      },
      { area: 'job_clarification', eventTemplates: ['transcript'], assessment: 'followed', status: 'closed' },
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
    plans: [{ area: 'cash_benefit', eventTemplates: [], assessment: 'followed', status: 'open' }],
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
