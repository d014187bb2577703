import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLog } from '../helpers/capture-log.ts';
import type { StaffSession } from '../../src/auth/session-types.ts';
import { parseConfig } from '../../src/config.ts';
import type { AccessLogEntry } from '../../src/db/access-records.ts';
import type { Db } from '../../src/db/db.ts';
import {
  decodeSessionPurpose,
  encodeSessionPurpose,
  parseLookupForm,
  PURPOSE_TEXT_MAX,
} from '../../src/domain/staff-lookup.ts';
import { entriesForCitizen } from '../../src/frontdesk/access-log.ts';
import {
  frontdeskStartRoute,
  helpingCaseRoute,
  helpingRoute,
  queryCarriesCpr,
  type FrontdeskContext,
} from '../../src/frontdesk/frontdesk.ts';

const METTE = '0101600006';

describe('the look-up form', () => {
  it('accepts a CPR number with or without a hyphen, and a purpose', () => {
    expect(parseLookupForm({ cpr: '010160-0006', purpose: 'desk', purposeText: '' })).toEqual({
      ok: true,
      lookup: { cpr: METTE, purpose: 'desk', purposeText: null },
    });
    expect(parseLookupForm({ cpr: ' 0101600006 ', purpose: 'phone', purposeText: 'ignored' })).toEqual({
      ok: true,
      lookup: { cpr: METTE, purpose: 'phone', purposeText: null },
    });
  });

  it('keeps the text of "other" as the purpose', () => {
    const result = parseLookupForm({ cpr: METTE, purpose: 'other', purposeText: ' Partsrepræsentant ' });
    expect(result).toEqual({
      ok: true,
      lookup: { cpr: METTE, purpose: 'other', purposeText: 'Partsrepræsentant' },
    });
  });

  it('says which field is wrong: missing, malformed or impossible-date CPR numbers', () => {
    const codeOf = (cpr: string): string | undefined => {
      const result = parseLookupForm({ cpr, purpose: 'desk', purposeText: '' });
      return result.ok ? undefined : result.errors.find((e) => e.field === 'cpr')?.code;
    };
    expect(codeOf('')).toBe('cpr_required');
    expect(codeOf('01016000')).toBe('cpr_format');
    expect(codeOf('01016O0006')).toBe('cpr_format');
    expect(codeOf('3102601234')).toBe('cpr_date');
    expect(codeOf('0113601234')).toBe('cpr_date');
  });

  it('requires a purpose, and a short text without CPR numbers for "other"', () => {
    const errors = (purpose: string, purposeText: string): string[] => {
      const result = parseLookupForm({ cpr: METTE, purpose, purposeText });
      return result.ok ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
    };
    expect(errors('', '')).toEqual(['purpose:purpose_required']);
    expect(errors('browsing', '')).toEqual(['purpose:purpose_required']);
    expect(errors('other', '  ')).toEqual(['purposeText:purpose_text_required']);
    expect(errors('other', 'x'.repeat(PURPOSE_TEXT_MAX + 1))).toEqual(['purposeText:purpose_text_too_long']);
    expect(errors('other', 'Spurgte om 010160-0006')).toEqual(['purposeText:purpose_text_has_cpr']);
  });

  it('reports every wrong field at once and gives back what was typed', () => {
    const result = parseLookupForm({ cpr: '12', purpose: '', purposeText: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual(['cpr', 'purpose']);
    expect(result.values).toEqual({ cpr: '12', purpose: '', purposeText: '' });
  });

  it('keeps the purpose on the staff session as one string and reads it back', () => {
    expect(decodeSessionPurpose(encodeSessionPurpose('written', null))).toEqual({
      purpose: 'written',
      purposeText: null,
    });
    expect(decodeSessionPurpose(encodeSessionPurpose('other', 'desk'))).toEqual({
      purpose: 'other',
      purposeText: 'desk',
    });
  });
});

describe('a CPR number in a query string', () => {
  const url = (search: string): URL => new URL(`http://localhost/medarbejder${search}`);

  it('is found in a value, a key, percent-encoded, or as a parameter named cpr', () => {
    expect(queryCarriesCpr(url(`?cpr=${METTE}`))).toBe(true);
    expect(queryCarriesCpr(url('?q=010160-0006'))).toBe(true);
    expect(queryCarriesCpr(url('?q=010160%2D0006'))).toBe(true);
    expect(queryCarriesCpr(url(`?${METTE}`))).toBe(true);
    expect(queryCarriesCpr(url('?CPR=anything'))).toBe(true);
  });

  it('is not found in the front desk’s own parameters', () => {
    expect(queryCarriesCpr(url(''))).toBe(false);
    expect(queryCarriesCpr(url('?print=1'))).toBe(false);
    expect(queryCarriesCpr(url('?afsluttet=1'))).toBe(false);
    expect(queryCarriesCpr(url('?returnTo=%2Fmedarbejder%2Fborger%2Fsager%2F8a435cd3-397f-45cf'))).toBe(
      false,
    );
  });
});

describe('every front-desk page refuses a CPR number in the query string', () => {
  const camilla: StaffSession = {
    kind: 'staff',
    staffId: 'egb-0201',
    name: 'Camilla Juhl',
    title: 'Borgerservicemedarbejder',
    unit: 'Borgerservice Egebæk',
    roles: ['frontdesk'],
    helping: { cpr: METTE, name: 'Mette Sørensen', purpose: 'desk', accessRecordId: 1 },
  };
  /** A store that fails the test if the refused request reaches it. */
  const untouchable: Db = {
    kind: 'pglite',
    query: () => Promise.reject(new Error('the store must not be used')),
    copyFrom: () => Promise.reject(new Error('the store must not be used')),
    transaction: () => Promise.reject(new Error('the store must not be used')),
    exec: () => Promise.reject(new Error('the store must not be used')),
    close: () => Promise.resolve(),
  };
  const context = (path: string, method = 'GET'): FrontdeskContext => ({
    db: untouchable,
    staff: camilla,
    sessionToken: 'session-token',
    sessionExpired: false,
    url: new URL(`http://localhost${path}`),
    locale: 'da',
    request: new Request(`http://localhost${path}`, { method }),
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('with 400, before the session or the store is used, and without logging the number', async () => {
    const log = captureLog();
    const refused = { kind: 'frontdesk_error', reason: 'cpr_in_url', status: 400 };
    await expect(frontdeskStartRoute(context(`/medarbejder?cpr=${METTE}`))).resolves.toEqual(refused);
    await expect(frontdeskStartRoute(context('/medarbejder?cpr=010160-0006', 'POST'))).resolves.toEqual(
      refused,
    );
    await expect(helpingRoute(context(`/medarbejder/borger?print=1&q=${METTE}`))).resolves.toEqual(refused);
    await expect(helpingCaseRoute(context(`/medarbejder/borger/sager/x?${METTE}`), 'x')).resolves.toEqual(
      refused,
    );
    // The refusal is logged (path only); the number is not, in either form.
    const written = log.read();
    expect(written).toContain('query string with a CPR number refused');
    expect(written).not.toContain(METTE);
    expect(written).not.toContain('010160-0006');
    expect(written).not.toContain('[cpr]');
  });

  it('is also refused for someone not logged in (no redirect carrying the number to the login)', async () => {
    const log = captureLog();
    const result = await frontdeskStartRoute({ ...context(`/medarbejder?q=${METTE}`), staff: undefined });
    expect(result).toMatchObject({ kind: 'frontdesk_error', status: 400 });
    expect(log.read()).not.toContain(METTE);
  });
});

describe("the citizen's log", () => {
  const entry: AccessLogEntry = {
    id: 1,
    accessedAt: new Date('2026-11-23T09:15:00Z'),
    staffName: 'Camilla Juhl',
    staffTitle: 'Borgerservicemedarbejder',
    staffUnit: 'Borgerservice Egebæk',
    purpose: 'desk',
    purposeText: null,
  };

  it('names the member of staff by default', () => {
    expect(entriesForCitizen([entry], true)[0]).toMatchObject({
      staffName: 'Camilla Juhl',
      staffTitle: 'Borgerservicemedarbejder',
      staffUnit: 'Borgerservice Egebæk',
    });
  });

  it('leaves the name and title out when the municipality shows the unit only', () => {
    const [shown] = entriesForCitizen([entry], false);
    expect(shown).toMatchObject({ staffName: null, staffTitle: null, staffUnit: 'Borgerservice Egebæk' });
    expect(JSON.stringify(shown)).not.toContain('Camilla');
  });

  it('is configured by ACCESS_LOG_SHOW_STAFF_NAME, true unless set to false', () => {
    const shows = (value: string | undefined): boolean | string => {
      const result = parseConfig({ ACCESS_LOG_SHOW_STAFF_NAME: value });
      return result.ok ? result.config.accessLogShowStaffName : result.errors.join();
    };
    expect(shows(undefined)).toBe(true);
    expect(shows('true')).toBe(true);
    expect(shows('false')).toBe(false);
    expect(shows('0')).toBe(false);
    expect(shows('perhaps')).toMatch(/ACCESS_LOG_SHOW_STAFF_NAME/);
  });
});
