/**
 * The fixed part of the demo world: a fictional municipality, its caseworkers, the information
 * sources personal data comes from, and five AI systems modelled on real public-sector uses.
 * Everything here is synthetic; any likeness to real people is accidental.
 */
import type { ProcessingKind } from '../domain/types.ts';

export const MUNICIPALITY = {
  code: '999',
  name: 'Egebæk Kommune',
  address: 'Rådhuspladsen 1, 9999 Egebæk',
  contactEmail: 'jobcenter@egebaek.example.dk',
  contactPhone: '+45 99 99 99 99',
  dpoName: 'Databeskyttelsesrådgiver Hanne Lund',
  dpoEmail: 'dpo@egebaek.example.dk',
  cvr: '99999999',
  websiteUrl: 'https://egebaek.example.dk',
} as const;

export interface StaffSeed {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly unit: string;
}

/** Caseworkers and front-desk staff of Jobcenter Egebæk. */
export const STAFF: readonly StaffSeed[] = [
  { id: 'egb-0101', name: 'Karen Mikkelsen', title: 'Sagsbehandler', unit: 'Jobcenter Egebæk, Sygedagpenge' },
  { id: 'egb-0102', name: 'Thomas Bach', title: 'Socialrådgiver', unit: 'Jobcenter Egebæk, Sygedagpenge' },
  {
    id: 'egb-0103',
    name: 'Louise Frederiksen',
    title: 'Sagsbehandler',
    unit: 'Jobcenter Egebæk, Kontanthjælp',
  },
  { id: 'egb-0104', name: 'Ahmed Yilmaz', title: 'Jobkonsulent', unit: 'Jobcenter Egebæk, Kontanthjælp' },
  {
    id: 'egb-0105',
    name: 'Sofie Lauridsen',
    title: 'Socialrådgiver',
    unit: 'Jobcenter Egebæk, Rehabilitering',
  },
  { id: 'egb-0106', name: 'Morten Dahl', title: 'Teamleder', unit: 'Jobcenter Egebæk, Rehabilitering' },
  { id: 'egb-0107', name: 'Pernille Skov', title: 'Sagsbehandler', unit: 'Jobcenter Egebæk, Jobafklaring' },
  { id: 'egb-0108', name: 'Rasmus Vestergaard', title: 'Sagsbehandler', unit: 'Jobcenter Egebæk, Fleksjob' },
  { id: 'egb-0201', name: 'Camilla Juhl', title: 'Borgerservicemedarbejder', unit: 'Borgerservice Egebæk' },
  { id: 'egb-0301', name: 'Henrik Bisgaard', title: 'Kommunikationskonsulent', unit: 'Digitalisering og IT' },
];

export interface DataSourceSeed {
  readonly id: string;
  readonly name: string;
  readonly ownerAuthority: string;
  readonly categories: readonly string[];
  readonly en: { readonly name: string; readonly ownerAuthority: string };
}

/** Information sources personal data is obtained from (§2 stk. 1), and their owners. */
export const DATA_SOURCES: readonly DataSourceSeed[] = [
  {
    id: 'cpr',
    name: 'CPR-registeret',
    ownerAuthority: 'CPR-kontoret',
    categories: ['identity', 'address', 'family'],
    en: { name: 'The CPR register', ownerAuthority: 'The CPR Office' },
  },
  {
    id: 'eindkomst',
    name: 'eIndkomst',
    ownerAuthority: 'Skattestyrelsen',
    categories: ['income', 'employment'],
    en: { name: 'eIndkomst (the income register)', ownerAuthority: 'The Danish Tax Agency' },
  },
  {
    id: 'dream',
    name: 'DREAM (forløbsdata om offentlige ydelser)',
    ownerAuthority: 'Styrelsen for Arbejdsmarked og Rekruttering (STAR)',
    categories: ['benefit_history'],
    en: {
      name: 'DREAM (history of public benefits)',
      ownerAuthority: 'The Danish Agency for Labour Market and Recruitment (STAR)',
    },
  },
  {
    id: 'jobnet',
    name: 'Jobnet',
    ownerAuthority: 'Styrelsen for Arbejdsmarked og Rekruttering (STAR)',
    categories: ['cv', 'job_search'],
    en: { name: 'Jobnet', ownerAuthority: 'The Danish Agency for Labour Market and Recruitment (STAR)' },
  },
  {
    id: 'case_documents',
    name: 'Sagens dokumenter',
    ownerAuthority: 'Egebæk Kommune',
    categories: ['case_notes', 'correspondence'],
    en: { name: 'Documents in the case', ownerAuthority: 'Egebæk Municipality' },
  },
  {
    id: 'medical_certificates',
    name: 'Lægeerklæringer',
    ownerAuthority: 'Egebæk Kommune (fra din læge)',
    categories: ['health'],
    en: { name: 'Medical certificates', ownerAuthority: 'Egebæk Municipality (from your doctor)' },
  },
  {
    id: 'own_statements',
    name: 'Dine egne oplysninger',
    ownerAuthority: 'Dig selv',
    categories: ['own_statements'],
    en: { name: 'What you told us yourself', ownerAuthority: 'You' },
  },
];

export interface AiSystemSeed {
  readonly id: string;
  readonly name: string;
  readonly supplier: string;
  readonly processor: string;
  readonly processingKind: ProcessingKind;
  readonly legalBasis: string;
  readonly status: 'in_use' | 'retired';
  readonly inUseSince: string;
  readonly retiredOn: string | null;
  readonly dpiaDate: string;
  readonly versions: readonly { readonly version: string; readonly releasedOn: string }[];
  /**
   * English texts, as a case system may send them (ingest `en`). One demo system has none, like a
   * case system that sends Danish only: English pages show its texts in Danish, marked as such.
   */
  readonly en?: { readonly name: string; readonly legalBasis: string };
}

