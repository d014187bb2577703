/**
 * The demo world does not contradict itself (issue 13): over 10,000 generated citizens, every fact
 * follows from the model of the case. Generated without a database, as the bench does.
 */
import { describe, expect, it } from 'vitest';
import { computeRecordHash, verifyChain } from '../../src/domain/chain.ts';
import { scoreFromFactors, type Explanation } from '../../src/domain/explanation.ts';
import { AI_SYSTEMS } from '../../src/demo/reference-data.ts';
import { DEMO_NOTICES } from '../../src/demo/notices.ts';
import { bandFor, formatScore, SCORING_MODELS, type ScoringModel } from '../../src/demo/models.ts';
import {
  caseSealContent,
  DEMO_MUNICIPALITY_CODE,
  DEMO_TODAY,
  generateCitizen,
  OUTCOMES,
  RECOMMENDING_KINDS,
  type EventRow,
  type GeneratedCase,
} from '../../src/demo/world.ts';
import type { AiEventKind } from '../../src/domain/types.ts';

const CITIZENS = 10_000;
const cases: GeneratedCase[] = [];
for (let i = 0; i < CITIZENS; i += 1) cases.push(...generateCitizen(i).cases);
const allEvents = cases.flatMap((c) => c.events.map((event) => ({ c, event })));

/**
 * Collects broken invariants instead of calling expect() per fact (hundreds of thousands of facts):
 * each test ends with one expect that the list is empty, and names the first cases that broke.
 */
function invariants(): { check: (ok: boolean, what: string) => void; problems: string[] } {
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok && problems.length < 20) problems.push(what);
  };
  return { problems, check };
}

const modelOf = (systemId: string): ScoringModel | undefined =>
  SCORING_MODELS.find((m) => m.systemId === systemId);
const latestNotice = (systemId: string) => {
  const content = DEMO_NOTICES[systemId]?.at(-1)?.content;
  if (!content) throw new Error(`no notice for ${systemId}`);
  return content;
};
const day = (d: Date): string => d.toISOString().slice(0, 10);
const recommending = (e: EventRow): boolean => RECOMMENDING_KINDS.has(e.kind as AiEventKind);
/** The action an assessing event recommended, from its own score and the published bands. */
function recommendedAction(e: EventRow): string {
  const model = modelOf(e.systemId);
  const score = e.explanation?.model?.score;
  if (!model || score === undefined) throw new Error(`event ${e.seq} has no score`);
  return bandFor(model, score).action;
}

