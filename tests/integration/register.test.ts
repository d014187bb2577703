import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRoundTrips, type Db } from '../../src/db/db.ts';
import {
  getEditableNotice,
  getPublishedNotice,
  listPublishedNotices,
  publishDraft,
  retireSystem,
  saveDraft,
  startNotice,
} from '../../src/db/notices.ts';
import { getRegisterFacts, lastTwelveMonths } from '../../src/db/register-facts.ts';
import { seedDemoNotices } from '../../src/demo/notices.ts';
import { AI_SYSTEMS } from '../../src/demo/reference-data.ts';
import { generateCitizen } from '../../src/demo/world.ts';
import { draftFromContent, TEXT_FIELDS } from '../../src/domain/notice.ts';
import { suppressSmallCount } from '../../src/domain/small-counts.ts';
import { aiSystemsCsv, aiSystemsExportSchema, aiSystemsJsonSchema } from '../../src/register/open-data.ts';
import { loadAiSystemsExport } from '../../src/register/public-pages.ts';
import { openSeededStore, STORES } from '../helpers/stores.ts';

const CITIZENS = 40;
const BASE_URL = new URL('http://localhost:4321');

/** The facts computed from the generator's own records: what the store must answer, before suppression. */
function expectedRawFacts(now: Date): Map<string, { cases: number; decisions: number; departed: number }> {
  const { start, end } = lastTwelveMonths(now);
  const result = new Map(AI_SYSTEMS.map((s) => [s.id, { cases: 0, decisions: 0, departed: 0 }]));
  for (let i = 0; i < CITIZENS; i += 1) {
    for (const c of generateCitizen(i).cases) {
      const inPeriod = c.events.filter((e) => e.occurredAt >= start && e.occurredAt < end);
      for (const system of AI_SYSTEMS) {
        const seqs = new Set(inPeriod.filter((e) => e.systemId === system.id).map((e) => e.seq));
        if (seqs.size === 0) continue;
        const facts = result.get(system.id)!;
        facts.cases += 1;
        for (const d of c.decisions) {
          if (!d.consideredEventSeqs.some((seq) => seqs.has(seq))) continue;
          facts.decisions += 1;
          if (d.aiAssessment === 'departed') facts.departed += 1;
        }
      }
    }
  }
  return result;
}

type JsonSchema = Record<string, unknown>;

/**
 * A small structural JSON Schema check, enough for what z.toJSONSchema writes: type (also as a
 * list), const, enum, properties, required, additionalProperties: false, items, anyOf, pattern,
 * minimum/maximum, minLength/maxLength. Returns the paths that fail.
 */
