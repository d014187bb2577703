import { describe, expect, it } from 'vitest';
import { CLAIM_PROFILES } from '../../src/auth/claim-profiles.ts';

const CPR = '0101600006';

describe('MitID claim profiles', () => {
  it.each([
    [
      'idura',
      {
        cprNumberIdentifier: CPR,
        name: 'Mette Sørensen',
        uuid: 'x',
        acr: 'urn:grn:authn:dk:mitid:substantial',
      },
    ],
    ['signicat', { nin: CPR, name: 'Mette Sørensen', idp_id: 'x', acr: 'loa:substantial' }],
    [
      'signaturgruppen',
      {
        'dk.cpr': CPR,
        'mitid.identity_name': 'Mette Sørensen',
        'mitid.uuid': 'x',
        loa: 'https://data.gov.dk/concept/core/nsis/Substantial',
      },
    ],
    [
      'nsis',
      {
        'https://data.gov.dk/model/core/eid/cprNumber': CPR,
        'https://data.gov.dk/model/core/eid/fullName': 'Mette Sørensen',
        'https://data.gov.dk/concept/core/nsis/loa': 'Substantial',
      },
    ],
  ] as const)('reads the citizen from a %s ID token at level Substantial', (profile, claims) => {
    expect(CLAIM_PROFILES[profile].read(claims)).toEqual({
      ok: true,
      identity: { cpr: CPR, name: 'Mette Sørensen', loa: 'substantial' },
    });
  });

  it.each([
    ['idura', { cprNumberIdentifier: CPR, name: 'M', acr: 'urn:grn:authn:dk:mitid:low' }],
    ['signicat', { nin: CPR, name: 'M', acr: 'loa:low' }],
    ['signaturgruppen', { 'dk.cpr': CPR, name: 'M', loa: 'https://data.gov.dk/concept/core/nsis/Low' }],
    [
      'nsis',
      {
        'https://data.gov.dk/model/core/eid/cprNumber': CPR,
        'https://data.gov.dk/model/core/eid/fullName': 'M',
        'https://data.gov.dk/concept/core/nsis/loa': 'Low',
      },
    ],
  ] as const)('refuses level Low from %s', (profile, claims) => {
    expect(CLAIM_PROFILES[profile].read(claims)).toEqual({ ok: false, error: 'level_too_low' });
  });

  it('accepts level High and refuses a token with no level or no CPR number', () => {
    expect(
      CLAIM_PROFILES.idura.read({ cprNumberIdentifier: CPR, name: 'M', acr: 'urn:grn:authn:dk:mitid:high' }),
    ).toMatchObject({ ok: true, identity: { loa: 'high' } });
    expect(CLAIM_PROFILES.idura.read({ cprNumberIdentifier: CPR, name: 'M' })).toEqual({
      ok: false,
      error: 'missing_claims',
    });
    expect(
      CLAIM_PROFILES.idura.read({ cprNumberIdentifier: CPR, name: 'M', acr: 'urn:something:else' }),
    ).toEqual({ ok: false, error: 'missing_claims' });
    expect(CLAIM_PROFILES.signicat.read({ name: 'M', acr: 'loa:high' })).toEqual({
      ok: false,
      error: 'missing_claims',
    });
  });

  it.each(['idura', 'signicat', 'signaturgruppen', 'nsis'] as const)(
    'refuses from %s a CPR claim that is not a possible CPR number (9999990000)',
    (profile) => {
      const claims = {
        idura: { cprNumberIdentifier: '9999990000', name: 'M', acr: 'urn:grn:authn:dk:mitid:substantial' },
        signicat: { nin: '9999990000', name: 'M', acr: 'loa:substantial' },
        signaturgruppen: {
          'dk.cpr': '9999990000',
          name: 'M',
          loa: 'https://data.gov.dk/concept/core/nsis/Substantial',
        },
        nsis: {
          'https://data.gov.dk/model/core/eid/cprNumber': '9999990000',
          'https://data.gov.dk/model/core/eid/fullName': 'M',
          'https://data.gov.dk/concept/core/nsis/loa': 'Substantial',
        },
      }[profile];
      expect(CLAIM_PROFILES[profile].read(claims)).toEqual({ ok: false, error: 'missing_claims' });
    },
  );
});
