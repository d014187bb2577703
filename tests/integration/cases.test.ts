import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCaseTimeline, listCasesForCitizen } from '../../src/db/cases.ts';
import { verifyStoredCase } from '../../src/db/chain-verify.ts';
import { countRoundTrips, type Db } from '../../src/db/db.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { verifyCaseChain } from '../../src/domain/integrity.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

const mette = generateCitizen(0);
const jens = generateCitizen(1);
const amira = generateCitizen(2);

describe.each(STORES)('cases on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store);
  });
  afterAll(async () => {
    await db.close();
  });

  it('lists a citizen’s own cases, newest first, with their AI use', async () => {
    const cases = await listCasesForCitizen(db, mette.citizen.cpr);
    expect(cases.map((c) => c.id).sort()).toEqual(mette.cases.map((c) => c.row.id).sort());
    const opened = cases.map((c) => c.openedOn);
    expect(opened).toEqual([...opened].sort().reverse());
    for (const c of cases) {
      const generated = mette.cases.find((g) => g.row.id === c.id)!;
      expect(c.aiEventCount).toBe(generated.events.length);
      expect(c.latestDecisionAt).toEqual(generated.decisions.at(-1)?.decidedAt ?? null);
    }
  });

  it('shows a case with no AI as having none', async () => {
    const [only] = await listCasesForCitizen(db, jens.citizen.cpr);
    expect(only?.aiEventCount).toBe(0);
  });

  it('reads a case’s timeline in three round-trips, events and decisions in order, with sources and deciders', async () => {
    const counting = countRoundTrips(db);
    const target = mette.cases[0]!;
    const result = await getCaseTimeline(counting, mette.citizen.cpr, target.row.id);
    expect(counting.roundTrips).toBe(3);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { timeline } = result;
    expect(timeline.events.map((e) => e.seq)).toEqual(target.events.map((e) => e.seq));
    expect(timeline.events.map((e) => e.output)).toEqual(target.events.map((e) => e.output));
    expect(timeline.events[0]!.sources.map((s) => s.dataSourceId)).toEqual(
      target.events[0]!.sources.map((s) => s.dataSourceId).sort(),
    );
    expect(timeline.events[0]!.sources[0]!.ownerAuthority).not.toBe('');
    expect(timeline.decisions[0]!.decidedBy?.name).toMatch(/\w+ \w+/);
    expect(verifyCaseChain(timeline)).toEqual({ intact: true, problems: [] });
  });

  it('shows the caseworker’s departure from the AI output and the reason', async () => {
    const result = await getCaseTimeline(db, amira.citizen.cpr, amira.cases[0]!.row.id);
    expect(result.ok && result.timeline.decisions[0]).toMatchObject({
      aiAssessment: 'departed',
      departureReason: expect.any(String),
    });
  });

  it('answers "not found" for another citizen’s case, a case that does not exist, and a malformed id', async () => {
    expect(await getCaseTimeline(db, jens.citizen.cpr, mette.cases[0]!.row.id)).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await getCaseTimeline(db, mette.citizen.cpr, '00000000-0000-4000-8000-000000000000')).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await getCaseTimeline(db, mette.citizen.cpr, "x' or '1'='1")).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('reports a tampered AI event as a broken chain at that record', async () => {
    const target = amira.cases[0]!;
    expect(await verifyStoredCase(db, target.row.id)).toEqual({ intact: true, problems: [] });
    // As someone with owner rights bypassing the append-only trigger would.
    await tamperAsOwner(
      db,
      `update audit.ai_event set output = 'Anbefaling: Ingen ændring' where case_id = $1 and seq = 1`,
      [target.row.id],
    );
    const integrity = await verifyStoredCase(db, target.row.id);
    expect(integrity?.intact).toBe(false);
    expect(integrity?.problems).toEqual([
      {
        kind: 'chain_broken',
        verdict: { intact: false, brokenAt: { type: 'ai_event', seq: 1 }, reason: 'content_changed' },
      },
    ]);
  });
});
