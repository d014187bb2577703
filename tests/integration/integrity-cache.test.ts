/**
 * Issue 15: a case's integrity verdict is reused while none of its rows has changed, and every way of
 * tampering with the record — an edited event, decision, data source, sealed header or head record, a
 * deleted or an added row — is still caught on the very next view, with the cache warm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrityCache } from '../../src/cases/integrity-cache.ts';
import { getCaseTimeline } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen, type GeneratedCase } from '../../src/demo/world.ts';
import { verifyCaseChain, type CaseIntegrity } from '../../src/domain/integrity.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

const SEEDED = 14;

/** The seeded cases with AI events that name data sources and a decision; each test tampers its own. */
const SUITABLE = Array.from({ length: SEEDED }, (_, i) => generateCitizen(i)).flatMap((generated) =>
  generated.cases
    .filter(
      (c) => c.events.length > 1 && c.decisions.length > 0 && c.events.some((e) => e.sources.length > 0),
    )
    .map((target) => ({ cpr: generated.citizen.cpr, target })),
);

/** The `index`th suitable case. */
function caseOf(index: number): { cpr: string; target: GeneratedCase } {
  const found = SUITABLE[index];
  if (!found) throw new Error(`only ${String(SUITABLE.length)} suitable cases in ${String(SEEDED)} citizens`);
  return found;
}

describe.each(STORES)('the integrity cache on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, SEEDED);
  });
  afterAll(async () => {
    await db.close();
  });

  /** Changes the store as its owner, past the append-only triggers. */
  const tamper = (sql: string, params: unknown[]): Promise<void> => tamperAsOwner(db, sql, params);

  /** The verdict the page shows through `cache`, and the verdict computed without any cache. */
  async function view(
    cache: IntegrityCache,
    cpr: string,
    caseId: string,
  ): Promise<{ cached: CaseIntegrity; fresh: CaseIntegrity }> {
    const result = await getCaseTimeline(db, cpr, caseId);
    if (!result.ok) throw new Error('case not found');
    return {
      cached: cache.verify(result.timeline, result.rowVersions),
      fresh: verifyCaseChain(result.timeline),
    };
  }

  /** Warms a cache on an intact case, then runs `change` and returns the next view's verdicts. */
  async function afterTampering(
    index: number,
    change: (caseId: string, target: GeneratedCase) => Promise<void>,
  ): Promise<{ cached: CaseIntegrity; fresh: CaseIntegrity; cache: IntegrityCache }> {
    const { cpr, target } = caseOf(index);
    const cache = new IntegrityCache({ maxEntries: 100, maxAgeMs: 60_000 });
    const before = await view(cache, cpr, target.row.id);
    expect(before.cached.intact).toBe(true);
    expect((await view(cache, cpr, target.row.id)).cached).toBe(before.cached); // warm: reused
    expect(cache.verified).toBe(1);
    await change(target.row.id, target);
    return { ...(await view(cache, cpr, target.row.id)), cache };
  }

  it('reuses the verdict of an unchanged case instead of verifying it again', async () => {
    const { cpr, target } = caseOf(0);
    const cache = new IntegrityCache({ maxEntries: 100, maxAgeMs: 60_000 });
    for (let i = 0; i < 5; i++) expect((await view(cache, cpr, target.row.id)).cached.intact).toBe(true);
    expect(cache.verified).toBe(1);
  });

  it('a changed decision is caught with the cache warm', async () => {
    const { cached, fresh, cache } = await afterTampering(1, (caseId, target) =>
      tamper(`update audit.decision set reasons = 'Omskrevet.' where case_id = $1 and seq = $2`, [
        caseId,
        target.decisions[0]!.seq,
      ]),
    );
    expect(cached.intact).toBe(false);
    expect(cached).toEqual(fresh);
    expect(cache.verified).toBe(2);
  });

  it('a changed AI event is caught with the cache warm', async () => {
    const { cached, fresh } = await afterTampering(2, (caseId, target) =>
      tamper(`update audit.ai_event set output = 'Omskrevet.' where case_id = $1 and seq = $2`, [
        caseId,
        target.events[0]!.seq,
      ]),
    );
    expect(cached.intact).toBe(false);
    expect(cached).toEqual(fresh);
  });

  it('a changed or deleted data source of an event is caught with the cache warm', async () => {
    const sourced = (target: GeneratedCase): number => target.events.find((e) => e.sources.length > 0)!.seq;
    const changed = await afterTampering(3, (caseId, target) =>
      tamper(
        `update audit.ai_event_source set source_name = 'Et andet register'
          where ai_event_id = (select id from audit.ai_event where case_id = $1 and seq = $2)`,
        [caseId, sourced(target)],
      ),
    );
    expect(changed.cached.intact).toBe(false);
    expect(changed.cached).toEqual(changed.fresh);

    const deleted = await afterTampering(4, (caseId, target) =>
      tamper(
        `delete from audit.ai_event_source
          where ai_event_id = (select id from audit.ai_event where case_id = $1 and seq = $2)`,
        [caseId, sourced(target)],
      ),
    );
    expect(deleted.cached.intact).toBe(false);
    expect(deleted.cached).toEqual(deleted.fresh);
  });

  it('a deleted decision, a changed case row and a changed head record are caught with the cache warm', async () => {
    const deleted = await afterTampering(5, (caseId, target) =>
      tamper(`delete from audit.decision where case_id = $1 and seq = $2`, [
        caseId,
        target.decisions.at(-1)!.seq,
      ]),
    );
    expect(deleted.cached.intact).toBe(false);
    expect(deleted.cached).toEqual(deleted.fresh);

    const moved = await afterTampering(6, (caseId) =>
      tamper(`update audit."case" set status = 'closed', closed_on = opened_on where id = $1`, [caseId]),
    );
    expect(moved.cached.intact).toBe(false);
    expect(moved.cached).toEqual(moved.fresh);

    const head = await afterTampering(7, (caseId) =>
      tamper(`update audit.case_head set seq = seq + 1 where case_id = $1`, [caseId]),
    );
    expect(head.cached.intact).toBe(false);
    expect(head.cached).toEqual(head.fresh);
  });

  it('a rewritten sealed header is caught with the cache warm', async () => {
    const { cached, fresh } = await afterTampering(8, (caseId) =>
      tamper(
        `update audit.case_seal set title = 'Omskrevet' where case_id = $1
            and version = (select max(version) from audit.case_seal where case_id = $1)`,
        [caseId],
      ),
    );
    expect(cached.intact).toBe(false);
    expect(cached).toEqual(fresh);
  });

  it('a record changed and changed back is verified again (and found intact)', async () => {
    const { cached, cache } = await afterTampering(9, async (caseId, target) => {
      const seq = target.decisions[0]!.seq;
      const [row] = (
        await db.query('select reasons from audit.decision where case_id = $1 and seq = $2', [caseId, seq])
      ).rows;
      await tamper(`update audit.decision set reasons = 'x' where case_id = $1 and seq = $2`, [caseId, seq]);
      await tamper(`update audit.decision set reasons = $3 where case_id = $1 and seq = $2`, [
        caseId,
        seq,
        row?.['reasons'],
      ]);
    });
    expect(cached.intact).toBe(true);
    expect(cache.verified).toBe(2);
  });
});

