/**
 * Queries for the notice aggregate: the public notices of the AI systems with their immutable
 * published versions (portal.notice, portal.notice_version), and the publisher's drafts. Published
 * versions are only ever inserted; a draft lives on the notice row until it is published.
 */
import { z } from 'zod';
import {
  diffContent,
  draftFromContent,
  emptyDraft,
  storedNoticeContentSchema,
  noticeDraftSchema,
  validateDraft,
  type ChangeSummary,
  type FieldError,
  type NoticeContent,
  type NoticeDraft,
} from '../domain/notice.ts';
import { processingKindSchema, type ProcessingKind } from '../domain/types.ts';
import type { Db, Queryable } from './db.ts';

/** One published version of a notice. */
export interface NoticeVersion {
  readonly version: number;
  readonly content: NoticeContent;
  readonly changeSummary: ChangeSummary;
  readonly publishedAt: Date;
  readonly publishedBy: string;
}

/** A notice as the public sees it: its latest version, and every version before it. */
export interface PublishedNotice {
  readonly systemId: string;
  readonly slug: string;
  readonly processingKind: ProcessingKind;
  readonly latest: NoticeVersion;
  /** Every published version, oldest first (the latest is the last). */
  readonly history: readonly NoticeVersion[];
}

const versionJson = z
  .object({
    version: z.number().int().positive(),
    content: z.unknown(),
    change_summary: z.string(),
    change_summary_en: z.string().nullable(),
    published_at: z.string(),
    published_by: z.string(),
  })
  .transform((v): NoticeVersion => ({
    version: v.version,
    content: storedNoticeContentSchema.parse(v.content),
    // Rows from before the English summary existed show the Danish one in both languages.
    changeSummary: { da: v.change_summary, en: v.change_summary_en ?? v.change_summary },
    publishedAt: new Date(v.published_at),
    publishedBy: v.published_by,
  }));

const publishedRow = z
  .object({
    system_id: z.string(),
    slug: z.string(),
    processing_kind: processingKindSchema,
    versions: z.array(versionJson).min(1),
  })
  .transform((r): PublishedNotice => {
    const history = [...r.versions].sort((a, b) => a.version - b.version);
    const latest = history.at(-1);
    if (!latest) throw new Error('a published notice has a version');
    return { systemId: r.system_id, slug: r.slug, processingKind: r.processing_kind, latest, history };
  });

/**
 * Every notice with at least one published version, with all its versions, in the order of the
 * systems' names. $1: a slug to read one notice, or null for all.
 */
export const PUBLISHED_NOTICES_SQL = `select n.system_id, n.slug, s.processing_kind,
       json_agg(json_build_object('version', v.version, 'content', v.content,
         'change_summary', v.change_summary, 'change_summary_en', v.change_summary_en,
         'published_at', v.published_at, 'published_by', v.published_by) order by v.version) as versions
     from portal.notice n
     join portal.notice_version v on v.notice_id = n.id
     join audit.ai_system s on s.id = n.system_id
     where $1::text is null or n.slug = $1
     group by n.id, n.system_id, n.slug, s.processing_kind, s.name
     order by s.name`;

/** Every published notice with its history, in one query. */
export async function listPublishedNotices(db: Queryable): Promise<PublishedNotice[]> {
  const { rows } = await db.query(PUBLISHED_NOTICES_SQL, [null]);
  return rows.map((row) => publishedRow.parse(row));
}

export type PublishedNoticeResult = { ok: true; notice: PublishedNotice } | { ok: false; error: 'not_found' };

const SLUG = /^[a-z0-9-]{1,100}$/;

/** One published notice by its slug, with its history; `not_found` if none is published. */
export async function getPublishedNotice(db: Queryable, slug: string): Promise<PublishedNoticeResult> {
  if (!SLUG.test(slug)) return { ok: false, error: 'not_found' };
  const { rows } = await db.query(PUBLISHED_NOTICES_SQL, [slug]);
  const [row] = rows;
  return row ? { ok: true, notice: publishedRow.parse(row) } : { ok: false, error: 'not_found' };
}

/** An information source as the register names it. */
export interface DataSourceInfo {
  readonly id: string;
  readonly name: string;
  /** English name and owner, where the case system sent them. */
  readonly nameEn: string | null;
  readonly ownerAuthority: string;
  readonly ownerAuthorityEn: string | null;
  readonly categories: readonly string[];
}

