import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { startDevIdps, type DevIdps } from '../../src/dev-idp/server.ts';
import { developmentTransport } from '../../src/digital-post/dev-transport.ts';
import {
  enqueueLetter,
  getOutboxOverview,
  requestReceiptLetter,
  retryDeadLetter,
  type DigitalPostTransport,
  type Letter,
} from '../../src/digital-post/index.ts';
import { backoffSeconds, runOutboxRound, type WorkerOptions } from '../../src/digital-post/worker.ts';
import { STORES } from '../helpers/stores.ts';

const OPTIONS: WorkerOptions = {
  batchSize: 10,
  leaseSeconds: 1,
  maxAttempts: 3,
  baseDelaySeconds: 0,
  maxDelaySeconds: 0,
  pollMilliseconds: 50,
};

let counter = 0;
function letter(cpr = '1601800001', language: 'da' | 'en' = 'da'): Letter {
  counter += 1;
  return requestReceiptLetter(
    {
      senderCvr: '12345678',
      municipality: 'Egebæk Kommune',
      recipientCpr: cpr,
      recipientName: 'Lars Poulsen',
      language,
    },
    {
      reference: `A-2026-${String(counter).padStart(4, '0')}`,
      type: 'explanation',
      caseNumber: 'SAG-1',
      caseTitle: 'Sygedagpenge',
      receivedAt: new Date(),
      deadline: '2026-12-23',
      url: new URL('http://localhost:4321/mine-anmodninger'),
    },
  );
}

async function statuses(db: Db): Promise<Record<string, number>> {
  return { ...(await getOutboxOverview(db)).counts };
}

describe('backoff', () => {
  it('doubles the wait after each failure, from the base, up to the cap', () => {
    const o = { baseDelaySeconds: 30, maxDelaySeconds: 3600 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffSeconds(a, o))).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600,
    ]);
    expect(backoffSeconds(1000, o)).toBe(3600);
  });
});

