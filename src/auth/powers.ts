/**
 * Powers of attorney (Digital Fuldmagt): a representative logs in with their own MitID and acts for the
 * person who granted the power, within its scope and period. NemLog-in delivers the powers a person
 * holds at login as OIOSAML 3 "privileges" in the OIO Basic Privilege Profile (OIOBPP) format: a
 * base64-encoded XML list of privilege groups, each scoped to the grantor's CPR number
 * (`urn:dk:gov:saml:cprNumberIdentifier:<cpr>`) and listing the privileges the grantor gave for this
 * service. The privileges are the ones the municipality registers for Indsigt in Digital Fuldmagt.
 *
 * Powers are read only from the broker's signed ID token, never from anything the browser sends.
 */
import { createHmac } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { canonicalJson } from '../domain/chain.ts';
import { parseCpr } from '../domain/cpr.ts';

/** What a power may allow. Reading the cases and filing requests are separate rights. */
export const POWER_RIGHTS = ['read', 'file_requests'] as const;
export type PowerRight = (typeof POWER_RIGHTS)[number];

/** The privilege URIs the municipality registers for Indsigt in Digital Fuldmagt, and what each allows. */
export const PRIVILEGE_RIGHTS: Readonly<Record<string, PowerRight>> = {
  'urn:dk:indsigt:privilege:read': 'read',
  'urn:dk:indsigt:privilege:file_requests': 'file_requests',
};

/** The OIOBPP scope prefix of a privilege group that a citizen (not a company) granted. */
const CPR_SCOPE = 'urn:dk:gov:saml:cprNumberIdentifier:';
/** Optional constraints on a group: the power's period, where the broker passes it on. */
const VALID_FROM = 'urn:dk:indsigt:constraint:validFrom';
const VALID_TO = 'urn:dk:indsigt:constraint:validTo';

export const powerSchema = z.object({
  /** The person who granted the power (kept server-side like every CPR number). */
  grantorCpr: z.string().regex(/^[0-9]{10}$/),
  rights: z.array(z.enum(POWER_RIGHTS)).min(1),
  validFrom: z.iso.datetime().nullable(),
  validTo: z.iso.datetime().nullable(),
});
export type Power = z.infer<typeof powerSchema>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) => name === 'PrivilegeGroup' || name === 'Privilege' || name === 'Constraint',
  // A privilege list is small: refuse entity tricks and anything that is not plain data.
  processEntities: false,
});

const groupSchema = z.object({
  '@Scope': z.string(),
  Privilege: z.array(z.union([z.string(), z.object({ '#text': z.string() })])).default([]),
  Constraint: z
    .array(z.object({ '@Name': z.string(), '#text': z.union([z.string(), z.number()]) }))
    .default([]),
});

const text = (value: string | { '#text': string }): string =>
  (typeof value === 'string' ? value : value['#text']).trim();

function isoOrNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * The powers in an OIOBPP privilege list (base64-encoded XML, as NemLog-in sends it). Groups scoped to
 * anything but a possible CPR number, privileges Indsigt does not know and malformed input are left
 * out: an unreadable list gives no powers, never an error that stops the person's own login.
 */
export function readOiobppPowers(base64Xml: string): Power[] {
  if (base64Xml.length > 100_000) return [];
  let groups: unknown;
  try {
    const xml = Buffer.from(base64Xml, 'base64').toString('utf8');
    const parsed = parser.parse(xml) as { PrivilegeList?: { PrivilegeGroup?: unknown } };
    groups = parsed.PrivilegeList?.PrivilegeGroup ?? [];
  } catch {
    return [];
  }
  if (!Array.isArray(groups)) return [];
  const powers: Power[] = [];
  for (const raw of groups) {
    const group = groupSchema.safeParse(raw);
    if (!group.success || !group.data['@Scope'].startsWith(CPR_SCOPE)) continue;
    const grantorCpr = group.data['@Scope'].slice(CPR_SCOPE.length);
    if (!/^[0-9]{10}$/.test(grantorCpr) || !parseCpr(grantorCpr).ok) continue;
    const rights = [
      ...new Set(group.data.Privilege.map((p) => PRIVILEGE_RIGHTS[text(p)]).filter((r) => r !== undefined)),
    ].sort();
    if (rights.length === 0) continue;
    const constraint = (name: string): string | undefined => {
      const found = group.data.Constraint.find((c) => c['@Name'] === name);
      return found === undefined ? undefined : String(found['#text']).trim();
    };
    powers.push({
      grantorCpr,
      rights,
      validFrom: isoOrNull(constraint(VALID_FROM)),
      validTo: isoOrNull(constraint(VALID_TO)),
    });
  }
  return powers;
}

/** Builds an OIOBPP privilege list (base64), as NemLog-in would; for the development IdP and tests. */
export function buildOiobppPrivileges(
  powers: readonly {
    grantorCpr: string;
    rights: readonly PowerRight[];
    validFrom?: string;
    validTo?: string;
  }[],
): string {
  const privilegeFor = Object.fromEntries(
    Object.entries(PRIVILEGE_RIGHTS).map(([uri, right]) => [right, uri]),
  );
  const groups = powers.map((power) => {
    const constraints = [
      power.validFrom ? `<Constraint Name="${VALID_FROM}">${power.validFrom}</Constraint>` : '',
      power.validTo ? `<Constraint Name="${VALID_TO}">${power.validTo}</Constraint>` : '',
    ].join('');
    const privileges = power.rights
      .map((right) => `<Privilege>${privilegeFor[right] ?? ''}</Privilege>`)
      .join('');
    return `<PrivilegeGroup Scope="${CPR_SCOPE}${power.grantorCpr}">${constraints}${privileges}</PrivilegeGroup>`;
  });
  const xml = `<?xml version="1.0" encoding="UTF-8"?><bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">${groups.join('')}</bpp:PrivilegeList>`;
  return Buffer.from(xml, 'utf8').toString('base64');
}

export type PowerCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'not_yet_valid' | 'expired' | 'out_of_scope' | 'too_old' };

/**
 * Whether a power allows `right` now. `loggedInAt` is when the broker last vouched for the power: after
 * `maxAgeMinutes` a new login is required, so a power revoked in Digital Fuldmagt stops working here.
 */
export function checkPower(
  power: Power,
  right: PowerRight,
  options: { now: Date; loggedInAt: Date; maxAgeMinutes: number },
): PowerCheck {
  const now = options.now.getTime();
  if (now - options.loggedInAt.getTime() > options.maxAgeMinutes * 60_000)
    return { ok: false, reason: 'too_old' };
  if (power.validFrom && now < Date.parse(power.validFrom)) return { ok: false, reason: 'not_yet_valid' };
  if (power.validTo && now >= Date.parse(power.validTo)) return { ok: false, reason: 'expired' };
  if (!power.rights.includes(right)) return { ok: false, reason: 'out_of_scope' };
  return { ok: true };
}

/** The seal over the claim data a session stores: the person, when the broker vouched, the powers. */
export function sealPowers(
  session: {
    readonly cpr: string;
    readonly loggedInAt?: string | undefined;
    readonly powers: readonly Power[];
  },
  secret: string,
): string {
  return createHmac('sha256', secret)
    .update(
      canonicalJson({ cpr: session.cpr, loggedInAt: session.loggedInAt ?? null, powers: session.powers }),
    )
    .digest('base64url');
}
