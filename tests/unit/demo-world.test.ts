import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpr, passesModulus11 } from '../../src/domain/cpr.ts';
import { createRandom, seedFor } from '../../src/demo/random.ts';
import { demoCpr, generateCitizen, SPECIAL_CITIZENS } from '../../src/demo/world.ts';
import { computeRecordHash } from '../../src/domain/chain.ts';
import { caseHeaderContent, decisionChainRecord, verifyCaseChain } from '../../src/domain/integrity.ts';
import type { CaseSealState, Decision } from '../../src/domain/types.ts';

describe('the demo world', () => {
  it('is the same every time it is generated', () => {
    expect(generateCitizen(123)).toEqual(generateCitizen(123));
    expect(generateCitizen(123)).not.toEqual(generateCitizen(124));
  });

  it('gives every citizen a unique, valid CPR number that fails the modulus-11 check', () => {
    const cprs = Array.from({ length: 50_000 }, (_, i) => demoCpr(i, createRandom(seedFor(i))));
    expect(new Set(cprs).size).toBe(cprs.length);
    for (const cpr of cprs.slice(0, 2000)) {
      expect(parseCpr(cpr).ok).toBe(true);
      expect(passesModulus11(cpr)).toBe(false);
    }
  });

  it('gives every case a unique id and case number that reveal nothing of the CPR number', () => {
    const cases = Array.from({ length: 3000 }, (_, i) => generateCitizen(i)).flatMap((g) =>
      g.cases.map((c) => c.row),
    );
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.caseNumber)).size).toBe(cases.length);
    for (const c of cases) expect(c.caseNumber).not.toContain(c.citizenCpr.slice(0, 6));
  });

  it('starts with the special citizens the product asks for', () => {
    const [mette, jens, amira, lars, birgitte] = SPECIAL_CITIZENS.map((_, i) => generateCitizen(i));
    expect(mette!.cases.some((c) => c.events.length > 0)).toBe(true);
    expect(
      jens!.cases.every((c) => c.events.length === 0 && c.decisions.every((d) => d.aiAssessment === 'no_ai')),
    ).toBe(true);
    expect(amira!.cases[0]!.decisions[0]).toMatchObject({
      aiAssessment: 'departed',
      departureReason: expect.any(String),
    });
    expect(lars!.requests[0]).toMatchObject({ kind: 'reassessment', aboutSystem: 'sygefravaer-risiko' });
    const kinds = birgitte!.cases.flatMap((c) => c.events.map((e) => e.kind));
    expect(kinds).toEqual(expect.arrayContaining(['reuse', 'training']));
  });

  it('averages more than ten AI events a citizen, so a million citizens give ten million events', () => {
    const n = 2000;
    let events = 0;
    for (let i = 0; i < n; i += 1)
      events += generateCitizen(i).cases.reduce((sum, c) => sum + c.events.length, 0);
    expect(events / n).toBeGreaterThan(10);
  });

  it('has a human decision-maker on every decision', () => {
    for (let i = 0; i < 200; i += 1) {
      for (const c of generateCitizen(i).cases)
        for (const d of c.decisions) expect(d.decidedBy?.id).toMatch(/^egb-/);
    }
  });
});

describe('case integrity', () => {
  const caseRow = {
    id: '00000000-0000-4000-8000-000000000001',
    caseNumber: 'KTH-1',
    area: 'cash_benefit' as const,
    title: 'T',
    status: 'open' as const,
    openedOn: '2026-03-01',
    closedOn: null,
  };
  const staff = { id: 'egb-0103', name: 'Louise Frederiksen', title: 'Sagsbehandler', unit: 'Kontanthjælp' };
  const facts = {
    municipalityCode: '999',
    caseNumber: caseRow.caseNumber,
    citizenCpr: '0101600006',
    area: caseRow.area,
    title: caseRow.title,
    status: caseRow.status,
    openedOn: caseRow.openedOn,
    closedOn: null,
  };
  const genesis = computeRecordHash(null, caseHeaderContent(caseRow.id, 1, facts));

  /** The seal state of the case with `last` as its only record. */
  function sealFor(last: Decision): CaseSealState {
    return {
      live: facts,
      latest: { ...facts, version: 1, prevHash: null, hash: genesis },
      genesis,
      head: { seq: last.seq, hash: last.hash, sealVersion: 1, sealHash: genesis },
    };
  }

  function decision(decidedBy: typeof staff | null): Decision {
    const base = {
      id: 1,
      seq: 1,
      decidedAt: new Date('2026-04-01T10:00:00Z'),
      outcome: 'Bevilget',
      reasons: 'Fordi',
      decidedBy,
      consideredEventSeqs: [],
      aiAssessment: 'no_ai' as const,
      departureReason: null,
      appealBody: 'Ankestyrelsen',
      appealDeadlineWeeks: 4,
      prevHash: genesis,
      hash: '0'.repeat(64),
    };
    const hash = computeRecordHash(genesis, decisionChainRecord(caseRow.id, base).content);
    return { ...base, hash };
  }

  it('holds for a decision made by a named member of staff', () => {
    const d = decision(staff);
    expect(verifyCaseChain({ case: caseRow, seal: sealFor(d), events: [], decisions: [d] })).toEqual({
      intact: true,
      problems: [],
    });
  });

  it('flags a decision without a human decision-maker (§1 stk. 6), even when its hash is intact', () => {
    const d = decision(null);
    expect(verifyCaseChain({ case: caseRow, seal: sealFor(d), events: [], decisions: [d] })).toEqual({
      intact: false,
      problems: [{ kind: 'decision_without_human', decisionSeq: 1 }],
    });
  });
});

describe('the README', () => {
  it('lists the special test citizens with the CPR numbers the generator gives them', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    SPECIAL_CITIZENS.forEach((_, i) => {
      const { citizen } = generateCitizen(i);
      expect(readme).toMatch(
        new RegExp(`\\|\\s*${citizen.givenName} ${citizen.familyName}\\s*\\|\\s*${citizen.cpr}\\s*\\|`),
      );
    });
  });
});