const dataSourceRow = z
  .object({
    id: z.string(),
    name: z.string(),
    name_en: z.string().nullable(),
    owner_authority: z.string(),
    owner_authority_en: z.string().nullable(),
    data_categories: z.array(z.string()),
  })
  .transform((r): DataSourceInfo => ({
    id: r.id,
    name: r.name,
    nameEn: r.name_en,
    ownerAuthority: r.owner_authority,
    ownerAuthorityEn: r.owner_authority_en,
    categories: r.data_categories,
  }));

/** The audit store's information sources, by name. */
export async function listDataSources(db: Queryable): Promise<DataSourceInfo[]> {
  const { rows } = await db.query(
    'select id, name, name_en, owner_authority, owner_authority_en, data_categories from audit.data_source order by name',
  );
  return rows.map((row) => dataSourceRow.parse(row));
}

/** An AI system as the publisher's list shows it: whether it has a notice, a draft, versions. */
export interface PublisherSystem {
  readonly systemId: string;
  readonly name: string;
  /** The English name, where the case system sent one. */
  readonly nameEn: string | null;
  readonly processingKind: ProcessingKind;
  readonly slug: string | null;
  readonly hasDraft: boolean;
  readonly latestVersion: number | null;
  readonly retiredOn: string | null;
}

const publisherSystemRow = z
  .object({
    id: z.string(),
    name: z.string(),
    name_en: z.string().nullable(),
    processing_kind: processingKindSchema,
    slug: z.string().nullable(),
    has_draft: z.boolean(),
    latest_version: z.number().nullable(),
    retired_on: z.string().nullable(),
  })
  .transform((r): PublisherSystem => ({
    systemId: r.id,
    name: r.name,
    nameEn: r.name_en,
    processingKind: r.processing_kind,
    slug: r.slug,
    hasDraft: r.has_draft,
    latestVersion: r.latest_version,
    retiredOn: r.retired_on,
  }));

/** Every AI system in the audit store with the state of its notice, in one query. */
export async function listSystemsForPublisher(db: Queryable): Promise<PublisherSystem[]> {
  const { rows } = await db.query(
    `select s.id, s.name, s.name_en, s.processing_kind, n.slug, coalesce(n.draft is not null, false) as has_draft,
       lv.version as latest_version, lv.content->>'retiredOn' as retired_on
     from audit.ai_system s
     left join portal.notice n on n.system_id = s.id
     left join lateral (
       select v.version, v.content from portal.notice_version v where v.notice_id = n.id
       order by v.version desc limit 1) lv on true
     order by s.name`,
  );
  return rows.map((row) => publisherSystemRow.parse(row));
}

/** A notice as the publisher edits it. */
export interface EditableNotice {
  readonly systemId: string;
  readonly systemName: string;
  readonly slug: string;
  readonly processingKind: ProcessingKind;
  /** The work in progress, or the latest published content if there is no draft. */
  readonly draft: NoticeDraft;
  readonly hasDraft: boolean;
  readonly latest: NoticeVersion | null;
}

const editableRow = z.object({
  system_id: z.string(),
  system_name: z.string(),
  slug: z.string().nullable(),
  processing_kind: processingKindSchema,
  draft: z.unknown(),
  latest: versionJson.nullable(),
});

/** $1: system id. The system, its notice (if any) and the notice's latest version. */
const EDITABLE_SQL = `select s.id as system_id, s.name as system_name, s.processing_kind, n.slug, n.draft,
       (select json_build_object('version', v.version, 'content', v.content,
           'change_summary', v.change_summary, 'change_summary_en', v.change_summary_en,
           'published_at', v.published_at, 'published_by', v.published_by)
        from portal.notice_version v where v.notice_id = n.id order by v.version desc limit 1) as latest
     from audit.ai_system s
     left join portal.notice n on n.system_id = s.id
     where s.id = $1`;

export type EditableResult =
  { ok: true; notice: EditableNotice } | { ok: false; error: 'not_found' | 'no_notice' };