describe.each(STORES)('Digital Post outbox on $name', (store) => {
  let db: Db;
  let idps: DevIdps;
  let transport: DigitalPostTransport;

  beforeAll(async () => {
    db = await store.open();
    await migrate(db);
    idps = await startDevIdps({
      port: 0,
      portalBaseUrl: new URL('http://localhost:4550'),
      citizenClient: { clientId: 'c', method: 'client_secret_basic', secret: 's'.repeat(32) },
      staffClient: { clientId: 's', secret: 's'.repeat(32) },
    });
    transport = developmentTransport(new URL(idps.digitalPostUrl));
  });
  afterAll(async () => {
    await idps.close();
    await db.close();
  });

  async function drain(): Promise<void> {
    await db.query(
      `update portal.outbox_message set status = 'sent', sent_at = now() where status <> 'sent'`,
    );
  }

  it('writes a letter only when the caller’s transaction commits', async () => {
    const before = (await statuses(db))['pending'];
    await expect(
      db.transaction(async (tx) => {
        await enqueueLetter(tx, letter());
        throw new Error('the request step failed');
      }),
    ).rejects.toThrow('the request step failed');
    expect((await statuses(db))['pending']).toBe(before);
    const result = await db.transaction((tx) => enqueueLetter(tx, letter()));
    expect(result).toMatchObject({ ok: true, enqueued: true });
    expect((await statuses(db))['pending']).toBe((before ?? 0) + 1);
    await drain();
  });

  it('delivers exactly one letter per enqueued letter when a worker dies between sending and marking', async () => {
    const enqueued = [letter(), letter(), letter()];
    for (const l of enqueued) await db.transaction((tx) => enqueueLetter(tx, l));
    const postingsBefore = idps.digitalPostInbox.postings;

    // The first worker sends the first letter, then dies before it can record that it did.
    const crash = new AbortController();
    const dying: DigitalPostTransport = {
      name: 'dying',
      async send(l) {
        const result = await transport.send(l);
        crash.abort();
        return result;
      },
    };
    // (It claims one letter at a time; a bigger batch would hold its other letters until the claim ran out.)
    const first = await runOutboxRound(db, dying, { ...OPTIONS, batchSize: 1 }, crash.signal);
    expect(first.sent).toBe(0);
    const delivered = new Set(idps.digitalPostInbox.letters().map((l) => l.messageUuid));
    expect(delivered.has(enqueued[0]?.messageUuid ?? '')).toBe(true);

    // A new worker does not take the dead worker's letter while its claim holds, but sends the others.
    const second = await runOutboxRound(db, transport, OPTIONS);
    expect(second.sent).toBe(2);

    // When the claim has run out, the letter is sent again, under the same MessageUUID.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const third = await runOutboxRound(db, transport, OPTIONS);
    expect(third.sent).toBe(1);

    expect(idps.digitalPostInbox.postings - postingsBefore).toBe(4); // the first letter was posted twice
    const inbox = idps.digitalPostInbox
      .letters()
      .filter((l) => enqueued.some((e) => e.messageUuid === l.messageUuid));
    expect(inbox.map((l) => l.messageUuid).sort()).toEqual(enqueued.map((l) => l.messageUuid).sort());
    const { rows } = await db.query(
      `select status, attempts from portal.outbox_message where message_uuid = any($1::uuid[]) order by attempts`,
      [enqueued.map((l) => l.messageUuid)],
    );
    expect(rows).toEqual([
      { status: 'sent', attempts: 1 },
      { status: 'sent', attempts: 1 },
      { status: 'sent', attempts: 2 },
    ]);
  });

  it('retries a failing letter with back-off, ends it as dead after the last attempt, and staff can send it again', async () => {
    const l = letter();
    await db.transaction((tx) => enqueueLetter(tx, l));
    const down: DigitalPostTransport = {
      name: 'down',
      send: () => Promise.resolve({ ok: false, permanent: false, error: 'SF1601 answered HTTP 503' }),
    };
    const slow = { ...OPTIONS, baseDelaySeconds: 60, maxDelaySeconds: 600 };
    expect(await runOutboxRound(db, down, slow)).toMatchObject({ claimed: 1, retried: 1 });
    const waiting = await db.query(
      `select extract(epoch from next_attempt_at - now())::int as wait, last_error
       from portal.outbox_message where message_uuid = $1`,
      [l.messageUuid],
    );
    expect(waiting.rows[0]?.['wait']).toBeGreaterThanOrEqual(58);
    expect(waiting.rows[0]?.['last_error']).toBe('SF1601 answered HTTP 503');
    // Not due yet: nothing is claimed.
    expect((await runOutboxRound(db, down, slow)).claimed).toBe(0);

    await db.query(`update portal.outbox_message set next_attempt_at = now() where message_uuid = $1`, [
      l.messageUuid,
    ]);
    expect(await runOutboxRound(db, down, OPTIONS)).toMatchObject({ retried: 1 });
    expect(await runOutboxRound(db, down, OPTIONS)).toMatchObject({ dead: 1 });
    const overview = await getOutboxOverview(db, 'dead');
    expect(overview.entries.map((e) => [e.messageUuid, e.attempts, e.lastError])).toEqual([
      [l.messageUuid, 3, 'SF1601 answered HTTP 503'],
    ]);
    expect(JSON.stringify(overview)).not.toContain('1601800001'); // staff see the letter, not the CPR number

    expect(await retryDeadLetter(db, l.messageUuid)).toBe(true);
    expect(await retryDeadLetter(db, l.messageUuid)).toBe(false);
    expect(await runOutboxRound(db, transport, OPTIONS)).toMatchObject({ sent: 1 });
    expect((await getOutboxOverview(db, 'dead')).counts.dead).toBe(0);
  });

  it('keeps the language each letter is written in, for the staff page to mark its title with', async () => {
    const danish = letter('1601800001', 'da');
    const english = letter('1601800001', 'en');
    await db.transaction(async (tx) => {
      await enqueueLetter(tx, danish);
      await enqueueLetter(tx, english);
    });
    const languages = new Map(
      (await getOutboxOverview(db, 'pending', 500)).entries.map((e) => [
        e.messageUuid,
        [e.language, e.label],
      ]),
    );
    expect(languages.get(danish.messageUuid)).toEqual(['da', danish.label]);
    expect(languages.get(english.messageUuid)).toEqual(['en', english.label]);
    expect(english.label).not.toBe(danish.label);
    // The store is shared with the next tests, which count the outbox.
    await db.query('delete from portal.outbox_message where message_uuid = any($1)', [
      [danish.messageUuid, english.messageUuid],
    ]);
  });

  it('ends a letter the receiver refuses as dead at once', async () => {
    const l = letter();
    await db.transaction((tx) => enqueueLetter(tx, l));
    const refusing: DigitalPostTransport = {
      name: 'refusing',
      send: () => Promise.resolve({ ok: false, permanent: true, error: 'SF1601 answered HTTP 400' }),
    };
    expect(await runOutboxRound(db, refusing, OPTIONS)).toMatchObject({ claimed: 1, dead: 1 });
    await drain();
  });

  it('never lets two workers send the same letter, however they interleave', async () => {
    const enqueued = Array.from({ length: 30 }, () => letter());
    await db.transaction(async (tx) => {
      for (const l of enqueued) await enqueueLetter(tx, l);
    });
    const sends: string[] = [];
    const counting: DigitalPostTransport = {
      name: 'counting',
      async send(l) {
        sends.push(l.messageUuid);
        await new Promise((resolve) => setTimeout(resolve, 2));
        return { ok: true };
      },
    };
    const small = { ...OPTIONS, batchSize: 4, leaseSeconds: 60 };
    const worker = async (): Promise<void> => {
      while ((await runOutboxRound(db, counting, small)).claimed > 0);
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(sends.length).toBe(30);
    expect(new Set(sends).size).toBe(30);
  });

  it('keeps at most one letter per idempotency key', async () => {
    const key = `ai-notice:test:${String(counter)}`;
    const a = letter();
    const first = await db.transaction((tx) => enqueueLetter(tx, a, { idempotencyKey: key }));
    const second = await db.transaction((tx) => enqueueLetter(tx, letter(), { idempotencyKey: key }));
    expect(first).toEqual({ ok: true, messageUuid: a.messageUuid, enqueued: true });
    expect(second).toEqual({ ok: true, messageUuid: a.messageUuid, enqueued: false });
    await drain();
  });

  it('refuses an invalid letter without writing anything', async () => {
    const result = await db.transaction((tx) => enqueueLetter(tx, { ...letter(), text: 'a\u0000b' }));
    expect(result).toEqual({ ok: false, errors: ['text: contains characters XML cannot carry'] });
  });
});

describe('development inbox', () => {
  it('refuses what is not a MeMo message, and keeps one letter per MessageUUID', async () => {
    const idps = await startDevIdps({
      port: 0,
      portalBaseUrl: new URL('http://localhost:4550'),
      citizenClient: { clientId: 'c', method: 'client_secret_basic', secret: 's'.repeat(32) },
      staffClient: { clientId: 's', secret: 's'.repeat(32) },
    });
    try {
      const post = (body: string): Promise<Response> => fetch(idps.digitalPostUrl, { method: 'POST', body });
      expect((await post('<hello/>')).status).toBe(400);
      const l = letter();
      const transport = developmentTransport(new URL(idps.digitalPostUrl));
      const { buildMemoMessage } = await import('../../src/digital-post/memo.ts');
      const built = buildMemoMessage(l);
      if (!built.ok) throw new Error('letter');
      expect(await transport.send({ messageUuid: l.messageUuid, memoXml: built.xml })).toEqual({ ok: true });
      expect((await post(built.xml)).status).toBe(200);
      expect(idps.digitalPostInbox.letters()).toHaveLength(1);
      const list = await (await fetch(new URL('/digital-post', idps.citizenIssuer))).text();
      expect(list).toContain('Lars Poulsen');
      expect(list).toContain(`/digital-post/${l.messageUuid}`);
      const one = await fetch(new URL(`/digital-post/${l.messageUuid}`, idps.citizenIssuer));
      expect(await one.text()).toContain('Du får svar senest den 23. december 2026');
      expect(
        (await fetch(new URL('/digital-post/00000000-0000-0000-0000-000000000000', idps.citizenIssuer)))
          .status,
      ).toBe(404);
    } finally {
      await idps.close();
    }
  });
});
