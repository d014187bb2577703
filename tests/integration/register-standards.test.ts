import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../src/auth/session-types.ts';
import type { Db } from '../../src/db/db.ts';
import {
  getEditableNotice,
  getPublishedNotice,
  listPublishedNotices,
  retireSystem,
} from '../../src/db/notices.ts';
import { DEMO_NOTICES } from '../../src/demo/notices.ts';
import { aiSystemsJsonSchema } from '../../src/register/open-data.ts';
import { loadAiSystemsExport, loadStandardRecord } from '../../src/register/public-pages.ts';
import { handleEditPost } from '../../src/register/publisher.ts';
import { standardJsonSchema } from '../../src/register/standards.ts';
import { contentBeforeStandards } from '../helpers/notice-before-standards.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const BASE_URL = new URL('http://localhost:4321');
const NOW = new Date('2026-11-23T12:00:00Z');
const STAFF: StaffSession = {
  kind: 'staff',
  staffId: 'egb-0301',
  name: 'Henrik Bisgaard',
  title: 'Kommunikationskonsulent',
  unit: 'Digitalisering og IT',
  roles: ['publisher'],
  helping: null,
};

function validator(schema: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** The edit form as the browser sends it for the notice's current draft, with some fields changed. */
async function editForm(db: Db, systemId: string, changes: Record<string, string>): Promise<FormData> {
  const editable = await getEditableNotice(db, systemId);
  if (!editable.ok) throw new Error('not editable');
  const form = new FormData();
  const put = (name: string, value: unknown): void => {
    if (Array.isArray(value) && name !== 'caseAreas' && name !== 'dataSources')
      value.forEach((v, i) => put(`${name}.${i}`, v));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) put(name ? `${name}.${k}` : k, v);
    else if (typeof value === 'string') form.append(name, value);
  };
  const { caseAreas, dataSources, ...rest } = editable.notice.draft;
  put('', rest);
  for (const area of caseAreas) form.append('caseAreas', area);
  for (const s of dataSources)
    for (const c of s.categories) form.append('dataCategories', `${s.sourceId}:${c}`);
  for (const [k, v] of Object.entries(changes)) form.set(k, v);
  return form;
}