function schemaErrors(schema: JsonSchema, value: unknown, path = '$'): string[] {
  if (Array.isArray(schema['anyOf'])) {
    const options = schema['anyOf'] as JsonSchema[];
    return options.some((option) => schemaErrors(option, value, path).length === 0)
      ? []
      : [`${path}: no anyOf matched`];
  }
  const errors: string[] = [];
  const types = schema['type'] === undefined ? [] : ([] as unknown[]).concat(schema['type']);
  const typeOf = (v: unknown): string =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  const actual = typeOf(value);
  if (types.length > 0 && !types.some((t) => t === actual || (t === 'number' && actual === 'integer')))
    return [`${path}: expected ${types.join('|')}, got ${actual}`];
  if ('const' in schema && schema['const'] !== value)
    errors.push(`${path}: expected const ${String(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) errors.push(`${path}: not in enum`);
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value))
      errors.push(`${path}: does not match ${schema['pattern']}`);
    if (typeof schema['maxLength'] === 'number' && value.length > schema['maxLength'])
      errors.push(`${path}: too long`);
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength'])
      errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum'])
      errors.push(`${path}: below minimum`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum'])
      errors.push(`${path}: above maximum`);
  }
  if (actual === 'object' && typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema['required'] ?? []) as string[])
      if (!(key in record)) errors.push(`${path}.${key}: required`);
    for (const [key, v] of Object.entries(record)) {
      const sub = properties[key];
      if (sub) errors.push(...schemaErrors(sub, v, `${path}.${key}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}.${key}: not allowed`);
    }
  }
  if (Array.isArray(value) && schema['items'])
    value.forEach((item, i) =>
      errors.push(...schemaErrors(schema['items'] as JsonSchema, item, `${path}[${i}]`)),
    );
  return errors;
}

describe.each(STORES)('the public AI register on $name', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await openSeededStore(store, CITIZENS);
  });
  afterAll(async () => {
    await db.close();
  });

  it('seeds a published notice for every demo system, with a second version where the text changed', async () => {
    await seedDemoNotices(db); // a second run changes nothing
    const notices = await listPublishedNotices(db);
    expect(notices.map((n) => n.systemId).sort()).toEqual(AI_SYSTEMS.map((s) => s.id).sort());
    const risk = notices.find((n) => n.systemId === 'sygefravaer-risiko')!;
    expect(risk.history.map((v) => v.version)).toEqual([1, 2]);
    expect(risk.latest.content.en.humanOversight).not.toBe(risk.history[0]!.content.en.humanOversight);
    expect(notices.find((n) => n.systemId === 'postsortering')!.latest.content.retiredOn).toBe('2026-06-30');
  });

  for (const now of [new Date('2026-11-23T12:00:00Z'), new Date('2027-04-01T00:00:00Z')]) {
    it(`counts each system's cases and departures of the last 12 months as the store holds them, small counts suppressed (${now.toISOString().slice(0, 10)})`, async () => {
      const counting = countRoundTrips(db);
      const facts = await getRegisterFacts(counting, now);
      expect(counting.roundTrips).toBe(1);
      const expected = expectedRawFacts(now);
      const all = [];
      for (const [systemId, raw] of expected) {
        const published = {
          casesTouched: suppressSmallCount(raw.cases),
          decisionsWithOutput: suppressSmallCount(raw.decisions),
          departures: suppressSmallCount(raw.departed),
        };
        expect(facts.bySystem.get(systemId), systemId).toEqual(published);
        all.push(...Object.values(published));
      }
      // The data set exercises both sides of the threshold, and no count under 10 is ever published.
      expect(all.some((c) => c.suppressed)).toBe(true);
      expect(all.some((c) => !c.suppressed)).toBe(true);
      expect(all.every((c) => c.suppressed || c.count >= 10)).toBe(true);
    });
  }

  it('publishing creates a new version and keeps the old one as it was', async () => {
    const before = await getPublishedNotice(db, 'laegeresume');
    if (!before.ok) throw new Error('no demo notice');
    const editable = await getEditableNotice(db, 'laegeresume');
    if (!editable.ok) throw new Error('not editable');
    const draft = draftFromContent(editable.notice.latest!.content);
    draft.en.purpose = 'A summary gives the caseworker an overview faster.';
    draft.da.purpose = 'Et resumé giver sagsbehandleren hurtigere overblik.';
    draft.changeSummary = { da: 'Kortere formål.', en: 'Shorter purpose.' };
    expect(await saveDraft(db, 'laegeresume', draft, 'egb-0301')).toEqual({ ok: true });

    const published = await publishDraft(db, { systemId: 'laegeresume', staffId: 'egb-0301' });
    expect(published).toEqual({ ok: true, version: 2, slug: 'laegeresume' });

    const after = await getPublishedNotice(db, 'laegeresume');
    if (!after.ok) throw new Error('notice gone');
    expect(after.notice.history.map((v) => v.version)).toEqual([1, 2]);
    expect(after.notice.history[0]).toEqual(before.notice.latest);
    expect(after.notice.latest.content.en.purpose).toBe('A summary gives the caseworker an overview faster.');
    expect(after.notice.latest.changeSummary).toEqual({ da: 'Kortere formål.', en: 'Shorter purpose.' });
    expect(after.notice.latest.publishedBy).toBe('egb-0301');
    const reopened = await getEditableNotice(db, 'laegeresume');
    expect(reopened.ok && reopened.notice.hasDraft).toBe(false);
  });

  it('refuses to publish a draft missing English, naming each missing field, and publishes nothing', async () => {
    const editable = await getEditableNotice(db, 'tale-til-tekst');
    if (!editable.ok) throw new Error('not editable');
    const draft = draftFromContent(editable.notice.latest!.content);
    for (const field of TEXT_FIELDS) draft.en[field] = '';
    draft.changeSummary = { da: 'Ny tekst.', en: '' };
    await saveDraft(db, 'tale-til-tekst', draft, 'egb-0301');

    const result = await publishDraft(db, { systemId: 'tale-til-tekst', staffId: 'egb-0301' });
    expect(result.ok).toBe(false);
    if (result.ok || result.error !== 'invalid') throw new Error('expected validation errors');
    expect(result.errors.map((e) => e.path).sort()).toEqual(
      [...TEXT_FIELDS.map((f) => `en.${f}`), 'changeSummary.en'].sort(),
    );
    expect(result.errors.every((e) => e.code === 'required')).toBe(true);
    const after = await getPublishedNotice(db, 'tale-til-tekst');
    expect(after.ok && after.notice.history.length).toBe(1);
    const kept = await getEditableNotice(db, 'tale-til-tekst');
    expect(kept.ok && kept.notice.hasDraft).toBe(true);
  });

  it('starts a notice for a new system from what the store knows, and will not publish it half done', async () => {
    await db.query(
      `insert into audit.ai_system (id, municipality_code, name, supplier, processor, processing_kind, legal_basis,
         status, in_use_since, dpia_date)
       values ('ny-model', '999', 'Ny model', 'Leverandør A/S', 'Databehandler A/S', 'classification', '§ 1', 'in_use', '2026-10-01', '2026-09-01')`,
    );
    expect(await startNotice(db, 'ny-model', 'egb-0301')).toEqual({ ok: true });
    expect(await startNotice(db, 'ny-model', 'egb-0301')).toEqual({ ok: false, error: 'exists' });
    const editable = await getEditableNotice(db, 'ny-model');
    if (!editable.ok) throw new Error('not started');
    expect(editable.notice.draft).toMatchObject({
      supplier: 'Leverandør A/S',
      inUseSince: '2026-10-01',
      contact: { email: 'jobcenter@egebaek.example.dk' },
      da: { name: 'Ny model' },
    });
    const result = await publishDraft(db, { systemId: 'ny-model', staffId: 'egb-0301' });
    if (result.ok || result.error !== 'invalid') throw new Error('expected validation errors');
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['en.name', 'da.purpose', 'caseAreas', 'dataSources', 'legalBasis.url']),
    );
    expect(await getPublishedNotice(db, 'ny-model')).toEqual({ ok: false, error: 'not_found' });
  });

  it('retires a system as a new version with the date, keeping the earlier versions', async () => {
    const result = await retireSystem(db, {
      systemId: 'rehab-behov',
      staffId: 'egb-0301',
      retiredOn: '2026-12-01',
      changeSummary: { da: 'Systemet stopper.', en: 'The system stops.' },
    });
    expect(result).toEqual({ ok: true, version: 2, slug: 'rehab-behov' });
    const after = await getPublishedNotice(db, 'rehab-behov');
    if (!after.ok) throw new Error('notice gone');
    expect(after.notice.history.map((v) => v.content.retiredOn)).toEqual([null, '2026-12-01']);
    const refused = await retireSystem(db, {
      systemId: 'rehab-behov',
      staffId: 'egb-0301',
      retiredOn: '2020-01-01',
      changeSummary: { da: 'x', en: 'x' },
    });
    expect(refused).toEqual({
      ok: false,
      error: 'invalid',
      errors: [{ path: 'retiredOn', code: 'retiredBeforeStart' }],
    });
  });

  it('exports JSON that validates against its published JSON Schema, and CSV with one record per system', async () => {
    const data = await loadAiSystemsExport(db, BASE_URL, new Date('2026-11-23T12:00:00Z'));
    if (!data) throw new Error('no export');
    const json: unknown = JSON.parse(JSON.stringify(data));
    expect(aiSystemsExportSchema.parse(json)).toEqual(json);
    const schema = aiSystemsJsonSchema(BASE_URL);
    expect(schema['$id']).toBe('http://localhost:4321/api/v1/ai-systems.schema.json');
    expect(schema['required']).toEqual(
      expect.arrayContaining(['schemaVersion', 'schema', 'generatedAt', 'municipality', 'systems']),
    );
    expect(schemaErrors(schema, json)).toEqual([]);
    // The check would notice a broken export.
    expect(schemaErrors(schema, { ...data, schemaVersion: '2.0' })).not.toEqual([]);
    expect(schemaErrors(schema, { ...data, systems: [{ ...data.systems[0], da: undefined }] })).not.toEqual(
      [],
    );

    expect(data.systems).toHaveLength(AI_SYSTEMS.length);
    const risk = data.systems.find((s) => s.id === 'sygefravaer-risiko')!;
    expect(risk.history.map((h) => h.changedFields)).toEqual([[], ['useInCaseProcessing', 'humanOversight']]);
    expect(risk.url).toBe('http://localhost:4321/ai-systemer/sygefravaer-risiko');

    const csv = aiSystemsCsv(data);
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFFid,url,status,processing_kind,/);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"Systemet vurderer, om der er risiko for');
  });
});
