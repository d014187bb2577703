import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, readSession } from '../../src/auth/sessions.ts';
import type { StaffSession } from '../../src/auth/session-types.ts';
import {
  listAccessRecordsForCitizen,
  recordStaffLookup,
  type LookupStaff,
} from '../../src/db/access-records.ts';
import { listCasesForCitizen } from '../../src/db/cases.ts';
import type { Db, Queryable } from '../../src/db/db.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { LOOKUP_RATE_LIMIT } from '../../src/domain/staff-lookup.ts';
import { frontdeskStartRoute, helpingCaseRoute, helpingRoute } from '../../src/frontdesk/frontdesk.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const METTE = '0101600006';
const JENS = generateCitizen(1).citizen.cpr;
/** A real date, a valid format, and nobody in the demo world. */
const NOBODY = '3112999999';

const camilla: LookupStaff = {
  staffId: 'egb-0201',
  name: 'Camilla Juhl',
  title: 'Borgerservicemedarbejder',
  unit: 'Borgerservice Egebæk',
};

function staffSession(staff: LookupStaff, roles: StaffSession['roles']): StaffSession {
  return { kind: 'staff', ...staff, roles, helping: null };
}

/** The store, with every statement it is sent written down in order (inside transactions too). */
function recording(db: Db, options: { asPortalRole?: boolean } = {}): { db: Db; statements: string[] } {
  const statements: string[] = [];
  const wrap = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      statements.push(sql.replace(/\s+/g, ' ').trim());
      return q.query(sql, params);
    },
    copyFrom: (table, columns, rows) => {
      statements.push(`copy ${table}`);
      return q.copyFrom(table, columns, rows);
    },
  });
  return {
    statements,
    db: {
      ...db,
      query: (sql, params) => wrap(db).query(sql, params),
      transaction: (fn) =>
        db.transaction(async (tx) => {
          // The least-privilege role the portal runs as in production (003_portal_role.sql).
          if (options.asPortalRole) await tx.query('set local role indsigt_portal');
          return fn(wrap(tx));
        }),
    },
  };
}

const readsAudit = (sql: string): boolean => /\baudit\./.test(sql);
const insertsAccessRecord = (sql: string): boolean => sql.startsWith('insert into portal.access_record');

async function countRecords(db: Queryable, staffId: string): Promise<number> {
  const { rows } = await db.query('select count(*)::int as n from portal.access_record where staff_id = $1', [
    staffId,
  ]);
  return Number(rows[0]?.['n']);
}

function postRequest(fields: Record<string, string>, path = '/medarbejder'): Request {
  return new Request(`http://localhost:4321${path}`, { method: 'POST', body: new URLSearchParams(fields) });
}

