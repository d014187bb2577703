import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffSession } from '../../src/auth/session-types.ts';
import type { Db } from '../../src/db/db.ts';
import {
  getEditableNotice,
  getPublishedNotice,
  publishDraft,
  retireSystem,
  saveDraft,
} from '../../src/db/notices.ts';
import { draftFromContent } from '../../src/domain/notice.ts';
import { publisherEditRoute, publisherPreviewRoute } from '../../src/register/publisher-routes.ts';
import { loadAiSystemsExport, loadVersionPage } from '../../src/register/public-pages.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const PUBLISHER: StaffSession = {
  kind: 'staff',
  staffId: 'egb-0301',
  name: 'Henrik Bisgaard',
  title: 'Kommunikationskonsulent',
  unit: 'Digitalisering og IT',
  roles: ['publisher'],
  helping: null,
};

/** The latest published content of a demo notice as a draft, with a change summary. */
async function republishableDraft(db: Db, systemId: string) {
  const editable = await getEditableNotice(db, systemId);
  if (!editable.ok || !editable.notice.latest) throw new Error(`no published notice ${systemId}`);
  return {
    ...draftFromContent(editable.notice.latest.content),
    changeSummary: { da: 'Ingen ændring.', en: 'No change.' },
  };
}

describe.each(STORES)('notice versions on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, 5);
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses to publish a draft with the same content as the latest version, and keeps the draft', async () => {
    // Saved the way the form sends it: case areas in the form's order, not the stored one.
    const draft = await republishableDraft(db, 'laegeresume');
    draft.caseAreas = [...draft.caseAreas].reverse();
    await saveDraft(db, 'laegeresume', draft, PUBLISHER.staffId);
    expect(await publishDraft(db, { systemId: 'laegeresume', staffId: PUBLISHER.staffId })).toEqual({
      ok: false,
      error: 'unchanged',
      version: 1,
    });
    const after = await getPublishedNotice(db, 'laegeresume');
    expect(after.ok && after.notice.history.map((v) => v.version)).toEqual([1]);
    const kept = await getEditableNotice(db, 'laegeresume');
    expect(kept.ok && kept.notice.hasDraft).toBe(true);

    // The preview says so before the publisher tries, and shows no pending version.
    const url = new URL('http://localhost:4321/medarbejder/ai-systemer/laegeresume/forhaandsvisning');
    const preview = await publisherPreviewRoute(
      { db, staff: PUBLISHER, url, locale: 'da', request: new Request(url) },
      'laegeresume',
    );
    expect(preview.kind === 'render' && preview.view.unchangedSince).toBe(1);
    expect(preview.kind === 'render' && preview.view.history.map((h) => h.version)).toEqual([1]);
  });

  it('answers the publisher 409 with the reason when the publish button changes nothing', async () => {
    const draft = await republishableDraft(db, 'tale-til-tekst');
    // The form as the editor sends it: each field under its dotted path, rows by index.
    const form = new URLSearchParams({ action: 'publish' });
    const put = (path: string, value: unknown): void => {
      if (typeof value === 'string') form.set(path, value);
      else if (Array.isArray(value)) value.forEach((item, i) => put(`${path}.${String(i)}`, item));
      else if (value !== null && typeof value === 'object')
        for (const [key, v] of Object.entries(value)) put(path ? `${path}.${key}` : key, v);
    };
    const { caseAreas, dataSources, ...rest } = { ...draft, changeSummary: { da: 'Igen.', en: 'Again.' } };
    put('', rest);
    for (const area of caseAreas) form.append('caseAreas', area);
    for (const s of dataSources)
      for (const c of s.categories) form.append('dataCategories', `${s.sourceId}:${c}`);
    const url = new URL('http://localhost:4321/medarbejder/ai-systemer/tale-til-tekst');
    const result = await publisherEditRoute(
      { db, staff: PUBLISHER, url, locale: 'da', request: new Request(url, { method: 'POST', body: form }) },
      'tale-til-tekst',
    );
    expect(result.kind === 'render' && result.status).toBe(409);
    expect(result.kind === 'render' && result.view.unchanged).toEqual({ action: 'publish', version: 1 });
    expect(result.kind === 'render' && result.view.errors).toEqual([]);

    // The same form with one word changed publishes version 2.
    form.set('en.purpose', `${draft.en.purpose} Updated.`);
    const published = await publisherEditRoute(
      { db, staff: PUBLISHER, url, locale: 'da', request: new Request(url, { method: 'POST', body: form }) },
      'tale-til-tekst',
    );
    expect(published.kind).toBe('redirect');
    const after = await getPublishedNotice(db, 'tale-til-tekst');
    expect(after.ok && after.notice.latest.version).toBe(2);
  });

  it('refuses to retire a system again on the date it was already retired', async () => {
    const result = await retireSystem(db, {
      systemId: 'postsortering',
      staffId: PUBLISHER.staffId,
      retiredOn: '2026-06-30',
      changeSummary: { da: 'Igen.', en: 'Again.' },
    });
    expect(result).toEqual({ ok: false, error: 'unchanged', version: 2 });
  });

  it('shows an old version in full, marked old, with the fields it changed, value before and after', async () => {
    const draft = await republishableDraft(db, 'rehab-behov');
    draft.da.purpose = 'Et nyt formål.';
    draft.dpiaDate = '2026-10-01';
    draft.changeSummary = { da: 'Nyt formål og ny analyse.', en: 'New purpose and a new assessment.' };
    await saveDraft(db, 'rehab-behov', draft, PUBLISHER.staffId);
    expect(await publishDraft(db, { systemId: 'rehab-behov', staffId: PUBLISHER.staffId })).toMatchObject({
      ok: true,
      version: 2,
    });

    const v1 = await loadVersionPage(db, 'rehab-behov', '1');
    const v2 = await loadVersionPage(db, 'rehab-behov', '2');
    if (!v1.ok || !v2.ok) throw new Error('version pages missing');
    expect(v1.data.isCurrent).toBe(false);
    expect(v1.data.version.content).toEqual(v1.data.notice.history[0]!.content);
    expect(v1.data.version.content.da.purpose).not.toBe('Et nyt formål.');
    expect(v1.data.changes).toEqual([]);
    expect(v2.data.isCurrent).toBe(true);
    expect(v2.data.changes).toEqual([
      {
        field: 'purpose',
        language: 'da',
        before: v1.data.version.content.da.purpose,
        after: 'Et nyt formål.',
      },
      { field: 'dpiaDate', language: null, before: v1.data.version.content.dpiaDate, after: '2026-10-01' },
    ]);
    for (const missing of ['0', '3', 'abc', '1.0', '01'])
      expect(await loadVersionPage(db, 'rehab-behov', missing), missing).toEqual({
        ok: false,
        error: 'not_found',
      });
    expect(await loadVersionPage(db, 'findes-ikke', '1')).toEqual({ ok: false, error: 'not_found' });
  });

  it('lists every version in the open data with the fields it changed and links to its pages', async () => {
    const data = await loadAiSystemsExport(
      db,
      new URL('http://localhost:4321'),
      new Date('2026-11-23T12:00:00Z'),
    );
    const rehab = data?.systems.find((s) => s.id === 'rehab-behov');
    expect(rehab?.history.map((h) => [h.version, h.changedFields, h.url, h.urlEn])).toEqual([
      [
        1,
        [],
        'http://localhost:4321/ai-systemer/rehab-behov/versioner/1',
        'http://localhost:4321/en/ai-systemer/rehab-behov/versioner/1',
      ],
      [
        2,
        ['purpose', 'dpiaDate'],
        'http://localhost:4321/ai-systemer/rehab-behov/versioner/2',
        'http://localhost:4321/en/ai-systemer/rehab-behov/versioner/2',
      ],
    ]);
  });
});