describe(`the demo world over ${CITIZENS} citizens`, () => {
  it('has the events the bench counts on, and every kind of event and assessment', () => {
    expect(allEvents.length / CITIZENS).toBeGreaterThan(10);
    const kinds = new Set(allEvents.map(({ event }) => event.kind));
    expect([...kinds].sort()).toEqual(
      [
        'classification',
        'prediction',
        'profiling',
        'reuse',
        'summarisation',
        'training',
        'transcription',
      ].sort(),
    );
    const assessments = new Set(cases.flatMap((c) => c.decisions.map((d) => d.aiAssessment)));
    expect([...assessments].sort()).toEqual(['checked', 'departed', 'followed', 'no_ai']);
  });

  it('shows a score on every profile and prediction that is the published model applied to its factors', () => {
    const { check, problems } = invariants();
    for (const { c, event } of allEvents.filter(({ event }) => recommending(event))) {
      const at = `${c.row.caseNumber} #${event.seq}`;
      const model = modelOf(event.systemId);
      const explanation: Explanation | undefined = event.explanation;
      if (!model || !explanation?.model) {
        check(false, `${at}: no model or no explanation`);
        continue;
      }
      check(scoreFromFactors(explanation) === explanation.model.score, `${at}: score is not the model's`);
      check(
        explanation.model.intercept === model.intercept,
        `${at}: intercept differs from the published one`,
      );
      check(explanation.factors.length === model.factors.length, `${at}: factors missing`);
      explanation.factors.forEach((f, i) => {
        check(
          f.weight === model.factors[i]?.weight,
          `${at}: ${f.code} weight differs from the published one`,
        );
        check(Math.abs(f.contribution - f.weight * f.value) < 0.0005, `${at}: ${f.code} contribution`);
        check(
          f.direction === (f.contribution > 0 ? 'raises' : f.contribution < 0 ? 'lowers' : 'neutral'),
          `${at}: ${f.code} direction`,
        );
        // The value came from a source the event read (§2 stk. 1).
        check(
          event.sources.some((s) => s.dataSourceId === f.dataSourceId),
          `${at}: ${f.code} source not read`,
        );
      });
      // The level and the score shown agree: both come from the same score.
      const band = bandFor(model, explanation.model.score);
      check(
        event.output.includes(`score ${formatScore(explanation.model.score, 'da')}`),
        `${at}: score shown`,
      );
      check(event.output.includes(band.level), `${at}: level shown is not the score's`);
      check(
        event.en?.output?.includes(`score ${formatScore(explanation.model.score, 'en')}`) === true,
        `${at}: English score shown`,
      );
    }
    expect(problems).toEqual([]);
  });

  it('ties following and departing to the recommendation, and only recommending kinds can be followed', () => {
    const { check, problems } = invariants();
    for (const c of cases) {
      const bySeq = new Map(c.events.map((e) => [e.seq, e]));
      for (const d of c.decisions) {
        const at = `${c.row.caseNumber} #${d.seq}`;
        const considered = d.consideredEventSeqs.map((s) => bySeq.get(s));
        check(
          considered.every((e) => e !== undefined && e.seq < d.seq && !e.usedForTraining),
          `${at}: considers an event that was not in front of the decision-maker`,
        );
        const last = considered.filter((e): e is EventRow => e !== undefined && recommending(e)).at(-1);
        const action = OUTCOMES[c.row.area].find((o) => o.da.outcome === d.outcome)?.action;
        if (last) {
          const recommended = recommendedAction(last);
          if (d.aiAssessment === 'followed')
            check(action === recommended, `${at}: "followed" but did otherwise`);
          else if (d.aiAssessment === 'departed')
            check(action !== recommended, `${at}: "departed" but did the same`);
          else check(false, `${at}: a recommendation was in front, yet ${d.aiAssessment}`);
        } else {
          check(
            d.aiAssessment === (considered.length > 0 ? 'checked' : 'no_ai'),
            `${at}: ${d.aiAssessment} without a recommendation in front`,
          );
        }
        check((d.departureReason !== null) === (d.aiAssessment === 'departed'), `${at}: departure reason`);
        check(
          (d.en?.departureReason !== undefined) === (d.aiAssessment === 'departed'),
          `${at}: English reason`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses data for training only from closed cases, after they closed, naming the new purpose and origin', () => {
    const { check, problems } = invariants();
    const training = allEvents.filter(({ event }) => event.kind === 'training');
    expect(training.length).toBeGreaterThan(0);
    for (const { c, event } of training) {
      const at = `${c.row.caseNumber} #${event.seq}`;
      check(c.row.status === 'closed' && c.row.closedOn !== null, `${at}: training on an open case`);
      check(day(event.occurredAt) > (c.row.closedOn ?? '9999'), `${at}: training before the case closed`);
      check(event.usedForTraining && event.staff === null, `${at}: flags`);
      // The rehabilitation notice says closed cases train its model; the model ran on this case.
      check(event.systemId === 'rehab-behov', `${at}: trains ${event.systemId}`);
      check(
        c.events.some((e) => e.systemId === 'rehab-behov' && e.kind === 'prediction'),
        `${at}: the model never ran on the case`,
      );
      check(
        /^Nyt formål: .+ Oplysningerne stammer fra denne sag/.test(event.purposeNote ?? ''),
        `${at}: note`,
      );
      check(/^New purpose: /.test(event.en?.purposeNote ?? ''), `${at}: English note`);
    }
    expect(problems).toEqual([]);
  });

  it('reuses data only from an earlier assessment in the case, naming the new purpose and where it came from', () => {
    const { check, problems } = invariants();
    const reuse = allEvents.filter(({ event }) => event.kind === 'reuse');
    expect(reuse.length).toBeGreaterThan(0);
    for (const { c, event } of reuse) {
      const at = `${c.row.caseNumber} #${event.seq}`;
      check(event.dataReused, `${at}: not flagged as reuse`);
      const origin = /punkt (\d+) i denne sag/.exec(event.purposeNote ?? '')?.[1];
      const source = c.events.find((e) => e.seq === Number(origin));
      check(
        source !== undefined && recommending(source) && source.seq < event.seq,
        `${at}: no earlier origin`,
      );
      check(source?.systemId === event.systemId, `${at}: reused by another system`);
      check(/^Nyt formål: /.test(event.purposeNote ?? ''), `${at}: new purpose not named`);
      check(/^New purpose: /.test(event.en?.purposeNote ?? ''), `${at}: English note`);
    }
    expect(problems).toEqual([]);
  });

  it('puts every date in a plausible order, inside each system’s time in use and version', () => {
    const { check, problems } = invariants();
    const systems = new Map(AI_SYSTEMS.map((s) => [s.id, s]));
    for (const c of cases) {
      const records = [
        ...c.events.map((e) => ({ seq: e.seq, at: e.occurredAt })),
        ...c.decisions.map((d) => ({ seq: d.seq, at: d.decidedAt })),
      ].sort((a, b) => a.seq - b.seq);
      check(
        records.every((r, i) => r.seq === i + 1),
        `${c.row.caseNumber}: seq gap`,
      );
      let previous = c.row.openedOn;
      for (const r of records) {
        check(day(r.at) >= previous, `${c.row.caseNumber} #${r.seq}: earlier than the record before`);
        check(r.at.getTime() <= DEMO_TODAY, `${c.row.caseNumber} #${r.seq}: after the demo's today`);
        previous = day(r.at);
      }
      if (c.row.status === 'closed')
        check(
          c.row.closedOn === day(c.decisions.at(-1)?.decidedAt ?? new Date(0)),
          `${c.row.caseNumber}: closedOn`,
        );
      else check(c.row.closedOn === null, `${c.row.caseNumber}: open with closedOn`);
      for (const e of c.events) {
        const system = systems.get(e.systemId);
        const on = day(e.occurredAt);
        check(
          system !== undefined &&
            on >= system.inUseSince &&
            (system.retiredOn === null || on <= system.retiredOn),
          `${c.row.caseNumber} #${e.seq}: ${e.systemId} not in use on ${on}`,
        );
        check(
          e.systemVersion === system?.versions.filter((v) => v.releasedOn <= on).at(-1)?.version,
          `${c.row.caseNumber} #${e.seq}: version ${e.systemVersion} not current on ${on}`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('never makes the same decision twice in a case', () => {
    const { check, problems } = invariants();
    for (const c of cases) {
      const outcomes = c.decisions.map((d) => d.outcome);
      check(new Set(outcomes).size === outcomes.length, `${c.row.caseNumber}: the same decision twice`);
    }
    expect(problems).toEqual([]);
  });

  it('reads only the data sources a system’s notice lists, in the case areas the notice names', () => {
    const { check, problems } = invariants();
    const notices = new Map(AI_SYSTEMS.map((s) => [s.id, latestNotice(s.id)]));
    for (const { c, event } of allEvents) {
      const at = `${c.row.caseNumber} #${event.seq}`;
      const notice = notices.get(event.systemId);
      check(
        notice?.caseAreas.includes(c.row.area) === true,
        `${at}: ${event.systemId} not used in ${c.row.area}`,
      );
      for (const s of event.sources) {
        const listed = notice?.dataSources.find((d) => d.sourceId === s.dataSourceId);
        check(
          listed !== undefined && s.categories.every((cat) => listed.categories.includes(cat)),
          `${at}: ${event.systemId} reads ${s.dataSourceId} beyond its notice`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('seals every case in an intact hash chain, explanation and English texts included', () => {
    const { check, problems } = invariants();
    for (const c of cases.slice(0, 3000)) {
      const records = [
        ...c.events.map(({ prevHash, hash, ...content }) => ({ content, prevHash, hash })),
        ...c.decisions.map(({ prevHash, hash, ...content }) => ({ content, prevHash, hash })),
      ];
      // The chain starts at the case's sealed header (its genesis), which seals the case's own facts.
      check(
        computeRecordHash(null, caseSealContent(c.row, DEMO_MUNICIPALITY_CODE, 1)) === c.seal.hash,
        `${c.row.caseNumber}: header not sealed`,
      );
      check(verifyChain(records, c.seal.hash).intact, `${c.row.caseNumber}: chain broken`);
    }
    expect(problems).toEqual([]);
  });
});