describe('the integrity cache itself', () => {
  const timeline = (id: string): Parameters<IntegrityCache['verify']>[0] => ({
    case: {
      id,
      caseNumber: 'X',
      area: 'cash_benefit',
      title: 't',
      titleEn: null,
      status: 'open',
      openedOn: '2026-01-01',
      closedOn: null,
    },
    seal: { live: null as never, latest: null, genesis: null, head: null },
    events: [],
    decisions: [],
  });

  it('keeps at most maxEntries cases, the least recently viewed going first', () => {
    const cache = new IntegrityCache({ maxEntries: 3, maxAgeMs: 60_000 });
    for (const id of ['a', 'b', 'c']) cache.verify(timeline(id), `${id}|1`, 0);
    cache.verify(timeline('a'), 'a|1', 1); // a viewed again: b is now the oldest
    cache.verify(timeline('d'), 'd|1', 2);
    expect(cache.size).toBe(3);
    expect(cache.verified).toBe(4);
    cache.verify(timeline('a'), 'a|1', 3);
    expect(cache.verified).toBe(4); // a was kept
    cache.verify(timeline('b'), 'b|1', 4);
    expect(cache.verified).toBe(5); // b was dropped
  });

  it('verifies again after maxAgeMs even if nothing changed', () => {
    const cache = new IntegrityCache({ maxEntries: 3, maxAgeMs: 1000 });
    cache.verify(timeline('a'), 'a|1', 0);
    cache.verify(timeline('a'), 'a|1', 999);
    expect(cache.verified).toBe(1);
    cache.verify(timeline('a'), 'a|1', 1000);
    expect(cache.verified).toBe(2);
  });
});