/** The notice of a system for editing: `not_found` if there is no such system, `no_notice` if none is started. */
export async function getEditableNotice(db: Queryable, systemId: string): Promise<EditableResult> {
  if (!SLUG.test(systemId)) return { ok: false, error: 'not_found' };
  const { rows } = await db.query(EDITABLE_SQL, [systemId]);
  const [found] = rows;
  if (!found) return { ok: false, error: 'not_found' };
  const row = editableRow.parse(found);
  if (row.slug === null) return { ok: false, error: 'no_notice' };
  const draft =
    row.draft !== null && row.draft !== undefined
      ? noticeDraftSchema.parse(row.draft)
      : row.latest
        ? draftFromContent(row.latest.content)
        : emptyDraft();
  return {
    ok: true,
    notice: {
      systemId: row.system_id,
      systemName: row.system_name,
      slug: row.slug,
      processingKind: row.processing_kind,
      draft,
      hasDraft: row.draft !== null && row.draft !== undefined,
      latest: row.latest,
    },
  };
}

const systemDefaultsRow = z.object({
  name: z.string(),
  supplier: z.string(),
  processor: z.string(),
  legal_basis: z.string(),
  in_use_since: z.string(),
  retired_on: z.string().nullable(),
  dpia_date: z.string().nullable(),
  contact_email: z.string(),
  contact_phone: z.string(),
  dpo_name: z.string(),
  dpo_email: z.string(),
});

/**
 * Starts the notice of a system that has none: a draft filled with what the audit store already
 * knows (supplier, processor, legal basis, dates, the municipality's contact and data protection
 * officer). Its slug is the system's id. Returns `exists` if the system already has a notice.
 */
export async function startNotice(
  db: Queryable,
  systemId: string,
  staffId: string,
): Promise<{ ok: true } | { ok: false; error: 'not_found' | 'exists' }> {
  if (!SLUG.test(systemId)) return { ok: false, error: 'not_found' };
  const { rows } = await db.query(
    `select s.name, s.supplier, s.processor, s.legal_basis, s.in_use_since, s.retired_on, s.dpia_date,
       m.contact_email, m.contact_phone, m.dpo_name, m.dpo_email
     from audit.ai_system s join audit.municipality m on m.code = s.municipality_code
     where s.id = $1`,
    [systemId],
  );
  const [found] = rows;
  if (!found) return { ok: false, error: 'not_found' };
  const s = systemDefaultsRow.parse(found);
  const draft = noticeDraftSchema.parse({
    da: { name: s.name },
    supplier: s.supplier,
    processor: s.processor,
    legalBasis: { reference: s.legal_basis },
    inUseSince: s.in_use_since,
    retiredOn: s.retired_on ?? '',
    dpiaDate: s.dpia_date ?? '',
    contact: { email: s.contact_email, phone: s.contact_phone },
    dataProtectionOfficer: { name: s.dpo_name, email: s.dpo_email },
    changeSummary: { da: 'Første udgave.', en: 'First version.' },
  });
  const inserted = await db.query(
    `insert into portal.notice (system_id, slug, draft, draft_updated_by) values ($1, $1, $2, $3)
     on conflict (system_id) do nothing`,
    [systemId, JSON.stringify(draft), staffId],
  );
  return inserted.rowCount === 1 ? { ok: true } : { ok: false, error: 'exists' };
}

/** Saves the publisher's work in progress (nothing is published). */
export async function saveDraft(
  db: Queryable,
  systemId: string,
  draft: NoticeDraft,
  staffId: string,
): Promise<{ ok: true } | { ok: false; error: 'not_found' }> {
  const { rowCount } = await db.query(
    `update portal.notice set draft = $2, draft_updated_by = $3, updated_at = now() where system_id = $1`,
    [systemId, JSON.stringify(draft), staffId],
  );
  return rowCount === 1 ? { ok: true } : { ok: false, error: 'not_found' };
}

export type PublishResult =
  | { ok: true; version: number; slug: string }
  | { ok: false; error: 'not_found' }
  | { ok: false; error: 'invalid'; errors: FieldError[] }
  /** The content is the same as the latest version's: nothing was published (`version` is the latest). */
  | { ok: false; error: 'unchanged'; version: number };

/** $1 notice id, $2 version, $3 content, $4/$5 change summary da/en, $6 publisher, $7 time or null for now. */
const INSERT_VERSION_SQL = `insert into portal.notice_version
       (notice_id, version, content, change_summary, change_summary_en, published_by, published_at)
     values ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()))`;

