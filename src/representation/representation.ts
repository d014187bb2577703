/**
 * Acting for someone else with a power of attorney (Digital Fuldmagt). The representative logs in as
 * themself; their powers come from the broker's signed ID token and are stored, sealed, in the
 * server-side session. On every request the power behind "acting for" is checked again: it must be
 * sealed, in its period, young enough (a new login after a maximum age, so a revoked power stops
 * working) and must allow what the request does (reading, or filing requests). Pages then see the
 * person whose data it is as the citizen, and the representative beside them.
 */
import { timingSafeEqual } from 'node:crypto';
import { checkPower, sealPowers, type Power, type PowerCheck, type PowerRight } from '../auth/powers.ts';
import type { CitizenSession } from '../auth/session-types.ts';
import { cprPseudonym } from '../domain/cpr.ts';

function sealHolds(session: CitizenSession, secret: string): boolean {
  if (!session.powersSeal) return false;
  const expected = Buffer.from(sealPowers(session, secret));
  const actual = Buffer.from(session.powersSeal);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export type RefusalReason = Exclude<PowerCheck, { ok: true }>['reason'] | 'not_sealed' | 'no_power';

/** Who is acting, for display and for the grantor's log. Never a CPR number. */
export interface Representative {
  readonly actorName: string;
  readonly actorPseudonym: string;
  readonly grantorName: string;
  readonly rights: readonly PowerRight[];
}

export type Representation =
  | { readonly kind: 'self' }
  | { readonly kind: 'acting'; readonly subject: CitizenSession; readonly representative: Representative }
  | { readonly kind: 'refused'; readonly reason: RefusalReason };

export interface RepresentationSettings {
  readonly secret: string;
  readonly maxAgeMinutes: number;
  readonly now?: Date;
}

/** The power a session holds from `grantorCpr`, if any. */
export function powerFrom(session: CitizenSession, grantorCpr: string): Power | undefined {
  return session.powers.find((p) => p.grantorCpr === grantorCpr);
}

/**
 * Whether a session may use `power` for `right` now: the seal must hold and the power must be valid.
 * The same check is used when the representative chooses and on every request afterwards.
 */
export function mayUse(
  session: CitizenSession,
  power: Power | undefined,
  right: PowerRight,
  settings: RepresentationSettings,
): { ok: true } | { ok: false; reason: RefusalReason } {
  if (!sealHolds(session, settings.secret)) return { ok: false, reason: 'not_sealed' };
  if (!power) return { ok: false, reason: 'no_power' };
  if (!session.loggedInAt) return { ok: false, reason: 'too_old' };
  return checkPower(power, right, {
    now: settings.now ?? new Date(),
    loggedInAt: new Date(session.loggedInAt),
    maxAgeMinutes: settings.maxAgeMinutes,
  });
}

/**
 * Resolves a citizen session for one request that needs `right`: the person themself, the person a
 * representative acts for (as the subject the pages show), or a refusal.
 */
export function resolveRepresentation(
  session: CitizenSession,
  right: PowerRight,
  settings: RepresentationSettings,
): Representation {
  const acting = session.actingFor;
  if (!acting) return { kind: 'self' };
  const power = powerFrom(session, acting.grantorCpr);
  const check = mayUse(session, power, right, settings);
  if (!check.ok) return { kind: 'refused', reason: check.reason };
  return {
    kind: 'acting',
    subject: {
      kind: 'citizen',
      cpr: acting.grantorCpr,
      name: acting.grantorName,
      pseudonym: cprPseudonym(acting.grantorCpr, settings.secret),
      loa: session.loa,
      powers: [],
      actingFor: null,
    },
    representative: {
      actorName: session.name,
      actorPseudonym: session.pseudonym,
      grantorName: acting.grantorName,
      rights: power?.rights ?? [],
    },
  };
}

/** The request form: showing it is already part of filing a request, so it needs that right too. */
const FILING_ROUTE = /^\/mine-sager\/[^/]+\/anmod$/;

/** Safe methods read; anything else acts (files a request), which needs its own right, as does its form. */
export function rightFor(method: string, route: string): PowerRight {
  const safe = method === 'GET' || method === 'HEAD';
  return safe && !FILING_ROUTE.test(route) ? 'read' : 'file_requests';
}
