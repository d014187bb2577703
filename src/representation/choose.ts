/**
 * The work behind /fuldmagt: the powers a logged-in person holds, shown by the grantor's name, and the
 * choice of whom to act for (or themself), stored in the server-side session. The choice names a
 * power by its place in the session's own list, so no CPR number travels in the form.
 */
import { z } from 'zod';
import { updateSessionData } from '../auth/index.ts';
import type { PowerRight } from '../auth/powers.ts';
import type { CitizenSession } from '../auth/session-types.ts';
import type { Db } from '../db/db.ts';
import { citizenNames, recordRepresentativeAction } from './actions.ts';
import { mayUse, type RefusalReason, type RepresentationSettings } from './representation.ts';

/** One power as the choice page shows it. */
export interface PowerChoice {
  readonly index: number;
  readonly grantorName: string;
  readonly rights: readonly PowerRight[];
  readonly validTo: string | null;
  /** Why it cannot be used now; null: it can. */
  readonly unusable: RefusalReason | null;
  readonly current: boolean;
}

/** The powers of the logged-in person, with the grantors' names from the audit store. */
export async function listPowerChoices(
  db: Db,
  session: CitizenSession,
  settings: RepresentationSettings,
): Promise<PowerChoice[]> {
  const names = await citizenNames(
    db,
    session.powers.map((p) => p.grantorCpr),
  );
  return session.powers.map((power, index) => {
    const check = mayUse(session, power, 'read', settings);
    return {
      index,
      grantorName: names.get(power.grantorCpr) ?? '',
      rights: power.rights,
      validTo: power.validTo,
      unusable: check.ok ? null : check.reason,
      current: session.actingFor?.grantorCpr === power.grantorCpr,
    };
  });
}

const choiceSchema = z.union([z.literal('self'), z.coerce.number().int().min(0).max(999)]);

export type ChooseResult =
  | { readonly ok: true; readonly actingFor: string | null }
  | { readonly ok: false; readonly error: 'invalid_choice' }
  | { readonly ok: false; readonly error: 'refused'; readonly reason: RefusalReason };

/**
 * Acts for the person behind power `choice`, or for oneself with `self`. The power is checked as on
 * every later request; choosing is recorded in the grantor's log.
 */
export async function choose(
  db: Db,
  token: string,
  session: CitizenSession,
  rawChoice: unknown,
  settings: RepresentationSettings,
): Promise<ChooseResult> {
  const parsed = choiceSchema.safeParse(rawChoice);
  if (!parsed.success) return { ok: false, error: 'invalid_choice' };
  if (parsed.data === 'self') {
    await updateSessionData(db, token, { ...session, actingFor: null });
    return { ok: true, actingFor: null };
  }
  const power = session.powers[parsed.data];
  if (!power) return { ok: false, error: 'invalid_choice' };
  const check = mayUse(session, power, 'read', settings);
  if (!check.ok) return { ok: false, error: 'refused', reason: check.reason };
  const names = await citizenNames(db, [power.grantorCpr]);
  const grantorName = names.get(power.grantorCpr);
  // A grantor the municipality's store does not know has no cases here to act on.
  if (!grantorName) return { ok: false, error: 'invalid_choice' };
  await db.transaction(async (tx) => {
    await recordRepresentativeAction(tx, {
      grantorCpr: power.grantorCpr,
      actorName: session.name,
      actorPseudonym: session.pseudonym,
      action: 'start',
      path: '/fuldmagt',
    });
    await updateSessionData(tx, token, {
      ...session,
      actingFor: { grantorCpr: power.grantorCpr, grantorName },
    });
  });
  return { ok: true, actingFor: grantorName };
}

/** Ends acting for someone after a refusal that outlasts this request (an expired or too old power). */
export async function stopActing(db: Db, token: string, session: CitizenSession): Promise<void> {
  if (session.actingFor) await updateSessionData(db, token, { ...session, actingFor: null });
}
