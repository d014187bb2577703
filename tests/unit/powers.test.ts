import { describe, expect, it } from 'vitest';
import { CLAIM_PROFILES, PRIVILEGES_CLAIM } from '../../src/auth/claim-profiles.ts';
import {
  buildOiobppPrivileges,
  checkPower,
  readOiobppPowers,
  sealPowers,
  type Power,
} from '../../src/auth/powers.ts';
import type { CitizenSession } from '../../src/auth/session-types.ts';
import { testRepresentatives } from '../../src/dev-idp/identities.ts';
import { resolveRepresentation, rightFor } from '../../src/representation/representation.ts';

const METTE = '0707614286';
const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const base64 = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

describe('powers of attorney from NemLog-in privileges (OIOBPP)', () => {
  it('reads the grantor, the rights and the period of each privilege group', () => {
    const powers = readOiobppPowers(
      buildOiobppPrivileges([
        { grantorCpr: METTE, rights: ['read'], validTo: '2027-01-01T00:00:00.000Z' },
        { grantorCpr: '0103901234', rights: ['read', 'file_requests'] },
      ]),
    );
    expect(powers).toEqual([
      { grantorCpr: METTE, rights: ['read'], validFrom: null, validTo: '2027-01-01T00:00:00.000Z' },
      { grantorCpr: '0103901234', rights: ['file_requests', 'read'], validFrom: null, validTo: null },
    ]);
  });

  it('leaves out company scopes, impossible CPR numbers and privileges Indsigt does not know', () => {
    const xml = `<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">
      <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:12345678"><Privilege>urn:dk:indsigt:privilege:read</Privilege></PrivilegeGroup>
      <PrivilegeGroup Scope="urn:dk:gov:saml:cprNumberIdentifier:9999990000"><Privilege>urn:dk:indsigt:privilege:read</Privilege></PrivilegeGroup>
      <PrivilegeGroup Scope="urn:dk:gov:saml:cprNumberIdentifier:${METTE}"><Privilege>urn:dk:other:privilege:admin</Privilege></PrivilegeGroup>
      <PrivilegeGroup Scope="urn:dk:gov:saml:cprNumberIdentifier:${METTE}"><Privilege> urn:dk:indsigt:privilege:read </Privilege></PrivilegeGroup>
    </bpp:PrivilegeList>`;
    expect(readOiobppPowers(base64(xml))).toEqual([
      { grantorCpr: METTE, rights: ['read'], validFrom: null, validTo: null },
    ]);
  });

  it('gives no powers, and no error, for garbage, entities or a huge list', () => {
    expect(readOiobppPowers('not base64 at all \u0000')).toEqual([]);
    expect(readOiobppPowers(base64('<PrivilegeList><PrivilegeGroup'))).toEqual([]);
    const entity = `<!DOCTYPE x [<!ENTITY e "urn:dk:indsigt:privilege:read">]><PrivilegeList><PrivilegeGroup Scope="urn:dk:gov:saml:cprNumberIdentifier:${METTE}"><Privilege>&e;</Privilege></PrivilegeGroup></PrivilegeList>`;
    expect(readOiobppPowers(base64(entity))).toEqual([]);
    expect(readOiobppPowers('A'.repeat(200_000))).toEqual([]);
  });
});

describe('checking a power', () => {
  const power: Power = {
    grantorCpr: METTE,
    rights: ['read'],
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2026-12-31T00:00:00.000Z',
  };
  const loggedInAt = new Date('2026-06-01T10:00:00Z');
  const at = (iso: string) => ({ now: new Date(iso), loggedInAt, maxAgeMinutes: 60 });

  it('allows reading within the period and soon after login', () => {
    expect(checkPower(power, 'read', at('2026-06-01T10:30:00Z'))).toEqual({ ok: true });
  });
  it('refuses filing a request on a read-only power', () => {
    expect(checkPower(power, 'file_requests', at('2026-06-01T10:30:00Z'))).toEqual({
      ok: false,
      reason: 'out_of_scope',
    });
  });
  it('refuses an expired or not yet valid power', () => {
    expect(
      checkPower(power, 'read', {
        ...at('2026-12-31T00:00:00Z'),
        loggedInAt: new Date('2026-12-30T23:30:00Z'),
      }),
    ).toEqual({ ok: false, reason: 'expired' });
    expect(
      checkPower(power, 'read', {
        ...at('2025-12-31T12:00:00Z'),
        loggedInAt: new Date('2025-12-31T11:30:00Z'),
      }),
    ).toEqual({ ok: false, reason: 'not_yet_valid' });
  });
  it('asks for a new login when the broker vouched for the power too long ago', () => {
    expect(checkPower(power, 'read', at('2026-06-01T11:00:01Z'))).toEqual({ ok: false, reason: 'too_old' });
  });
});