describe.each(STORES)('the front desk on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  it('writes the access record before anything about the citizen is read', async () => {
    const { db: watched, statements } = recording(db);
    const result = await recordStaffLookup(watched, camilla, {
      cpr: METTE,
      purpose: 'desk',
      purposeText: null,
    });
    expect(result).toMatchObject({ ok: true, citizen: { cpr: METTE, name: 'Mette Sørensen' } });
    const insertAt = statements.findIndex(insertsAccessRecord);
    const firstAuditRead = statements.findIndex(readsAudit);
    expect(insertAt).toBeGreaterThanOrEqual(0);
    expect(firstAuditRead).toBeGreaterThan(insertAt);
    const [latest] = await listAccessRecordsForCitizen(db, METTE);
    expect(latest).toMatchObject({
      id: result.ok ? result.accessRecordId : -1,
      staffName: 'Camilla Juhl',
      staffTitle: 'Borgerservicemedarbejder',
      staffUnit: 'Borgerservice Egebæk',
      purpose: 'desk',
      purposeText: null,
    });
  });

  it('records a look-up of a CPR number nobody in the store has, and finds nobody', async () => {
    const before = (await listAccessRecordsForCitizen(db, NOBODY)).length;
    const result = await recordStaffLookup(db, camilla, {
      cpr: NOBODY,
      purpose: 'other',
      purposeText: 'Spørgsmål om en ansøgning',
    });
    expect(result).toMatchObject({ ok: true, citizen: null });
    const after = await listAccessRecordsForCitizen(db, NOBODY);
    expect(after).toHaveLength(before + 1);
    expect(after[0]).toMatchObject({ purpose: 'other', purposeText: 'Spørgsmål om en ansøgning' });
  });

  it('with INSERT on the access records revoked, a look-up shows nothing about the citizen', async () => {
    const staff = { ...camilla, staffId: 'egb-revoked' };
    const token = await createSession(db, staffSession(staff, ['frontdesk']), {
      idpSid: null,
      absoluteMinutes: 60,
    });
    const lookup = (watched: Db) =>
      frontdeskStartRoute({
        db: watched,
        staff: staffSession(staff, ['frontdesk']),
        sessionToken: token,
        sessionExpired: false,
        url: new URL('http://localhost:4321/medarbejder'),
        locale: 'da',
        request: postRequest({ cpr: '010160-0006', purpose: 'phone', purposeText: '' }),
      });

    // As the portal role with its grants, the same look-up works: the role is not what fails below.
    const granted = recording(db, { asPortalRole: true });
    await expect(lookup(granted.db)).resolves.toEqual({ kind: 'redirect', location: '/medarbejder/borger' });

    await db.query('revoke insert on portal.access_record from indsigt_portal');
    try {
      const revoked = recording(db, { asPortalRole: true });
      const recordsBefore = await countRecords(db, staff.staffId);
      const result = await lookup(revoked.db);
      expect(result).toEqual({ kind: 'frontdesk_error', reason: 'lookup_unavailable', status: 503 });
      // Nothing about Mette left the store: not read, not in the answer, not on the session.
      expect(revoked.statements.filter(readsAudit)).toEqual([]);
      expect(JSON.stringify(result)).not.toMatch(/Mette|Sørensen|0101600006/);
      const session = await readSession(db, token);
      expect(session.status === 'active' && session.data.kind === 'staff' && session.data.helping?.name).toBe(
        'Mette Sørensen', // from the granted look-up above, not from this one
      );
      if (session.status === 'active' && session.data.kind === 'staff') {
        expect(session.data.helping?.purpose).toBe('phone');
        const recordIds = (await listAccessRecordsForCitizen(db, METTE)).map((r) => r.id);
        expect(recordIds).toContain(session.data.helping?.accessRecordId);
      }
      expect(await countRecords(db, staff.staffId)).toBe(recordsBefore);
    } finally {
      await db.query('grant insert on portal.access_record to indsigt_portal');
    }
  });

  it('with INSERT revoked, the store-level look-up returns no citizen and reads nothing from the audit store', async () => {
    await db.query('revoke insert on portal.access_record from indsigt_portal');
    try {
      const revoked = recording(db, { asPortalRole: true });
      const result = await recordStaffLookup(revoked.db, camilla, {
        cpr: METTE,
        purpose: 'desk',
        purposeText: null,
      });
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ error: 'not_recorded' });
      expect('citizen' in result).toBe(false);
      expect(revoked.statements.filter(readsAudit)).toEqual([]);
    } finally {
      await db.query('grant insert on portal.access_record to indsigt_portal');
    }
  });

  it(`limits a member of staff to ${String(LOOKUP_RATE_LIMIT.max)} look-ups in ${String(LOOKUP_RATE_LIMIT.windowMinutes)} minutes, counted in the store`, async () => {
    const busy = { ...camilla, staffId: 'egb-busy' };
    const other = { ...camilla, staffId: 'egb-other' };
    const now = new Date('2026-11-23T10:00:00Z');
    // Concurrent look-ups, as from several portal instances: exactly the limit gets through.
    const results = await Promise.all(
      Array.from({ length: LOOKUP_RATE_LIMIT.max + 5 }, () =>
        recordStaffLookup(db, busy, { cpr: JENS, purpose: 'phone', purposeText: null }, { now }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(LOOKUP_RATE_LIMIT.max);
    expect(results.filter((r) => !r.ok && r.error === 'rate_limited')).toHaveLength(5);
    expect(await countRecords(db, busy.staffId)).toBe(LOOKUP_RATE_LIMIT.max);
    // A refused look-up reads nothing about the citizen.
    const { db: watched, statements } = recording(db);
    const refused = await recordStaffLookup(
      watched,
      busy,
      { cpr: JENS, purpose: 'phone', purposeText: null },
      { now },
    );
    expect(refused).toEqual({ ok: false, error: 'rate_limited' });
    expect(statements.filter(readsAudit)).toEqual([]);
    // Another member of staff is not affected, and the window moves on.
    await expect(
      recordStaffLookup(db, other, { cpr: JENS, purpose: 'phone', purposeText: null }, { now }),
    ).resolves.toMatchObject({ ok: true });
    const later = new Date(now.getTime() + LOOKUP_RATE_LIMIT.windowMinutes * 60_000 + 1000);
    await expect(
      recordStaffLookup(db, busy, { cpr: JENS, purpose: 'phone', purposeText: null }, { now: later }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('a look-up through the start page sets the citizen on the session; the view and a case follow; end clears it', async () => {
    const staff = { ...camilla, staffId: 'egb-flow' };
    const session = staffSession(staff, ['frontdesk']);
    const token = await createSession(db, session, { idpSid: null, absoluteMinutes: 60 });
    const base = { db, sessionToken: token, sessionExpired: false, locale: 'en' as const };

    const posted = await frontdeskStartRoute({
      ...base,
      staff: session,
      url: new URL('http://localhost:4321/medarbejder'),
      request: postRequest({ cpr: METTE, purpose: 'other', purposeText: 'Power of attorney' }),
    });
    expect(posted).toEqual({ kind: 'redirect', location: '/en/medarbejder/borger' });
    const read = await readSession(db, token);
    if (read.status !== 'active' || read.data.kind !== 'staff') throw new Error('session lost');
    const helping = read.data;
    expect(helping.helping).toMatchObject({
      cpr: METTE,
      name: 'Mette Sørensen',
      purpose: 'other:Power of attorney',
    });
    const [record] = await listAccessRecordsForCitizen(db, METTE);
    expect(record).toMatchObject({
      id: helping.helping?.accessRecordId,
      purpose: 'other',
      purposeText: 'Power of attorney',
    });

    const view = await helpingRoute({
      ...base,
      staff: helping,
      url: new URL('http://localhost:4321/medarbejder/borger'),
      request: new Request('http://localhost:4321/medarbejder/borger'),
    });
    const metteCases = await listCasesForCitizen(db, METTE);
    expect(view).toMatchObject({
      kind: 'render',
      view: {
        banner: {
          citizenName: 'Mette Sørensen',
          staffName: 'Camilla Juhl',
          purpose: 'other',
          purposeText: 'Power of attorney',
        },
        cases: metteCases,
        print: false,
      },
    });

    const firstCase = metteCases[0];
    if (!firstCase) throw new Error('Mette has cases in the demo world');
    const caseView = await helpingCaseRoute(
      {
        ...base,
        staff: helping,
        url: new URL(`http://localhost:4321/medarbejder/borger/sager/${firstCase.id}?print=1`),
        request: new Request(`http://localhost:4321/medarbejder/borger/sager/${firstCase.id}?print=1`),
      },
      firstCase.id,
    );
    expect(caseView).toMatchObject({
      kind: 'render',
      view: { timeline: { case: { id: firstCase.id } }, print: true },
    });
    // Another citizen's case is not reachable through Mette's view.
    const jensCase = (await listCasesForCitizen(db, JENS))[0];
    if (!jensCase) throw new Error('Jens has cases in the demo world');
    const other = await helpingCaseRoute(
      {
        ...base,
        staff: helping,
        url: new URL(`http://localhost:4321/medarbejder/borger/sager/${jensCase.id}`),
        request: new Request(`http://localhost:4321/medarbejder/borger/sager/${jensCase.id}`),
      },
      jensCase.id,
    );
    expect(other).toEqual({ kind: 'not_found' });

    const ended = await helpingRoute({
      ...base,
      staff: helping,
      url: new URL('http://localhost:4321/medarbejder/borger'),
      request: postRequest({ action: 'end' }, '/medarbejder/borger'),
    });
    expect(ended).toEqual({ kind: 'redirect', location: '/en/medarbejder?afsluttet=1' });
    const afterEnd = await readSession(db, token);
    expect(
      afterEnd.status === 'active' && afterEnd.data.kind === 'staff' && afterEnd.data.helping,
    ).toBeNull();
  });

  it('refuses a look-up by a publisher without the front-desk role, and records nothing', async () => {
    const henrik: LookupStaff = {
      staffId: 'egb-0301',
      name: 'Henrik Bisgaard',
      title: 'Kommunikation',
      unit: 'Digitalisering',
    };
    const session = staffSession(henrik, ['publisher']);
    const token = await createSession(db, session, { idpSid: null, absoluteMinutes: 60 });
    const result = await frontdeskStartRoute({
      db,
      staff: session,
      sessionToken: token,
      sessionExpired: false,
      url: new URL('http://localhost:4321/medarbejder'),
      locale: 'da',
      request: postRequest({ cpr: METTE, purpose: 'desk', purposeText: '' }),
    });
    expect(result).toEqual({ kind: 'auth_error', reason: 'forbidden' });
    expect(await countRecords(db, henrik.staffId)).toBe(0);
    const view = await helpingRoute({
      db,
      staff: session,
      sessionToken: token,
      sessionExpired: false,
      url: new URL('http://localhost:4321/medarbejder/borger'),
      locale: 'da',
      request: new Request('http://localhost:4321/medarbejder/borger'),
    });
    expect(view).toEqual({ kind: 'auth_error', reason: 'forbidden' });
  });

  it('answers an invalid form with the messages by the field, and records nothing', async () => {
    const staff = { ...camilla, staffId: 'egb-typo' };
    const session = staffSession(staff, ['frontdesk']);
    const token = await createSession(db, session, { idpSid: null, absoluteMinutes: 60 });
    const result = await frontdeskStartRoute({
      db,
      staff: session,
      sessionToken: token,
      sessionExpired: false,
      url: new URL('http://localhost:4321/medarbejder'),
      locale: 'da',
      request: postRequest({ cpr: '3102601234', purpose: '', purposeText: '' }),
    });
    expect(result).toMatchObject({
      kind: 'render',
      status: 422,
      view: {
        errors: [
          { field: 'cpr', code: 'cpr_date' },
          { field: 'purpose', code: 'purpose_required' },
        ],
        values: { cpr: '3102601234' },
      },
    });
    expect(await countRecords(db, staff.staffId)).toBe(0);
  });

  it("lists a citizen's log newest first, with only that citizen's look-ups", async () => {
    const entries = await listAccessRecordsForCitizen(db, METTE);
    expect(entries.length).toBeGreaterThan(1);
    const times = entries.map((e) => e.accessedAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const jens = await listAccessRecordsForCitizen(db, JENS);
    expect(jens.every((e) => e.purpose === 'phone')).toBe(true);
    expect(entries.map((e) => e.id)).not.toContain(jens[0]?.id);
    expect(Object.keys(entries[0] ?? {})).not.toContain('staffId');
  });
});
