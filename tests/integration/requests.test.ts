import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import {
  appendCaseworkerStep,
  getRequestForCitizen,
  getRequestForUnit,
  listInbox,
  listRequestsForCitizen,
  sealUnsealedRequests,
  submitCitizenRequest,
} from '../../src/db/requests.ts';
import { STAFF } from '../../src/demo/reference-data.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { verifyRequest } from '../../src/domain/citizen-request.ts';
import { lettersForStep, type Letter } from '../../src/requests/letters.ts';
import { verifyRequests } from '../../src/requests/verify-requests.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const lars = generateCitizen(3);
const mette = generateCitizen(0);
const larsCase = lars.cases[0]!;
const riskSeq = larsCase.events.find((e) => e.systemId === 'sygefravaer-risiko')!.seq;
const decider = STAFF.find((s) => s.id === larsCase.decisions.at(-1)!.decidedBy!.id)!;
const actor = { staffId: decider.id, name: decider.name, title: decider.title, unit: decider.unit };
const OPTIONS = { limit: { max: 1000, windowHours: 24 }, fallbackUnit: 'Borgerservice' };

describe.each(STORES)('the request loop on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  async function askExplanation(message = 'Hvad betød risikovurderingen?', now?: Date): Promise<string> {
    const saved = await submitCitizenRequest(
      db,
      lars.citizen.cpr,
      larsCase.row.id,
      { kind: 'explanation', message, eventSeqs: [riskSeq], dataSourceId: null },
      { ...OPTIONS, ...(now ? { now } : {}) },
    );
    if (!saved.ok) throw new Error(saved.error);
    return saved.id;
  }

  it('gives a request a reference, a deadline one calendar month after receipt in Danish time, and the unit of the latest decision', async () => {
    // 23:30 UTC on 31 January is 1 February in Copenhagen: the deadline is 1 March.
    const id = await askExplanation('Forklar mig det.', new Date('2026-01-31T23:30:00Z'));
    const data = await getRequestForCitizen(db, lars.citizen.cpr, id);
    expect(data?.request).toMatchObject({
      status: 'received',
      deadline: '2026-03-01',
      unit: decider.unit,
      eventSeqs: [riskSeq],
    });
    expect(data?.request.reference).toMatch(/^ANM-2026-\d{6}$/);
    expect(data?.steps.map((s) => s.action)).toEqual(['received']);
    expect(data?.uses).toEqual([expect.objectContaining({ seq: riskSeq, systemName: expect.any(String) })]);
    expect(verifyRequest(data!.request, data!.steps)).toEqual({ intact: true, problems: [] });
  });

  it('takes, extends once (by at most two further months), answers, and seals every step with a letter where one is due', async () => {
    const id = await askExplanation('Hvad betød scoren?', new Date('2026-03-30T10:00:00Z'));
    const letters: Letter[] = [];
    const request = { id, reference: 'x', kind: 'explanation' as const, citizenCpr: lars.citizen.cpr };
    const collect = {
      beforeCommit: async (_tx: unknown, step: Parameters<typeof lettersForStep>[0]) => {
        letters.push(...lettersForStep(step, request));
        await Promise.resolve();
      },
    };
    expect(
      await appendCaseworkerStep(
        db,
        decider.unit,
        id,
        actor,
        { action: 'taken', details: { unit: decider.unit } },
        collect,
      ),
    ).toMatchObject({ ok: true });
    // Never beyond two further months (30 March + 3 months = 30 June), whatever a caller asks for.
    expect(
      await appendCaseworkerStep(db, decider.unit, id, actor, {
        action: 'extended',
        details: { reason: 'For længe.', deadline: '2026-07-01' },
      }),
    ).toEqual({ ok: false, error: 'not_allowed' });
    expect(
      await appendCaseworkerStep(
        db,
        decider.unit,
        id,
        actor,
        {
          action: 'extended',
          details: { reason: 'Vi venter på en udtalelse.', deadline: '2026-06-30' },
        },
        collect,
      ),
    ).toMatchObject({ ok: true });
    // Only once.
    expect(
      await appendCaseworkerStep(db, decider.unit, id, actor, {
        action: 'extended',
        details: { reason: 'Igen.', deadline: '2026-06-30' },
      }),
    ).toEqual({ ok: false, error: 'not_allowed' });
    expect(
      await appendCaseworkerStep(
        db,
        decider.unit,
        id,
        actor,
        {
          action: 'answered',
          details: { text: 'Scoren byggede på din indkomst.', reassessedBy: null, outcome: null },
        },
        collect,
      ),
    ).toMatchObject({ ok: true });
    // Nothing more once it is answered.
    expect(
      await appendCaseworkerStep(db, decider.unit, id, actor, {
        action: 'refused',
        details: { reasons: 'Nej.' },
      }),
    ).toEqual({ ok: false, error: 'not_allowed' });
    const data = await getRequestForCitizen(db, lars.citizen.cpr, id);
    expect(data?.steps.map((s) => s.action)).toEqual(['received', 'taken', 'extended', 'answered']);
    expect(data?.steps[1]?.actor).toEqual(actor);
    expect(data?.request).toMatchObject({
      status: 'answered',
      deadline: '2026-06-30',
      extended: true,
      stepCount: 4,
    });
    expect(verifyRequest(data!.request, data!.steps).intact).toBe(true);
    expect(letters.map((l) => l.kind)).toEqual(['extension', 'answer']);
    // The same step gives the same message id: a retried send is recognised.
    expect(lettersForStep(data!.steps[3]!, request)[0]?.messageId).toBe(letters[1]?.messageId);
  });

  it('keeps each unit to its own requests: another unit finds nothing and cannot act', async () => {
    const id = await askExplanation();
    const other = STAFF.find((s) => s.unit !== decider.unit)!;
    expect(await getRequestForUnit(db, other.unit, id)).toBeNull();
    expect(
      await appendCaseworkerStep(
        db,
        other.unit,
        id,
        { staffId: other.id, name: other.name, title: other.title, unit: other.unit },
        { action: 'taken', details: { unit: other.unit } },
      ),
    ).toEqual({ ok: false, error: 'not_found' });
    expect(await getRequestForUnit(db, decider.unit, id)).not.toBeNull();
    const inbox = await listInbox(db, other.unit, { kind: null, status: 'all' });
    expect(inbox.items.some((r) => r.id === id)).toBe(false);
  });

  it('refuses a use that is not on the case, a data source the use did not read, and another citizen’s case', async () => {
    const bad = (request: Parameters<typeof submitCitizenRequest>[3], cpr = lars.citizen.cpr) =>
      submitCitizenRequest(db, cpr, larsCase.row.id, request, OPTIONS);
    expect(await bad({ kind: 'explanation', message: 'x', eventSeqs: [999], dataSourceId: null })).toEqual({
      ok: false,
      error: 'no_such_use',
    });
    expect(
      await bad({ kind: 'correction', message: 'x', eventSeqs: [riskSeq], dataSourceId: 'jobnet' }),
    ).toEqual({
      ok: false,
      error: 'no_such_use',
    });
    expect(await bad({ kind: 'explanation', message: 'x', eventSeqs: [], dataSourceId: null })).toEqual({
      ok: false,
      error: 'no_such_use',
    });
    expect(
      await bad({ kind: 'reassessment', message: 'x', eventSeqs: [], dataSourceId: null }, mette.citizen.cpr),
    ).toEqual({ ok: false, error: 'not_found' });
  });

  it('limits how many requests one citizen can send in a day (a setting), counted in the store', async () => {
    const jens = generateCitizen(1);
    const ask = () =>
      submitCitizenRequest(
        db,
        jens.citizen.cpr,
        jens.cases[0]!.row.id,
        { kind: 'reassessment', message: 'Se på det igen.', eventSeqs: [], dataSourceId: null },
        { ...OPTIONS, limit: { max: 3, windowHours: 24 } },
      );
    const results = await Promise.all([ask(), ask(), ask(), ask(), ask()]);
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.error === 'rate_limited')).toHaveLength(2);
  });

  it('lists a citizen’s many requests a page at a time', async () => {
    const amira = generateCitizen(2);
    const rehab = amira.cases[0]!;
    for (let i = 0; i < 45; i += 1) {
      const saved = await submitCitizenRequest(
        db,
        amira.citizen.cpr,
        rehab.row.id,
        { kind: 'reassessment', message: `Anmodning ${String(i)}`, eventSeqs: [], dataSourceId: null },
        OPTIONS,
      );
      expect(saved.ok).toBe(true);
    }
    const first = await listRequestsForCitizen(db, amira.citizen.cpr, 1);
    const third = await listRequestsForCitizen(db, amira.citizen.cpr, 3);
    expect(first.items).toHaveLength(20);
    expect(first.total).toBeGreaterThanOrEqual(45);
    expect(third.items.length).toBe(first.total - 40);
    const beyond = await listRequestsForCitizen(db, amira.citizen.cpr, 99);
    expect(beyond).toMatchObject({ items: [], total: first.total });
  });

  it('seeds requests in every state through the same functions, all intact', async () => {
    const report = await verifyRequests(db);
    expect(report.requests).toBeGreaterThan(6);
    expect(report.broken).toEqual([]);
    const overdue = await listInbox(db, decider.unit, { kind: null, status: 'open' });
    expect(overdue.items[0]!.deadline < new Date().toISOString().slice(0, 10)).toBe(true);
  });

  it('shows a changed step as broken, to the citizen and to verify, naming the request and step', async () => {
    const id = await askExplanation('Ret ikke i mig.');
    await appendCaseworkerStep(db, decider.unit, id, actor, {
      action: 'answered',
      details: { text: 'Det rigtige svar.', reassessedBy: null, outcome: null },
    });
    // As the owner, who can switch the append-only trigger off: the seal still tells.
    await db.query(
      'alter table portal.citizen_request_step disable trigger citizen_request_step_append_only',
    );
    await db.query(
      `update portal.citizen_request_step set details = jsonb_set(details, '{text}', '"Et andet svar."')
       where request_id = $1 and seq = 2`,
      [id],
    );
    await db.query('alter table portal.citizen_request_step enable trigger citizen_request_step_append_only');
    const data = await getRequestForCitizen(db, lars.citizen.cpr, id);
    const integrity = verifyRequest(data!.request, data!.steps);
    expect(integrity.intact).toBe(false);
    expect(integrity.problems[0]).toMatchObject({
      kind: 'chain_broken',
      verdict: { brokenAt: { type: 'request_step', seq: 2 }, reason: 'content_changed' },
    });
    const report = await verifyRequests(db);
    expect(report.broken).toEqual([
      expect.objectContaining({ requestId: id, reference: data!.request.reference }),
    ]);
  });

  it('shows a request whose last step is gone, or whose row was rewritten, as broken', async () => {
    const id = await askExplanation('Slet mig ikke.');
    await appendCaseworkerStep(db, decider.unit, id, actor, {
      action: 'taken',
      details: { unit: decider.unit },
    });
    await db.query(
      'alter table portal.citizen_request_step disable trigger citizen_request_step_append_only',
    );
    await db.query(`delete from portal.citizen_request_step where request_id = $1 and seq = 2`, [id]);
    await db.query('alter table portal.citizen_request_step enable trigger citizen_request_step_append_only');
    await db.query(`update portal.citizen_request set message = 'Noget andet' where id = $1`, [id]);
    const data = await getRequestForCitizen(db, lars.citizen.cpr, id);
    expect(verifyRequest(data!.request, data!.steps).problems.map((p) => p.kind)).toEqual([
      'steps_missing',
      'request_changed',
    ]);
  });

  it('seals the receipt of a request stored before requests had steps, once', async () => {
    // A request as migration 070 leaves one that was stored earlier: no steps yet.
    const { rows } = await db.query(
      `insert into portal.citizen_request (case_id, citizen_cpr, kind, message, status, created_at, reference, unit,
         deadline, step_count)
       values ($1, $2, 'reassessment', 'Fra før.', 'in_progress', '2026-10-31T23:30:00Z', 'ANM-2026-999999', $3,
         '2026-12-01', 0)
       returning id`,
      [larsCase.row.id, lars.citizen.cpr, decider.unit],
    );
    const id = String(rows[0]?.['id']);
    const before = await getRequestForCitizen(db, lars.citizen.cpr, id);
    expect(verifyRequest(before!.request, before!.steps).intact).toBe(false);
    expect(await sealUnsealedRequests(db)).toBe(1);
    expect(await sealUnsealedRequests(db)).toBe(0);
    const after = await getRequestForCitizen(db, lars.citizen.cpr, id);
    expect(after?.request.status).toBe('received');
    expect(after?.steps.map((s) => [s.action, s.occurredAt.toISOString()])).toEqual([
      ['received', '2026-10-31T23:30:00.000Z'],
    ]);
    expect(verifyRequest(after!.request, after!.steps).intact).toBe(true);
  });

  it('lets the portal role write and read steps but never change or remove one', async () => {
    const id = await askExplanation();
    const asPortal = (sql: string, params: unknown[] = []) =>
      db
        .transaction(async (tx) => {
          await tx.query('set local role indsigt_portal');
          await tx.query(sql, params);
          throw new Error('rollback');
        })
        .catch((error: unknown) => {
          if (error instanceof Error && error.message === 'rollback') return;
          throw error;
        });
    await expect(
      asPortal('select * from portal.citizen_request_step where request_id = $1', [id]),
    ).resolves.toBeUndefined();
    await expect(
      asPortal(
        `insert into portal.citizen_request_step (request_id, seq, action, occurred_at, actor_staff_id, details, hash)
         values ($1, 99, 'taken', now(), 'x', '{}', repeat('0', 64))`,
        [id],
      ),
    ).resolves.toBeUndefined();
    // The whole loop works as the portal role: a caseworker's step is written in its own role's rights.
    await expect(
      db.transaction(async (tx) => {
        await tx.query('set local role indsigt_portal');
        const rows = await tx.query(`select nextval('portal.citizen_request_reference_seq')`);
        expect(rows.rowCount).toBe(1);
      }),
    ).resolves.toBeUndefined();
    await expect(
      asPortal(`update portal.citizen_request_step set hash = hash where request_id = $1`, [id]),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asPortal(`delete from portal.citizen_request_step where request_id = $1`, [id]),
    ).rejects.toThrow(/permission denied/);
  });
});