describe('acting for someone on every request', () => {
  const loggedInAt = new Date(Date.now() - 5 * 60_000).toISOString();
  const powers: Power[] = [{ grantorCpr: METTE, rights: ['read'], validFrom: null, validTo: null }];
  const anna: CitizenSession = {
    kind: 'citizen',
    cpr: '1204681000',
    name: 'Anna Sørensen',
    pseudonym: 'p_anna',
    loa: 'substantial',
    loggedInAt,
    powers,
    powersSeal: sealPowers({ cpr: '1204681000', loggedInAt, powers }, SECRET),
    actingFor: { grantorCpr: METTE, grantorName: 'Mette Sørensen' },
  };
  const settings = { secret: SECRET, maxAgeMinutes: 60 };

  it('shows the grantor as the citizen and the representative beside them', () => {
    const resolved = resolveRepresentation(anna, 'read', settings);
    expect(resolved.kind).toBe('acting');
    if (resolved.kind !== 'acting') return;
    expect(resolved.subject.cpr).toBe(METTE);
    expect(resolved.subject.powers).toEqual([]);
    expect(resolved.representative).toEqual({
      actorName: 'Anna Sørensen',
      actorPseudonym: 'p_anna',
      grantorName: 'Mette Sørensen',
      rights: ['read'],
    });
  });

  it('refuses a power added to the stored session after login (the seal breaks)', () => {
    const widened = {
      ...anna,
      powers: [{ ...powers[0]!, rights: ['read' as const, 'file_requests' as const] }],
    };
    expect(resolveRepresentation(widened, 'file_requests', settings)).toEqual({
      kind: 'refused',
      reason: 'not_sealed',
    });
  });

  it('refuses acting for someone the session holds no power from', () => {
    const other = { ...anna, actingFor: { grantorCpr: '0103901234', grantorName: 'Someone' } };
    expect(resolveRepresentation(other, 'read', settings)).toEqual({ kind: 'refused', reason: 'no_power' });
  });

  it('needs the filing right for any unsafe method and for the request form itself', () => {
    expect(rightFor('GET', '/mine-sager')).toBe('read');
    expect(rightFor('GET', '/mine-sager/abc/anmod')).toBe('file_requests');
    expect(rightFor('POST', '/mine-sager/abc/anmod')).toBe('file_requests');
    expect(rightFor('DELETE', '/min-log')).toBe('file_requests');
    expect(resolveRepresentation(anna, 'file_requests', settings)).toEqual({
      kind: 'refused',
      reason: 'out_of_scope',
    });
  });
});

describe('where each broker puts powers of attorney', () => {
  const claims = { [PRIVILEGES_CLAIM]: testRepresentatives()[0]!.privileges };

  it('reads NemLog-in privileges through the NSIS bridge and the development (Idura-style) IdP', () => {
    for (const profile of [CLAIM_PROFILES.nsis, CLAIM_PROFILES.idura]) {
      const result = profile.powers(claims);
      expect(result.supported).toBe(true);
      if (result.supported) expect(result.powers).toHaveLength(1);
    }
  });

  it('says so for brokers that document no power-of-attorney claim', () => {
    expect(CLAIM_PROFILES.signicat.powers(claims)).toEqual({ supported: false });
    expect(CLAIM_PROFILES.signaturgruppen.powers(claims)).toEqual({ supported: false });
  });
});
