/**
 * One test per duty of the executive order (bekendtgørelse om kommunernes behandling af
 * personoplysninger med kunstig intelligens i beskæftigelsesindsatsen), each named after it and
 * failing if the duty is broken. The README's "Duties of the executive order" table points here.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import CaseView from '../../src/components/case/CaseView.astro';
import MyCases from '../../src/components/MyCases.astro';
import { listAccessRecordsForCitizen, recordStaffLookup } from '../../src/db/access-records.ts';
import { getCaseTimeline, listCasesForCitizen } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { AI_SYSTEMS, STAFF } from '../../src/demo/reference-data.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { verifyCaseChain } from '../../src/domain/integrity.ts';
import type { CaseTimeline } from '../../src/domain/types.ts';
import { getTranslator } from '../../src/i18n/translations.ts';
import { loadNoticePage } from '../../src/register/public-pages.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

const CITIZENS = 12;
const mette = generateCitizen(0);
const jens = generateCitizen(1);
const lars = generateCitizen(3);
const birgitte = generateCitizen(4);

describe.each(STORES)('the duties of the executive order, on $name', (store) => {
  let db: Db;
  let container: AstroContainer;
  beforeAll(async () => {
    db = await openSeededStore(store, CITIZENS);
    container = await AstroContainer.create();
  });
  afterAll(async () => {
    await db.close();
  });

  const locals = (locale: 'da' | 'en') => ({
    locale,
    t: getTranslator(locale),
    citizen: undefined,
    staff: undefined,
    sessionToken: undefined,
    sessionExpired: false,
  });

  async function timeline(cpr: string, caseId: string): Promise<CaseTimeline> {
    const result = await getCaseTimeline(db, cpr, caseId);
    if (!result.ok) throw new Error('case not found');
    return result.timeline;
  }

  async function casePage(cpr: string, caseId: string, locale: 'da' | 'en' = 'da'): Promise<string> {
    const t = await timeline(cpr, caseId);
    return container.renderToString(CaseView, {
      props: { timeline: t, integrity: verifyCaseChain(t), mode: 'citizen' },
      locals: locals(locale),
    });
  }

  it('§1 stk. 2: profiling is an event kind of its own, named as profiling to the citizen', async () => {
    const c = lars.cases[0]!;
    const read = await timeline(lars.citizen.cpr, c.row.id);
    expect(read.events.filter((e) => e.kind === 'profiling')).toHaveLength(1);
    const da = await casePage(lars.citizen.cpr, c.row.id, 'da');
    const en = await casePage(lars.citizen.cpr, c.row.id, 'en');
    expect(da).toContain('AI lavede en profil af dig.');
    expect(en).toContain('AI made a profile of you.');
  });

  it('§1 stk. 4-5: reuse and training are shown to the citizen with the new purpose and where the data came from', async () => {
    const c = birgitte.cases[0]!;
    const read = await timeline(birgitte.citizen.cpr, c.row.id);
    const reuse = read.events.find((e) => e.kind === 'reuse');
    const training = read.events.find((e) => e.kind === 'training');
    expect(reuse?.dataReused && training?.usedForTraining).toBe(true);
    const da = await casePage(birgitte.citizen.cpr, c.row.id, 'da');
    expect(da).toContain('Dine oplysninger blev brugt igen til et nyt formål.');
    expect(da).toContain('Dine oplysninger blev brugt til at træne AI-systemet.');
    // The new purpose and the origin, as the case system sealed them (§1 stk. 4-5).
    expect(reuse?.purposeNote).toMatch(/^Nyt formål: .+punkt \d+ i denne sag/);
    expect(training?.purposeNote).toMatch(/^Nyt formål: .+stammer fra denne sag/);
    expect(da).toContain(reuse!.purposeNote!);
    expect(da).toContain(training!.purposeNote!);
    const en = await casePage(birgitte.citizen.cpr, c.row.id, 'en');
    expect(en).toContain(reuse!.en!.purposeNote!);
    expect(en).toContain(training!.en!.purposeNote!);
  });

  it('§1 stk. 6: every decision names the human who made it, and one without is flagged', async () => {
    for (let i = 0; i < CITIZENS; i += 1) {
      const generated = generateCitizen(i);
      for (const c of generated.cases) {
        const read = await timeline(generated.citizen.cpr, c.row.id);
        for (const d of read.decisions) {
          expect(STAFF.map((s) => s.name)).toContain(d.decidedBy?.name);
        }
      }
    }
    const c = jens.cases[0]!;
    // The sealed snapshot of the decision-maker goes with the id (a check holds them together).
    await tamperAsOwner(
      db,
      `update audit.decision set decided_by = null, decided_by_name = null, decided_by_title = null,
           decided_by_unit = null where case_id = $1`,
      [c.row.id],
    );
    const html = await casePage(jens.citizen.cpr, c.row.id);
    expect(html).toContain('En afgørelse må ikke træffes af en computer alene.');
    expect(html).toContain('role="alert"');
  });

  it('§2 stk. 1: each AI use shows how the technology was used and each information source the data came from', async () => {
    const c = mette.cases[0]!;
    const html = await casePage(mette.citizen.cpr, c.row.id);
    const read = await timeline(mette.citizen.cpr, c.row.id);
    for (const event of read.events) {
      const entry = html.slice(
        html.indexOf(`id="punkt-${event.seq}"`),
        html.indexOf(`id="punkt-${event.seq + 1}"`),
      );
      expect(entry).toContain(`version ${event.systemVersion}`);
      expect(entry).toContain(event.output);
      expect(event.sources.length).toBeGreaterThan(0);
      for (const s of event.sources) expect(entry).toContain(`Kilde: ${s.ownerAuthority}`);
    }
  });

  it('§2 stk. 2: a citizen cannot read another citizen’s case, and every staff look-up is logged for the citizen', async () => {
    expect(await getCaseTimeline(db, jens.citizen.cpr, mette.cases[0]!.row.id)).toEqual({
      ok: false,
      error: 'not_found',
    });
    const before = await listAccessRecordsForCitizen(db, mette.citizen.cpr);
    const camilla = STAFF.find((s) => s.id === 'egb-0201')!;
    const looked = await recordStaffLookup(
      db,
      { staffId: camilla.id, name: camilla.name, title: camilla.title, unit: camilla.unit },
      { cpr: mette.citizen.cpr, purpose: 'desk', purposeText: null },
    );
    expect(looked).toMatchObject({ ok: true });
    const after = await listAccessRecordsForCitizen(db, mette.citizen.cpr);
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ staffName: camilla.name, purpose: 'desk' });
  });

  it('§2 stk. 3: every AI system’s public notice names its data processor, as the store records it', async () => {
    for (const system of AI_SYSTEMS) {
      const page = await loadNoticePage(db, system.id);
      if (!page.ok) throw new Error(`no notice for ${system.id}`);
      expect(page.data.notice.latest.content.processor).toBe(system.processor);
    }
  });

  it('§2 stk. 4: every case says at a glance whether AI was used, in Danish and English', async () => {
    for (const [citizen, locale] of [
      [mette, 'da'],
      [jens, 'en'],
    ] as const) {
      const cases = await listCasesForCitizen(db, citizen.citizen.cpr);
      const html = await container.renderToString(MyCases, {
        props: { cases, caseBasePath: '/mine-sager' },
        locals: locals(locale),
      });
      const used = cases.filter((c) => c.aiEventCount > 0).length;
      const words =
        locale === 'da'
          ? ['AI blev brugt i denne sag', 'Der blev ikke brugt AI i denne sag']
          : ['AI was used in this case', 'No AI was used in this case'];
      const times = (text: string): number => html.split(text).length - 1;
      // "No AI was used in this case" contains "AI was used in this case": count the negative apart.
      expect(times(words[1]!)).toBe(cases.length - used);
      expect(times(words[0]!) - (locale === 'en' ? times(words[1]!) : 0)).toBe(used);
    }
  });
});
