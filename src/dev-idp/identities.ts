/**
 * The test identities the development IdP offers, like the MitID test simulator: citizens from the
 * demo world (name and synthetic CPR number) and members of staff with roles.
 */
import { buildOiobppPrivileges, type PowerRight } from '../auth/powers.ts';
import { STAFF } from '../demo/reference-data.ts';
import { generateCitizen, SPECIAL_CITIZENS } from '../demo/world.ts';

export interface TestCitizen {
  readonly cpr: string;
  readonly name: string;
  readonly note: string;
  /** Digital Fuldmagt powers this person holds, as NemLog-in's OIOBPP privileges (base64); none: absent. */
  readonly privileges?: string;
}

const NOTES = [
  'AI brugt og fulgt · AI used and followed',
  'Ingen AI · no AI',
  'Sagsbehandler afveg fra AI · caseworker departed from AI',
  'Anmodning under behandling · request under way',
  'Genbrug og træning · reuse and training',
];

/** The special citizens first, then some ordinary ones, then the representatives. */
export function testCitizens(count = 15): TestCitizen[] {
  return [...demoCitizens(count), ...testRepresentatives()];
}

function demoCitizens(count: number): TestCitizen[] {
  return Array.from({ length: count }, (_, i) => {
    const { citizen } = generateCitizen(i);
    return {
      cpr: citizen.cpr,
      name: `${citizen.givenName} ${citizen.familyName}`,
      note: i < SPECIAL_CITIZENS.length ? (NOTES[i] ?? '') : '',
    };
  });
}

const citizenCpr = (index: number): string => generateCitizen(index).citizen.cpr;

/**
 * Representatives (partsrepræsentanter) with powers of attorney from demo citizens, like Digital
 * Fuldmagt would deliver them: read only; read and file requests from two people; and an expired one.
 * Their own synthetic CPR numbers are real dates that fail the modulus-11 check, like the demo's.
 */
export function testRepresentatives(): TestCitizen[] {
  const power = (index: number, rights: PowerRight[], validTo?: string) => ({
    grantorCpr: citizenCpr(index),
    rights,
    validFrom: '2026-01-01T00:00:00.000Z',
    ...(validTo ? { validTo } : {}),
  });
  return [
    {
      cpr: '1204681000',
      name: 'Anna Sørensen',
      note: 'Fuldmagt fra Mette: kun læse · power from Mette: read only',
      privileges: buildOiobppPrivileges([power(0, ['read'])]),
    },
    {
      cpr: '0303811003',
      name: 'Peter Holm',
      note: 'Fuldmagt fra Mette og Amira: læse og anmode · powers from Mette and Amira: read and file requests',
      privileges: buildOiobppPrivileges([
        power(0, ['read', 'file_requests']),
        power(2, ['read', 'file_requests']),
      ]),
    },
    {
      cpr: '2509571000',
      name: 'Karin Vestergaard',
      note: 'Udløbet fuldmagt fra Jens · expired power from Jens',
      privileges: buildOiobppPrivileges([power(1, ['read', 'file_requests'], '2026-02-01T00:00:00.000Z')]),
    },
  ];
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
