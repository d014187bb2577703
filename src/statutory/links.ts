/** Addresses of public authorities and laws that the statutory pages and the case page link to. */

export const LINKS = {
  /** Digitaliseringsstyrelsen: what to do about inaccessible content, and how to complain. */
  digstComplaint:
    'https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/',
  /** Datatilsynet: how to complain about the processing of personal data. */
  datatilsynetComplaint: 'https://www.datatilsynet.dk/borger/klage',
} as const;
