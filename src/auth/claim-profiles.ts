/**
 * How each MitID broker names the citizen's claims, and which claim carries the assurance level
 * actually reached. NemLog-in's own login service speaks OIOSAML 3 (SAML), so MitID reaches an OIDC
 * relying party through an approved broker, or through an OIDC bridge in front of NemLog-in. Each
 * profile is a zod schema over the ID token's claims. openid-client does not check `acr`: we do,
 * and refuse anything below NSIS Substantial.
 */
import { z } from 'zod';
import { cprNumberSchema } from '../domain/cpr.ts';
import { readOiobppPowers, type Power } from './powers.ts';

export type Loa = 'low' | 'substantial' | 'high';

export interface CitizenIdentity {
  readonly cpr: string;
  readonly name: string;
  readonly loa: Loa;
}

export type ProfileResult =
  { ok: true; identity: CitizenIdentity } | { ok: false; error: 'missing_claims' | 'level_too_low' };

/**
 * The powers of attorney a broker passes on: `unsupported` where the broker documents no claim for
 * Digital Fuldmagt (the person then acts only for themself).
 */
export type PowersResult =
  { readonly supported: false } | { readonly supported: true; readonly powers: Power[] };

export interface ClaimProfile {
  /** acr_values to ask for (the broker's name for NSIS Substantial). */
  readonly acrValues: string;
  /** Scopes that make the broker release the CPR number and name. */
  readonly scope: string;
  readonly read: (claims: Record<string, unknown>) => ProfileResult;
  /** Where this broker puts Digital Fuldmagt's powers of attorney, read from the signed ID token only. */
  readonly powers: (claims: Record<string, unknown>) => PowersResult;
}

/** A possible CPR number, not just ten digits: a broker bug or a forged claim must not log anyone in. */
const cpr = cprNumberSchema;

/** NemLog-in's OIOSAML 3 attribute for privileges (OIOBPP, base64), carried as a claim of the same name. */
export const PRIVILEGES_CLAIM = 'https://data.gov.dk/model/core/eid/privilegesIntermediate';

/** Reads the OIOSAML 3 privileges claim: what a bridge in front of NemLog-in passes through. */
function privilegesClaim(claims: Record<string, unknown>): PowersResult {
  const raw = claims[PRIVILEGES_CLAIM];
  return { supported: true, powers: typeof raw === 'string' ? readOiobppPowers(raw) : [] };
}

/** For brokers whose documentation names no power-of-attorney claim. */
const noPowers = (): PowersResult => ({ supported: false });

function levelFrom(value: string, table: Record<string, Loa>): Loa | undefined {
  return table[value.toLowerCase()];
}

function finish(parsed: { cpr: string; name: string } | undefined, loa: Loa | undefined): ProfileResult {
  if (!parsed || !loa) return { ok: false, error: 'missing_claims' };
  if (loa === 'low') return { ok: false, error: 'level_too_low' };
  return { ok: true, identity: { cpr: parsed.cpr, name: parsed.name, loa } };
}

/**
 * Idura (formerly Criipto) Verify. Claims `cprNumberIdentifier`, `uuid`, `name`:
 * https://docs.idura.app/verify/e-ids/danish-mitid (JWT/token examples). The level is requested
 * with acr_values `urn:grn:authn:dk:mitid:substantial` (https://docs.idura.app/verify/reference/request-parameters/)
 * and the level reached comes back in the ID token's standard `acr` claim with the same URN scheme.
 * The development IdP speaks this profile.
 *
 * Powers of attorney: Idura's MitID documentation names no claim for Digital Fuldmagt (checked
 * 2026-11). Only if a tenant passes NemLog-in's OIOSAML 3 privileges attribute through as a claim of
 * the same name is it read; otherwise a representative sees no powers and acts only for themself.
 * The development IdP sends that claim, so representatives can be tried locally.
 */
const idura: ClaimProfile = {
  acrValues: 'urn:grn:authn:dk:mitid:substantial',
  scope: 'openid ssn',
  powers: privilegesClaim,
  read(claims) {
    const parsed = z
      .object({ cprNumberIdentifier: cpr, name: z.string().min(1), acr: z.string() })
      .safeParse(claims);
    if (!parsed.success) return finish(undefined, undefined);
    const loa = levelFrom(parsed.data.acr, {
      'urn:grn:authn:dk:mitid:low': 'low',
      'urn:grn:authn:dk:mitid:substantial': 'substantial',
      'urn:grn:authn:dk:mitid:high': 'high',
    });
    return finish({ cpr: parsed.data.cprNumberIdentifier, name: parsed.data.name }, loa);
  },
};

