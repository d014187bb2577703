import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../src/auth/session-types.ts';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { enqueueLetter, getOutboxOverview } from '../../src/digital-post/outbox.ts';
import { outboxRoute, type OutboxRouteContext } from '../../src/digital-post/staff-routes.ts';
import { STORES } from '../helpers/stores.ts';

const frontdesk: StaffSession = {
  kind: 'staff',
  staffId: 'cju',
  name: 'Camilla Juhl',
  title: 'Borgerservicemedarbejder',
  unit: 'Borgerservice',
  roles: ['frontdesk'],
  helping: null,
};
const PAGE = 'http://localhost:4321/medarbejder/post';

function context(db: Db, patch: Partial<OutboxRouteContext> = {}): OutboxRouteContext {
  return {
    db,
    staff: frontdesk,
    url: new URL(PAGE),
    locale: 'da',
    request: new Request(PAGE),
    transport: 'development',
    ...patch,
  };
}

function retry(messageUuid: string): Request {
  return new Request(PAGE, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ messageUuid }).toString(),
  });
}

describe.each(STORES)('Digital Post staff page on $name', (store) => {
  let db: Db;
  const uuid = '2a6a3c1e-6b2f-4a57-9d55-0d7c3c1f7e01';

  beforeAll(async () => {
    db = await store.open();
    await migrate(db);
    await db.transaction((tx) =>
      enqueueLetter(tx, {
        messageUuid: uuid,
        kind: 'request_answer',
        senderCvr: '12345678',
        senderName: 'Egebæk Kommune',
        recipientCpr: '1601800001',
        label: 'Svar på din anmodning (A-1)',
        text: 'Svar.',
        createdAt: new Date(),
      }),
    );
    await db.query(
      `update portal.outbox_message set status = 'dead', attempts = 10, last_error = 'SF1601 answered HTTP 400'`,
    );
  });
  afterAll(async () => {
    await db.close();
  });

  it('sends a visitor without a staff session to the staff login, and refuses staff without a role', async () => {
    expect(await outboxRoute(context(db, { staff: undefined }))).toEqual({
      kind: 'redirect',
      location: '/medarbejder/log-ind?returnTo=%2Fmedarbejder%2Fpost',
    });
    expect(await outboxRoute(context(db, { staff: { ...frontdesk, roles: [] } }))).toEqual({
      kind: 'forbidden',
      status: 403,
    });
  });

  it('lists failed letters first, with the error and no CPR number', async () => {
    const result = await outboxRoute(context(db));
    if (result.kind !== 'render') throw new Error(result.kind);
    expect(result.view.status).toBe('dead');
    expect(result.view.overview.counts).toEqual({ pending: 0, sent: 0, dead: 1 });
    expect(result.view.overview.entries.map((e) => [e.messageUuid, e.lastError])).toEqual([
      [uuid, 'SF1601 answered HTTP 400'],
    ]);
    expect(JSON.stringify(result.view)).not.toContain('1601800001');
    // An unknown status shows the failed letters.
    const odd = await outboxRoute(context(db, { url: new URL(`${PAGE}?status=%00`) }));
    expect(odd.kind === 'render' && odd.view.status).toBe('dead');
  });

  it('puts a failed letter back in the queue; a bad or unknown id changes nothing', async () => {
    expect(await outboxRoute(context(db, { request: retry('not-a-uuid\u0000') }))).toEqual({
      kind: 'redirect',
      location: '/medarbejder/post?status=dead&retried=0',
    });
    expect(
      await outboxRoute(context(db, { request: retry('00000000-0000-4000-8000-000000000000') })),
    ).toEqual({
      kind: 'redirect',
      location: '/medarbejder/post?status=dead&retried=0',
    });
    expect(await outboxRoute(context(db, { request: retry(uuid) }))).toEqual({
      kind: 'redirect',
      location: '/medarbejder/post?status=dead&retried=1',
    });
    expect((await getOutboxOverview(db)).counts).toEqual({ pending: 1, sent: 0, dead: 0 });
  });
});
