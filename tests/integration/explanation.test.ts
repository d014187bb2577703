/**
 * The explanation of each AI use as applied to the citizen (issue 13), read from the store: the
 * score shown is the model applied to the factors shown, the explanation and the English texts are
 * sealed in the chain, and the case page and the case record carry them in both languages.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF } from '../../src/demo/reference-data.ts';
import CaseView from '../../src/components/case/CaseView.astro';
import PublishedModelView from '../../src/components/register/PublishedModelView.astro';
import { loadNoticePage } from '../../src/register/public-pages.ts';
import { getCaseTimeline } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { formatScore, RISK_MODEL } from '../../src/demo/models.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { toCaseRecord } from '../../src/domain/case-record.ts';
import { scoreFromFactors } from '../../src/domain/explanation.ts';
import { verifyCaseChain } from '../../src/domain/integrity.ts';
import type { CaseTimeline } from '../../src/domain/types.ts';
import { getTranslator } from '../../src/i18n/translations.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

const CITIZENS = 40;
const amira = generateCitizen(2);
const lars = generateCitizen(3);

describe.each(STORES)('the explanation of each AI use, on $name', (store) => {
  let db: Db;
  let container: AstroContainer;
  beforeAll(async () => {
    db = await openSeededStore(store, CITIZENS);
    container = await AstroContainer.create();
  });
  afterAll(async () => {
    await db.close();
  });

  async function timeline(cpr: string, caseId: string): Promise<CaseTimeline> {
    const result = await getCaseTimeline(db, cpr, caseId);
    if (!result.ok) throw new Error('case not found');
    return result.timeline;
  }

  async function render(cpr: string, caseId: string, locale: 'da' | 'en'): Promise<string> {
    const t = await timeline(cpr, caseId);
    return container.renderToString(CaseView, {
      props: { timeline: t, integrity: verifyCaseChain(t), mode: 'citizen' },
      locals: {
        locale,
        t: getTranslator(locale),
        citizen: undefined,
        staff: undefined,
        sessionToken: undefined,
        sessionExpired: false,
      },
    });
  }

  it('shows on every demo profile and prediction the score the model gives from the factors shown', async () => {
    let checked = 0;
    for (let i = 0; i < CITIZENS; i += 1) {
      const generated = generateCitizen(i);
      for (const c of generated.cases) {
        const read = await timeline(generated.citizen.cpr, c.row.id);
        expect(verifyCaseChain(read).intact).toBe(true);
        for (const event of read.events.filter((e) => e.kind === 'profiling' || e.kind === 'prediction')) {
          const explanation = event.explanation;
          if (!explanation?.model) throw new Error(`${c.row.caseNumber} #${event.seq} has no model`);
          expect(scoreFromFactors(explanation)).toBe(explanation.model.score);
          expect(event.output).toContain(`score ${formatScore(explanation.model.score, 'da')}`);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('explains Lars’s high risk in Danish and English: sentence, table, calculation and chart', async () => {
    const risk = lars.cases[0]!.events.find((e) => e.kind === 'profiling')!;
    expect(risk.output).toMatch(/høj/);
    const da = await render(lars.citizen.cpr, lars.cases[0]!.row.id, 'da');
    expect(da).toContain('Det, der talte mest for en høj score, var');
    expect(da).toContain('Sygemeldinger de seneste tre år');
    expect(da).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="forklaring-\d+-chart-title/);
    expect(da).toContain('Søjlediagram over bidragene');
    expect(da).toContain('Sådan blev scoren regnet ud');
    const en = await render(lars.citizen.cpr, lars.cases[0]!.row.id, 'en');
    expect(en).toContain('What counted most towards a high score was');
    expect(en).toContain('Sick leave in the last three years');
    expect(en).toContain(risk.en!.output!);
    expect(en).toContain(lars.cases[0]!.row.titleEn);
    // The store keeps staff titles and units only in Danish: they, and nothing else, are marked so.
    const staffWords = new Set(STAFF.flatMap((s) => [s.title, s.unit]));
    const danishOnly = [...en.matchAll(/<[^>]+\slang="da"[^>]*>([^<]*)</g)].map((m) =>
      m[1]!.replace(/\s+/g, ' ').trim(),
    );
    expect(danishOnly.length).toBeGreaterThan(0);
    expect(danishOnly.filter((text) => !staffWords.has(text))).toEqual([]);
  });

  it('explains Amira’s recommendation, and why the caseworker departed from it, in English', async () => {
    const c = amira.cases[0]!;
    const en = await render(amira.citizen.cpr, c.row.id, 'en');
    expect(en).toContain('Recommendation: Refer to the rehabilitation team');
    expect(en).toContain('The result was advice to the caseworker. The caseworker decided.');
    expect(en).toContain(c.decisions[0]!.en!.departureReason!);
  });

  it('shows the Danish text marked lang="da", with a note, where the case system sent no English', async () => {
    const c = amira.cases[0]!;
    await tamperAsOwner(db, `update audit.decision set en = null where case_id = $1`, [c.row.id]);
    const en = await render(amira.citizen.cpr, c.row.id, 'en');
    expect(en).toMatch(new RegExp(`<span lang="da"[^>]*>${c.decisions[0]!.outcome}</span>`));
    expect(en).toContain('(in Danish only)');
  });

  it('seals the explanation: a factor changed in the store breaks the chain', async () => {
    const c = lars.cases[0]!;
    const seq = c.events.find((e) => e.kind === 'profiling')!.seq;
    await tamperAsOwner(
      db,
      `update audit.ai_event set explanation = jsonb_set(explanation::jsonb, '{factors,0,value}', '0')::json
         where case_id = $1 and seq = $2`,
      [c.row.id, seq],
    );
    const read = await timeline(lars.citizen.cpr, c.row.id);
    expect(verifyCaseChain(read)).toMatchObject({
      intact: false,
      problems: [{ kind: 'chain_broken', verdict: { brokenAt: { seq }, reason: 'content_changed' } }],
    });
  });

  it('puts the explanation and the English texts in the downloadable record', async () => {
    const c = generateCitizen(0).cases[0]!;
    const read = await timeline(generateCitizen(0).citizen.cpr, c.row.id);
    const record = toCaseRecord(read, verifyCaseChain(read), new Date('2026-11-23T10:00:00Z'));
    const profiling = record.aiEvents.find((e) => e.kind === 'profiling');
    expect(profiling?.explanation).toMatchObject({
      role: 'one_of_several_inputs',
      model: { link: 'logistic' },
    });
    expect(profiling?.explanation?.factors.map((f) => f.dataSourceId)).toEqual([
      'dream',
      'case_documents',
      'eindkomst',
    ]);
    expect(record.case.titleEn).toBe(c.row.titleEn);
    expect(record.decisions[0]?.en?.outcome).toBe(c.decisions[0]!.en!.outcome);
  });
});

describe.each(STORES)('the published model on a system’s register page, on $name', (store) => {
  let db: Db;
  let container: AstroContainer;
  beforeAll(async () => {
    db = await openSeededStore(store, 6);
    container = await AstroContainer.create();
  });
  afterAll(async () => {
    await db.close();
  });

  it('publishes the factors and global weights the case explanations use, with accuracy and a bias audit', async () => {
    const page = await loadNoticePage(db, 'sygefravaer-risiko');
    if (!page.ok) throw new Error('no notice');
    const model = page.data.model;
    expect(model?.factors.map((f) => [f.code, f.weight])).toEqual(
      RISK_MODEL.factors.map((f) => [f.code, f.weight]),
    );
    // The weights on Lars's case are the published ones.
    const risk = lars.cases[0]!.events.find((e) => e.kind === 'profiling')!;
    expect(risk.explanation?.factors.map((f) => f.weight)).toEqual(model?.factors.map((f) => f.weight));
    expect(risk.explanation?.model?.intercept).toBe(model?.intercept);
    expect(new Set(model?.biasAudit.map((b) => b.group))).toEqual(new Set(['age', 'gender', 'origin']));
    for (const locale of ['da', 'en'] as const) {
      const html = await container.renderToString(PublishedModelView, {
        props: { model: model! },
        locals: {
          locale,
          t: getTranslator(locale),
          citizen: undefined,
          staff: undefined,
          sessionToken: undefined,
          sessionExpired: false,
        },
      });
      expect(html).toContain(
        locale === 'da' ? 'Modellen rammer rigtigt i 78 %' : 'The model is right in 78 %',
      );
      expect(html).toContain(locale === 'da' ? '12. maj 2026' : '12 May 2026');
      expect(html).toContain(locale === 'da' ? 'Under 30 år' : 'Under 30');
      expect(html).toContain('0,55'.replace(',', locale === 'da' ? ',' : '.'));
    }
    // A system that scores nothing publishes no model.
    const summary = await loadNoticePage(db, 'laegeresume');
    expect(summary.ok && summary.data.model).toBeNull();
  });
});