const ORDER =
  'Bekendtgørelse om kommunernes behandling af personoplysninger med kunstig intelligens i beskæftigelsesindsatsen';
const ORDER_EN =
  'Executive order on municipalities’ processing of personal data with artificial intelligence in the employment effort';

export const AI_SYSTEMS: readonly AiSystemSeed[] = [
  {
    id: 'sygefravaer-risiko',
    name: 'Risikovurdering af langvarigt sygefravær',
    supplier: 'Nordlys Analytics ApS',
    processor: 'Nordlys Analytics ApS',
    processingKind: 'profiling',
    legalBasis: `${ORDER}, § 1, stk. 2`,
    status: 'in_use',
    inUseSince: '2026-02-01',
    retiredOn: null,
    dpiaDate: '2025-11-14',
    versions: [
      { version: '2.0', releasedOn: '2026-02-01' },
      { version: '2.1', releasedOn: '2026-06-15' },
    ],
    en: { name: 'Risk assessment of long-term sick leave', legalBasis: `${ORDER_EN}, section 1(2)` },
  },
  {
    id: 'laegeresume',
    name: 'Opsummering af lægelige oplysninger',
    supplier: 'Sprogværk A/S',
    processor: 'Sprogværk A/S',
    processingKind: 'summarisation',
    legalBasis: `${ORDER}, § 1, stk. 1`,
    status: 'in_use',
    inUseSince: '2026-02-01',
    retiredOn: null,
    dpiaDate: '2025-12-02',
    versions: [{ version: '1.4', releasedOn: '2026-02-01' }],
    en: { name: 'Summary of medical information', legalBasis: `${ORDER_EN}, section 1(1)` },
  },
  {
    id: 'tale-til-tekst',
    name: 'Tale til tekst af samtalenotater',
    supplier: 'Dansk Talegenkendelse ApS',
    processor: 'KOMBIT-drift A/S',
    processingKind: 'transcription',
    legalBasis: `${ORDER}, § 1, stk. 1`,
    status: 'in_use',
    inUseSince: '2026-02-01',
    retiredOn: null,
    dpiaDate: '2025-10-20',
    versions: [{ version: '3.2', releasedOn: '2026-01-10' }],
    en: { name: 'Speech to text of meeting notes', legalBasis: `${ORDER_EN}, section 1(1)` },
  },
  {
    id: 'postsortering',
    name: 'Sortering af indgående post',
    supplier: 'Egebæk Kommune, Digitalisering og IT',
    processor: 'Egebæk Kommune',
    processingKind: 'classification',
    legalBasis: `${ORDER}, § 1, stk. 1`,
    status: 'retired',
    inUseSince: '2026-02-01',
    retiredOn: '2026-06-30',
    dpiaDate: '2025-09-01',
    versions: [{ version: '1.0', releasedOn: '2026-02-01' }],
    // No English name or legal basis: English pages show the Danish ones, marked as Danish.
  },
  {
    id: 'rehab-behov',
    name: 'Vurdering af behov for rehabilitering',
    supplier: 'Nordlys Analytics ApS',
    processor: 'Nordlys Analytics ApS',
    processingKind: 'prediction',
    legalBasis: `${ORDER}, § 1, stk. 2`,
    status: 'in_use',
    inUseSince: '2026-03-01',
    retiredOn: null,
    dpiaDate: '2026-01-20',
    versions: [
      { version: '1.0', releasedOn: '2026-03-01' },
      { version: '1.1', releasedOn: '2026-08-01' },
    ],
    en: { name: 'Assessment of the need for rehabilitation', legalBasis: `${ORDER_EN}, section 1(2)` },
  },
];

/** Which caseworkers handle which area (by index into STAFF). */
export const AREA_STAFF = {
  sickness_benefit: ['egb-0101', 'egb-0102'],
  cash_benefit: ['egb-0103', 'egb-0104'],
  job_clarification: ['egb-0107'],
  rehabilitation: ['egb-0105', 'egb-0106'],
  flex_job: ['egb-0108'],
} as const;

export const GIVEN_NAMES_FEMALE = [
  'Anne',
  'Mette',
  'Kirsten',
  'Hanne',
  'Helle',
  'Susanne',
  'Lene',
  'Maria',
  'Marianne',
  'Camilla',
  'Louise',
  'Sofie',
  'Ida',
  'Emma',
  'Julie',
  'Amira',
  'Fatima',
  'Agnieszka',
  'Birgitte',
  'Tina',
] as const;
export const GIVEN_NAMES_MALE = [
  'Peter',
  'Jens',
  'Lars',
  'Michael',
  'Henrik',
  'Thomas',
  'Søren',
  'Jan',
  'Niels',
  'Anders',
  'Morten',
  'Martin',
  'Rasmus',
  'Mads',
  'Frederik',
  'Ali',
  'Mohammed',
  'Piotr',
  'Kim',
  'Jesper',
] as const;
export const FAMILY_NAMES = [
  'Nielsen',
  'Jensen',
  'Hansen',
  'Pedersen',
  'Andersen',
  'Christensen',
  'Larsen',
  'Sørensen',
  'Rasmussen',
  'Jørgensen',
  'Petersen',
  'Madsen',
  'Kristensen',
  'Olsen',
  'Thomsen',
  'Poulsen',
  'Johansen',
  'Møller',
  'Mortensen',
  'Holm',
  'Hassan',
  'Yilmaz',
  'Nowak',
  'Ahmadi',
  'Østergaard',
  'Bak',
  'Kjær',
  'Lund',
] as const;