/**
 * Signicat eID Hub. Claims `nin` (CPR), `idp_id`, `name` with scopes `openid profile nin`:
 * https://developer.signicat.com/identity-methods/mitid/attributes-reference/ . The level is asked
 * for with `acr_values=loa:substantial` and reached level is returned in `acr` as `loa:<level>`
 * (https://developer.signicat.com/docs/eid-hub/concepts/levels-of-assurance/); with the
 * `mitid-extra` scope also as `mitid_loa` (SUBSTANTIAL/HIGH), which we accept as a fallback.
 */
const signicat: ClaimProfile = {
  acrValues: 'loa:substantial',
  scope: 'openid profile nin',
  // Signicat's MitID attribute reference names no power-of-attorney claim (checked 2026-11).
  powers: noPowers,
  read(claims) {
    const parsed = z
      .object({
        nin: cpr,
        name: z.string().min(1),
        acr: z.string().optional(),
        mitid_loa: z.string().optional(),
      })
      .safeParse(claims);
    if (!parsed.success) return finish(undefined, undefined);
    const table: Record<string, Loa> = {
      'loa:low': 'low',
      'loa:substantial': 'substantial',
      'loa:high': 'high',
      low: 'low',
      substantial: 'substantial',
      high: 'high',
    };
    const loa = levelFrom(parsed.data.acr ?? parsed.data.mitid_loa ?? '', table);
    return finish({ cpr: parsed.data.nin, name: parsed.data.name }, loa);
  },
};

const NSIS = 'https://data.gov.dk/concept/core/nsis/';

/**
 * Signaturgruppen (Nets eID Broker). Claims `dk.cpr` (scope `ssn`) and `mitid.uuid` (scope `mitid`),
 * the name in `mitid.identity_name`, and the NSIS level reached in `loa` as
 * `https://data.gov.dk/concept/core/nsis/Substantial`:
 * https://signaturgruppen-a-s.github.io/signaturgruppen-broker-documentation/idps/mitid.html
 */
const signaturgruppen: ClaimProfile = {
  acrValues: `${NSIS}Substantial`,
  scope: 'openid mitid ssn',
  // The broker's MitID documentation names no claim for Digital Fuldmagt (checked 2026-11); its
  // privilege management covers MitID Erhverv employees, not citizens' powers of attorney.
  powers: noPowers,
  read(claims) {
    const parsed = z
      .object({
        'dk.cpr': cpr,
        'mitid.identity_name': z.string().min(1).optional(),
        name: z.string().min(1).optional(),
        loa: z.string(),
      })
      .safeParse(claims);
    const name = parsed.success ? (parsed.data['mitid.identity_name'] ?? parsed.data.name) : undefined;
    if (!parsed.success || !name) return finish(undefined, undefined);
    const loa = levelFrom(parsed.data.loa, {
      [`${NSIS}low`]: 'low',
      [`${NSIS}substantial`]: 'substantial',
      [`${NSIS}high`]: 'high',
    });
    return finish({ cpr: parsed.data['dk.cpr'], name }, loa);
  },
};

/**
 * A generic NSIS profile for an OIDC bridge in front of NemLog-in, carrying the OIOSAML 3 attribute
 * names as claims: `https://data.gov.dk/model/core/eid/cprNumber`, `.../eid/fullName` and the level
 * in `https://data.gov.dk/concept/core/nsis/loa` ("Low", "Substantial", "High"); OIOSAML 3
 * (Digitaliseringsstyrelsen) defines these names.
 */
const nsis: ClaimProfile = {
  acrValues: `${NSIS}loa/Substantial`,
  scope: 'openid',
  // NemLog-in delivers Digital Fuldmagt's powers in the OIOSAML 3 privileges attribute (OIOBPP).
  powers: privilegesClaim,
  read(claims) {
    const parsed = z
      .object({
        'https://data.gov.dk/model/core/eid/cprNumber': cpr,
        'https://data.gov.dk/model/core/eid/fullName': z.string().min(1),
        [`${NSIS}loa`]: z.string(),
      })
      .safeParse(claims);
    if (!parsed.success) return finish(undefined, undefined);
    const raw = parsed.data[`${NSIS}loa`].replace(`${NSIS}loa/`, '');
    const loa = levelFrom(raw, { low: 'low', substantial: 'substantial', high: 'high' });
    return finish(
      {
        cpr: parsed.data['https://data.gov.dk/model/core/eid/cprNumber'],
        name: parsed.data['https://data.gov.dk/model/core/eid/fullName'],
      },
      loa,
    );
  },
};

export const CLAIM_PROFILES = { idura, signicat, signaturgruppen, nsis } as const;
export type ClaimProfileName = keyof typeof CLAIM_PROFILES;
