import { describe, expect, it } from 'vitest';
import { layoutExplanationChart } from '../../src/domain/explanation-chart.ts';
import {
  explanationSchema,
  scoreFromFactors,
  strongestLoweringFactor,
  strongestRaisingFactor,
} from '../../src/domain/explanation.ts';
import { applyModel, RISK_MODEL } from '../../src/demo/models.ts';
import { formatNumber, localText } from '../../src/i18n/local-text.ts';
import { parseIngestRecord } from '../../src/ingest/schema.ts';

describe('the explanation of an AI use', () => {
  const { explanation, score } = applyModel(RISK_MODEL, [3, 20, 3]);

  it('gives the score the logistic model gives from the factors, with each contribution weight × value', () => {
    // logistic(−1.6 + 0.55·3 + 0.07·20 − 0.15·3) = logistic(1.0) = 0.731
    expect(score).toBe(0.73);
    expect(scoreFromFactors(explanation)).toBe(0.73);
    expect(explanation.factors.map((f) => f.contribution)).toEqual([1.65, 1.4, -0.45]);
    expect(explanation.factors.map((f) => f.direction)).toEqual(['raises', 'raises', 'lowers']);
  });

  it('names what counted most either way', () => {
    expect(strongestRaisingFactor(explanation)?.code).toBe('prior_sick_spells');
    expect(strongestLoweringFactor(explanation)?.code).toBe('months_with_wages');
    expect(strongestRaisingFactor({ role: 'advisory', factors: [] })).toBeNull();
  });

  it('draws bars on one scale: right of the zero line for a rise, left for a fall', () => {
    const layout = layoutExplanationChart(explanation.factors, 400);
    const [spells, weeks, wages] = layout.bars;
    expect(spells!.x).toBe(layout.zeroX);
    expect(spells!.width).toBeCloseTo(196);
    expect(weeks!.width / spells!.width).toBeCloseTo(1.4 / 1.65);
    expect(wages!.x + wages!.width).toBeCloseTo(layout.zeroX);
    expect(
      layoutExplanationChart([{ code: 'x', contribution: 0, direction: 'neutral' }]).bars[0]!.width,
    ).toBe(0);
  });

  it('refuses an explanation that is not one: unknown role, non-numbers, unknown keys', () => {
    expect(explanationSchema.safeParse({ role: 'decisive', factors: [] }).success).toBe(false);
    expect(
      explanationSchema.safeParse({ ...explanation, factors: [{ ...explanation.factors[0], weight: 'x' }] })
        .success,
    ).toBe(false);
    expect(explanationSchema.safeParse({ ...explanation, secret: 1 }).success).toBe(false);
    expect(
      explanationSchema.safeParse({
        ...explanation,
        factors: [{ ...explanation.factors[0], value: Infinity }],
      }).success,
    ).toBe(false);
  });

  it('is refused in the ingest format when a factor names a source the event did not read (§2 stk. 1)', () => {
    const event = {
      type: 'ai_event',
      idempotencyKey: 'k:1',
      caseId: '00000000-0000-4000-8000-000000000001',
      occurredAt: '2026-03-02T09:15:00Z',
      systemId: 'sygefravaer-risiko',
      systemVersion: '2.0',
      kind: 'profiling',
      purposeCode: 'p',
      output: 'o',
      sources: [{ dataSourceId: 'dream', categories: ['benefit_history'] }],
      explanation,
    };
    expect(parseIngestRecord(event)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/explanation/),
    });
    expect(
      parseIngestRecord({
        ...event,
        sources: [
          { dataSourceId: 'dream', categories: ['benefit_history'] },
          { dataSourceId: 'case_documents', categories: ['case_notes'] },
          { dataSourceId: 'eindkomst', categories: ['income'] },
        ],
        en: { output: 'Risk: high' },
      }),
    ).toMatchObject({ ok: true });
  });
});

describe('texts in the page’s language', () => {
  it('shows English where the case system sent it, else Danish marked as Danish', () => {
    expect(localText('en', 'Afgørelse', 'Decision')).toEqual({
      text: 'Decision',
      lang: 'en',
      untranslated: false,
    });
    expect(localText('en', 'Afgørelse', null)).toEqual({ text: 'Afgørelse', lang: 'da', untranslated: true });
    expect(localText('en', 'Afgørelse', '  ')).toMatchObject({ lang: 'da', untranslated: true });
    expect(localText('da', 'Afgørelse', 'Decision')).toEqual({
      text: 'Afgørelse',
      lang: 'da',
      untranslated: false,
    });
  });

  it('writes numbers with the locale’s decimal sign and a real minus', () => {
    expect(formatNumber(-0.45, 'da')).toBe('−0,45');
    expect(formatNumber(0.731, 'en', 2)).toBe('0.73');
    expect(formatNumber(1, 'da', 3, 2)).toBe('1,00');
  });
});
