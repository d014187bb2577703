/**
 * What a logged-in session carries. Citizen and staff sessions are separate kinds; one browser holds
 * at most one session at a time. Pages read these from `Astro.locals.citizen` / `Astro.locals.staff`.
 */
import { z } from 'zod';
import { cprNumberSchema } from '../domain/cpr.ts';
import { powerSchema } from './powers.ts';

export const STAFF_ROLES = ['frontdesk', 'publisher', 'caseworker'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const citizenSessionSchema = z.object({
  kind: z.literal('citizen'),
  /** The CPR number: kept server-side only, never in a URL, log line, cookie or error page. */
  cpr: cprNumberSchema,
  name: z.string().min(1),
  /** What logs carry instead of the CPR number. */
  pseudonym: z.string().min(1),
  /** The NSIS assurance level reached at login. */
  loa: z.enum(['substantial', 'high']),
  /** When the broker vouched for this person and their powers (powers expire a while after it). */
  loggedInAt: z.iso.datetime().optional(),
  /** Powers of attorney from Digital Fuldmagt, as the broker's signed ID token carried them. */
  powers: z.array(powerSchema).default([]),
  /** HMAC over cpr, loggedInAt and powers with the session secret: the stored claim data is sealed. */
  powersSeal: z.string().optional(),
  /** The person this representative acts for now; null: for themself. */
  actingFor: z
    .object({ grantorCpr: z.string().regex(/^[0-9]{10}$/), grantorName: z.string().min(1) })
    .nullable()
    .default(null),
});
export type CitizenSession = z.infer<typeof citizenSessionSchema>;

export const staffSessionSchema = z.object({
  kind: z.literal('staff'),
  staffId: z.string().min(1),
  name: z.string().min(1),
  title: z.string(),
  unit: z.string(),
  roles: z.array(staffRoleSchema),
  /** The citizen a front-desk worker is helping right now (see the front-desk issue). */
  helping: z
    .object({
      cpr: cprNumberSchema,
      name: z.string(),
      purpose: z.string(),
      accessRecordId: z.number(),
    })
    .nullable()
    .default(null),
});
export type StaffSession = z.infer<typeof staffSessionSchema>;

export const sessionDataSchema = z.discriminatedUnion('kind', [citizenSessionSchema, staffSessionSchema]);
export type SessionData = z.infer<typeof sessionDataSchema>;
