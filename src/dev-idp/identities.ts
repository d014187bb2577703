/**
 * The test identities the development IdP offers, like the MitID test simulator: citizens from the
 * demo world (name and synthetic CPR number) and members of staff with roles.
 */
import { STAFF } from '../demo/reference-data.ts';
import { generateCitizen, SPECIAL_CITIZENS } from '../demo/world.ts';

export interface TestCitizen {
  readonly cpr: string;
  readonly name: string;
  readonly note: string;
}

const NOTES = [
  'AI brugt og fulgt · AI used and followed',
  'Ingen AI · no AI',
  'Sagsbehandler afveg fra AI · caseworker departed from AI',
  'Anmodning under behandling · request under way',
  'Genbrug og træning · reuse and training',
];

/** The special citizens first, then some ordinary ones. */
export function testCitizens(count = 15): TestCitizen[] {
  return Array.from({ length: count }, (_, i) => {
    const { citizen } = generateCitizen(i);
    return {
      cpr: citizen.cpr,
      name: `${citizen.givenName} ${citizen.familyName}`,
      note: i < SPECIAL_CITIZENS.length ? (NOTES[i] ?? '') : '',
    };
  });
}

export interface TestStaff {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly unit: string;
  /** Values of the role claim, as the municipality's staff IdP would send them. */
  readonly roleClaims: readonly string[];
}

const ROLE_CLAIMS: Record<string, readonly string[]> = {
  'egb-0201': ['Indsigt.Frontdesk'],
  // Caseworkers in two units: each sees only their own unit's requests.
  'egb-0102': ['Indsigt.Caseworker'],
  'egb-0103': ['Indsigt.Caseworker'],
  'egb-0301': ['Indsigt.Publisher'],
  'egb-0106': ['Indsigt.Frontdesk', 'Indsigt.Publisher'],
  'egb-0101': [],
};

/** Front desk, publisher, both, caseworkers in two units, and one member of staff with no portal role. */
export function testStaff(): TestStaff[] {
  return STAFF.filter((s) => s.id in ROLE_CLAIMS).map((s) => ({ ...s, roleClaims: ROLE_CLAIMS[s.id] ?? [] }));
}

export const LEVELS = [
  { acr: 'urn:grn:authn:dk:mitid:substantial', label: 'Betydelig · Substantial' },
  { acr: 'urn:grn:authn:dk:mitid:high', label: 'Høj · High' },
  { acr: 'urn:grn:authn:dk:mitid:low', label: 'Lav · Low' },
] as const;