describe.each(STORES)('the standards’ fields in the register on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 10);
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores and reads back every demo notice’s new fields as written', async () => {
    const notices = await listPublishedNotices(db);
    for (const notice of notices) {
      const demo = DEMO_NOTICES[notice.systemId]!.at(-1)!.content;
      expect(notice.latest.content.risks, notice.systemId).toEqual(demo.risks);
      expect(notice.latest.content.impactAssessments).toEqual(demo.impactAssessments);
      expect(notice.latest.content.seniorResponsibleOwner).toEqual(demo.seniorResponsibleOwner);
      expect(notice.latest.content.da.tradeOffs).toBe(demo.da.tradeOffs);
      expect(notice.latest.content.lifecycleStatus).toBe(demo.lifecycleStatus);
    }
  });

  it('publishes the new fields from the editor form, and the exports from the store validate (ajv, strict)', async () => {
    const outcome = await handleEditPost(db, {
      staff: STAFF,
      systemId: 'laegeresume',
      locale: 'da',
      form: await editForm(db, 'laegeresume', {
        action: 'publish',
        lifecycleStatus: 'pilot',
        'risks.5.da.risk': 'Resuméet kan udelade en vigtig oplysning.',
        'risks.5.da.mitigation': 'Sagsbehandleren læser altid dokumenterne.',
        'risks.5.en.risk': 'The summary may leave out something important.',
        'risks.5.en.mitigation': 'The caseworker always reads the documents.',
        'changeSummary.da': 'Ny risiko.',
        'changeSummary.en': 'New risk.',
      }),
    });
    expect(outcome.kind).toBe('redirect');
    const after = await getPublishedNotice(db, 'laegeresume');
    if (!after.ok) throw new Error('gone');
    expect(after.notice.latest.content.lifecycleStatus).toBe('pilot');
    expect(after.notice.latest.content.risks.at(-1)!.en.risk).toBe(
      'The summary may leave out something important.',
    );

    const data = await loadAiSystemsExport(db, BASE_URL, NOW);
    const validate = validator(aiSystemsJsonSchema(BASE_URL));
    expect(validate(JSON.parse(JSON.stringify(data))), JSON.stringify(validate.errors)).toBe(true);
    const summary = data!.systems.find((s) => s.id === 'laegeresume')!;
    expect(summary.status).toBe('pilot');
    expect(summary.history.at(-1)!.changedFields).toEqual(['lifecycleStatus', 'risks']);

    for (const kind of ['atrs', 'algoritmeregister'] as const) {
      const check = validator(standardJsonSchema(kind, BASE_URL));
      for (const s of data!.systems) {
        const record = await loadStandardRecord(db, BASE_URL, s.slug, kind, NOW);
        expect(
          check(JSON.parse(JSON.stringify(record))),
          `${kind} ${s.slug}: ${JSON.stringify(check.errors)}`,
        ).toBe(true);
      }
    }
    expect(await loadStandardRecord(db, BASE_URL, 'no-such-system', 'atrs', NOW)).toBeNull();
  });

  it('refuses to publish without the standards’ fields, by field, and publishes nothing', async () => {
    const outcome = await handleEditPost(db, {
      staff: STAFF,
      systemId: 'tale-til-tekst',
      locale: 'en',
      form: await editForm(db, 'tale-til-tekst', {
        action: 'publish',
        'da.tradeOffs': '',
        'risks.0.da.risk': '',
        'risks.0.da.mitigation': '',
        'risks.0.en.risk': '',
        'risks.0.en.mitigation': '',
        'risks.1.da.risk': '',
        'risks.1.da.mitigation': '',
        'risks.1.en.risk': '',
        'risks.1.en.mitigation': '',
        appealUrl: 'not a link',
        'changeSummary.da': 'x',
        'changeSummary.en': 'x',
      }),
    });
    if (outcome.kind !== 'invalid_draft') throw new Error(`expected errors, got ${outcome.kind}`);
    expect(outcome.errors).toEqual([
      { path: 'da.tradeOffs', code: 'required' },
      { path: 'risks', code: 'addOne' },
      { path: 'appealUrl', code: 'invalidUrl' },
    ]);
    const after = await getPublishedNotice(db, 'tale-til-tekst');
    expect(after.ok && after.notice.history).toHaveLength(1);
  });

  it('reads a version published before the new fields as not stated, exports it, and can still retire it', async () => {
    const old = contentBeforeStandards(DEMO_NOTICES['rehab-behov']!.at(-1)!.content);
    await db.query(
      `insert into portal.notice_version (notice_id, version, content, change_summary, change_summary_en, published_by, published_at)
       select id, 2, $1, 'Gammel udgave.', 'Old version.', 'egb-0301', '2026-03-01T09:00:00Z' from portal.notice where system_id = 'rehab-behov'`,
      [JSON.stringify(old)],
    );
    const read = await getPublishedNotice(db, 'rehab-behov');
    if (!read.ok) throw new Error('gone');
    expect(read.notice.latest.content.lifecycleStatus).toBe('in_use');
    expect(read.notice.latest.content.da.technicalDescription).toBeNull();
    const data = await loadAiSystemsExport(db, BASE_URL, NOW);
    const validate = validator(aiSystemsJsonSchema(BASE_URL));
    expect(validate(JSON.parse(JSON.stringify(data))), JSON.stringify(validate.errors)).toBe(true);
    const nl = await loadStandardRecord(db, BASE_URL, 'rehab-behov', 'algoritmeregister', NOW);
    expect(nl && 'methods_and_models' in nl && nl.methods_and_models).toBeNull();

    const retired = await retireSystem(db, {
      systemId: 'rehab-behov',
      staffId: 'egb-0301',
      retiredOn: '2026-12-01',
      changeSummary: { da: 'Systemet stopper.', en: 'The system stops.' },
    });
    expect(retired).toEqual({ ok: true, version: 3, slug: 'rehab-behov' });
    const after = await getPublishedNotice(db, 'rehab-behov');
    expect(after.ok && after.notice.latest.content.lifecycleStatus).toBe('retired');
  });
});
