import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import CaseView from '../../src/components/case/CaseView.astro';
import { getCaseTimeline } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { verifyCaseChain } from '../../src/domain/integrity.ts';
import { getTranslator } from '../../src/i18n/translations.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

const mette = generateCitizen(0);
const amira = generateCitizen(2);

describe.each(STORES)('the case page as rendered, on $name', (store) => {
  let db: Db;
  let container: AstroContainer;
  beforeAll(async () => {
    db = await openSeededStore(store, 8);
    container = await AstroContainer.create();
  });
  afterAll(async () => {
    await db.close();
  });

  async function render(
    cpr: string,
    caseId: string,
    locale: 'da' | 'en' = 'da',
    headingLevel?: number,
  ): Promise<string> {
    const result = await getCaseTimeline(db, cpr, caseId);
    if (!result.ok) throw new Error('case not found');
    return container.renderToString(CaseView, {
      props: {
        timeline: result.timeline,
        integrity: verifyCaseChain(result.timeline),
        mode: 'citizen',
        ...(headingLevel === undefined ? {} : { headingLevel }),
      },
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

  it('keeps an unbroken outline under one h1 on its own page, and under the page’s h1 inside another', async () => {
    const levels = (html: string): number[] => [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    const skips = (found: number[]): number[] =>
      found.filter((level, i) => i > 0 && level > found[i - 1]! + 1);
    const explained = amira.cases.find((c) => c.events.some((e) => e.explanation))!;
    const alone = levels(await render(amira.citizen.cpr, explained.row.id));
    expect(alone.filter((level) => level === 1)).toHaveLength(1);
    expect(alone).toContain(5);
    expect(skips(alone)).toEqual([]);
    const inside = levels(await render(amira.citizen.cpr, explained.row.id, 'da', 2));
    expect(inside[0]).toBe(2);
    expect(inside).not.toContain(1);
    expect(inside).toContain(6);
    expect(skips(inside)).toEqual([]);
  });

  it('says an intact record is intact, and names the human who decided', async () => {
    const html = await render(mette.citizen.cpr, mette.cases[0]!.row.id);
    expect(html).toContain('er ikke ændret, siden de blev skrevet');
    expect(html).not.toContain('Advarsel');
    expect(html).toContain(mette.cases[0]!.decisions[0]!.outcome);
  });

  it('shows a clear warning, with whom to contact, when an AI event was changed in the store', async () => {
    const target = amira.cases[0]!;
    await tamperAsOwner(
      db,
      `update audit.ai_event set output = 'Anbefaling: Ingen ændring' where case_id = $1 and seq = 2`,
      [target.row.id],
    );
    const html = await render(amira.citizen.cpr, target.row.id, 'en');
    expect(html).toContain('Warning: Something is wrong with the information in the case');
    expect(html).toContain('This applies to item no. 2.');
    expect(html).toContain('jobcenter@egebaek.example.dk');
    expect(html).toContain('role="alert"');
  });

  it('flags a decision with no human decision-maker instead of showing it as normal (§1 stk. 6)', async () => {
    const target = mette.cases[1]!;
    await tamperAsOwner(
      db,
      `update audit.decision set decided_by = null, decided_by_name = null, decided_by_title = null,
           decided_by_unit = null where case_id = $1`,
      [target.row.id],
    );
    const html = await render(mette.citizen.cpr, target.row.id);
    expect(html).toContain('Der står ikke, hvem der traf afgørelse nr.');
    expect(html).toContain('En afgørelse må ikke træffes af en computer alene.');
  });
});
