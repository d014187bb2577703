// The statutory pages' facts against real stores: the controller and DPO come from the store, and
// the privacy notice's promise that an ended login is deleted holds (a login removes them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.ts';
import type { CitizenSession, StaffSession } from '../../src/auth/session-types.ts';
import { parseConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/db.ts';
import { MUNICIPALITY } from '../../src/demo/reference-data.ts';
import { loadStatutoryFacts } from '../../src/statutory/facts.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const citizen: CitizenSession = {
  kind: 'citizen',
  cpr: '0101600006',
  name: 'Mette Sørensen',
  pseudonym: 'p-1',
  loa: 'substantial',
  powers: [],
  actingFor: null,
};
const staff: StaffSession = {
  kind: 'staff',
  staffId: 'egb-0201',
  name: 'Camilla Juhl',
  title: 'Borgerservicemedarbejder',
  unit: 'Borgerservice',
  roles: ['frontdesk'],
  helping: null,
};

function config(env: Record<string, string> = {}): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe.each(STORES)('the statutory pages on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 10);
  });
  afterAll(async () => {
    await db.close();
  });

  it('name the municipality in the store as controller, with its DPO and contacts', async () => {
    const facts = await loadStatutoryFacts(db, config());
    expect(facts.municipality).toEqual({
      code: MUNICIPALITY.code,
      name: MUNICIPALITY.name,
      address: MUNICIPALITY.address,
      contactEmail: MUNICIPALITY.contactEmail,
      contactPhone: MUNICIPALITY.contactPhone,
      dpoName: MUNICIPALITY.dpoName,
      dpoEmail: MUNICIPALITY.dpoEmail,
      cvr: MUNICIPALITY.cvr,
      websiteUrl: MUNICIPALITY.websiteUrl,
    });
    expect(facts.accessibilityEmail).toBe(MUNICIPALITY.contactEmail);
    const configured = await loadStatutoryFacts(
      db,
      config({ ACCESSIBILITY_CONTACT_EMAIL: 'web@egebaek.dk' }),
    );
    expect(configured.accessibilityEmail).toBe('web@egebaek.dk');
  });

  it('a login deletes sessions that ended without a logout, idle or past their end, and keeps live ones', async () => {
    const now = new Date();
    const minutesAgo = (m: number): Date => new Date(now.getTime() - m * 60_000);
    const login = (session: CitizenSession | StaffSession, sid: string, at: Date, absoluteMinutes = 480) =>
      createSession(db, session, { idpSid: sid, absoluteMinutes, now: at });
    await login(citizen, 'e', minutesAgo(1), 15);
    await login(citizen, 'a', minutesAgo(16));
    await login(staff, 'b', minutesAgo(11));
    await login(citizen, 'c', minutesAgo(14));
    await login(staff, 'd', minutesAgo(9));
    // 'e' reached its absolute end half a minute ago, though it was used a minute ago.
    await db.query(`update portal.session set expires_at = $1 where idp_sid = 'e'`, [minutesAgo(0.5)]);
    const sids = async (): Promise<string[]> =>
      (
        await db.query(
          `select idp_sid from portal.session where idp_sid in ('a', 'b', 'c', 'd', 'e') order by idp_sid`,
        )
      ).rows.map((r) => String(r['idp_sid']));
    expect(await sids()).toEqual(['a', 'b', 'c', 'd', 'e']);
    await login(citizen, 'f', now);
    // Citizens idle over 15 minutes, staff over 10, and sessions past their end are gone.
    expect(await sids()).toEqual(['c', 'd']);
  });
});