async function appendVersion(
  tx: Queryable,
  systemId: string,
  next: (draft: NoticeDraft | null, latest: NoticeContent | null) => NoticeDraft | null,
  knownDataSources: ReadonlyMap<string, readonly string[]>,
  staffId: string,
  publishedAt: Date | null,
  rules: 'complete' | 'as_published' = 'complete',
): Promise<PublishResult> {
  // The row lock serialises two publishers so version numbers never collide.
  const locked = await tx.query(
    `select n.id, n.slug, n.draft,
       (select v.content from portal.notice_version v where v.notice_id = n.id order by v.version desc limit 1) as latest,
       (select coalesce(max(v.version), 0) from portal.notice_version v where v.notice_id = n.id) as max_version
     from portal.notice n where n.system_id = $1 for update`,
    [systemId],
  );
  const [found] = locked.rows;
  if (!found) return { ok: false, error: 'not_found' };
  const row = z
    .object({
      id: z.string(),
      slug: z.string(),
      draft: z.unknown(),
      latest: z.unknown(),
      max_version: z.number(),
    })
    .parse(found);
  const stored = row.draft === null || row.draft === undefined ? null : noticeDraftSchema.parse(row.draft);
  const latest =
    row.latest === null || row.latest === undefined ? null : storedNoticeContentSchema.parse(row.latest);
  const draft = next(stored, latest);
  if (!draft) return { ok: false, error: 'not_found' };
  const validation = validateDraft(draft, knownDataSources, rules);
  if (!validation.ok) return { ok: false, error: 'invalid', errors: validation.errors };
  // A version is a change: publishing the same content again would only add noise to the history.
  if (latest && diffContent(latest, validation.content).length === 0)
    return { ok: false, error: 'unchanged', version: row.max_version };
  const version = row.max_version + 1;
  await tx.query(INSERT_VERSION_SQL, [
    row.id,
    version,
    JSON.stringify(validation.content),
    validation.changeSummary.da,
    validation.changeSummary.en,
    staffId,
    publishedAt?.toISOString() ?? null,
  ]);
  await tx.query(
    `update portal.notice set draft = null, draft_updated_by = null, updated_at = now() where id = $1`,
    [row.id],
  );
  return { ok: true, version, slug: row.slug };
}

async function knownSources(db: Queryable): Promise<Map<string, readonly string[]>> {
  return new Map((await listDataSources(db)).map((s) => [s.id, s.categories]));
}

/**
 * Publishes the system's draft as a new immutable version (the versions before it stay as they
 * are) and clears the draft. Refused with the errors by field if the draft is incomplete, and as
 * `unchanged` (the draft kept) if its content is the latest version's.
 */
export async function publishDraft(
  db: Db,
  input: { systemId: string; staffId: string; publishedAt?: Date },
): Promise<PublishResult> {
  const sources = await knownSources(db);
  return db.transaction((tx) =>
    appendVersion(tx, input.systemId, (draft) => draft, sources, input.staffId, input.publishedAt ?? null),
  );
}

/**
 * Retires a system in the register: a new version of its latest published notice with the date it
 * was taken out of use, the lifecycle status "retired", and the publisher's note on why. A draft in progress is left as it is.
 */
export async function retireSystem(
  db: Db,
  input: { systemId: string; staffId: string; retiredOn: string; changeSummary: ChangeSummary },
): Promise<PublishResult> {
  const sources = await knownSources(db);
  return db.transaction(async (tx) => {
    const draftBefore = await tx.query('select draft from portal.notice where system_id = $1', [
      input.systemId,
    ]);
    const result = await appendVersion(
      tx,
      input.systemId,
      (_draft, latest) =>
        latest
          ? {
              ...draftFromContent(latest),
              lifecycleStatus: 'retired',
              retiredOn: input.retiredOn,
              changeSummary: input.changeSummary,
            }
          : null,
      sources,
      input.staffId,
      null,
      // The latest version as it was published, with the retirement: no new fields are asked for.
      'as_published',
    );
    const keep = draftBefore.rows[0]?.['draft'];
    if (result.ok && keep !== null && keep !== undefined)
      await tx.query('update portal.notice set draft = $2 where system_id = $1', [
        input.systemId,
        JSON.stringify(keep),
      ]);
    return result;
  });
}
