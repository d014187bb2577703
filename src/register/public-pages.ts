/**
 * What the public register pages read from the store, as plain functions the pages call: the list
 * with its filters applied, and one notice with its history and facts.
 */
import type { Queryable } from '../db/db.ts';
import { getMunicipalityOverview } from '../db/municipality.ts';
import {
  getPublishedNotice,
  listDataSources,
  listPublishedNotices,
  type DataSourceInfo,
  type PublishedNotice,
} from '../db/notices.ts';
import type { NoticeVersion } from '../db/notices.ts';
import type { RegisterFacts } from '../db/register-facts.ts';
import {
  changedFields,
  diffContent,
  type ChangeField,
  type ChangeSummary,
  type FieldChange,
  type NoticeLanguage,
} from '../domain/notice.ts';
import { getRegisterFactsSnapshot } from './facts-cache.ts';
import { filterNotices, parseRegisterFilters, type RegisterFilters } from './filters.ts';
import { todayInDenmark } from './format.ts';
import { algoritmeregisterPath, atrsPath, buildAiSystemsExport, type AiSystemsExport } from './open-data.ts';
import {
  algoritmeregisterRecord,
  atrsRecord,
  type AlgoritmeregisterRecord,
  type AtrsRecord,
} from './standards.ts';
import { versionPath } from './version-path.ts';
import { getPublishedModel } from '../db/published-models.ts';
import type { PublishedModel } from '../domain/published-model.ts';

export interface RegisterListData {
  readonly municipality: string | undefined;
  readonly filters: RegisterFilters;
  readonly notices: readonly PublishedNotice[];
  readonly total: number;
  readonly today: string;
}

/** The register's list page: every published notice, filtered by the query string. */
export async function loadRegisterList(
  db: Queryable,
  params: URLSearchParams,
  language: NoticeLanguage,
  now: Date = new Date(),
): Promise<RegisterListData> {
  const [overview, all] = [await getMunicipalityOverview(db), await listPublishedNotices(db)];
  const filters = parseRegisterFilters(params);
  const today = todayInDenmark(now);
  return {
    municipality: overview?.name,
    filters,
    notices: filterNotices(all, filters, language, today),
    total: all.length,
    today,
  };
}

export interface NoticePageData {
  readonly municipality: string | undefined;
  readonly notice: PublishedNotice;
  readonly facts: RegisterFacts;
  readonly dataSources: readonly DataSourceInfo[];
  readonly today: string;
  /** The scoring model the system publishes, for profiling and prediction systems. */
  readonly model: PublishedModel | null;
}

/** One notice's public page, or `not_found`. */
export async function loadNoticePage(
  db: Queryable,
  slug: string,
  now: Date = new Date(),
): Promise<{ ok: true; data: NoticePageData } | { ok: false; error: 'not_found' }> {
  const found = await getPublishedNotice(db, slug);
  if (!found.ok) return found;
  const overview = await getMunicipalityOverview(db);
  return {
    ok: true,
    data: {
      municipality: overview?.name,
      notice: found.notice,
      facts: await getRegisterFactsSnapshot(db),
      dataSources: await listDataSources(db),
      today: todayInDenmark(now),
      model: await getPublishedModel(db, found.notice.systemId),
    },
  };
}

/** One version in a notice's public history, with the fields it changed. */
export interface HistoryItem {
  readonly version: number | null;
  readonly publishedAt: Date | null;
  readonly changeSummary: ChangeSummary;
  readonly changedFields: readonly ChangeField[];
  /** The version's own page (Danish path), or null for a draft not yet published. */
  readonly path: string | null;
}

/** A notice's versions, newest first, each with what changed from the one before. */
export function historyOf(notice: Pick<PublishedNotice, 'history' | 'slug'>): HistoryItem[] {
  return notice.history
    .map((v, i) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      changeSummary: v.changeSummary,
      changedFields: changedFields(notice.history[i - 1]?.content ?? null, v.content),
      path: versionPath(notice.slug, v.version),
    }))
    .reverse();
}

export interface VersionPageData {
  readonly municipality: string | undefined;
  readonly notice: PublishedNotice;
  /** The version shown. */
  readonly version: NoticeVersion;
  /** The version before it, or null for the first. */
  readonly previous: NoticeVersion | null;
  /** What differs from the version before, field by field. */
  readonly changes: readonly FieldChange[];
  readonly isCurrent: boolean;
  readonly dataSources: readonly DataSourceInfo[];
  readonly today: string;
}

const VERSION_NUMBER = /^[1-9][0-9]{0,5}$/;

/** One published version of a notice with its diff against the one before, or `not_found`. */
export async function loadVersionPage(
  db: Queryable,
  slug: string,
  versionParam: string,
  now: Date = new Date(),
): Promise<{ ok: true; data: VersionPageData } | { ok: false; error: 'not_found' }> {
  if (!VERSION_NUMBER.test(versionParam)) return { ok: false, error: 'not_found' };
  const found = await getPublishedNotice(db, slug);
  if (!found.ok) return found;
  const { notice } = found;
  const index = notice.history.findIndex((v) => v.version === Number(versionParam));
  const version = notice.history[index];
  if (!version) return { ok: false, error: 'not_found' };
  const previous = notice.history[index - 1] ?? null;
  const overview = await getMunicipalityOverview(db);
  return {
    ok: true,
    data: {
      municipality: overview?.name,
      notice,
      version,
      previous,
      changes: diffContent(previous?.content ?? null, version.content),
      isCurrent: version.version === notice.latest.version,
      dataSources: await listDataSources(db),
      today: todayInDenmark(now),
    },
  };
}

/** The open-data export of every published notice, with the facts; null if the store is empty. */
export async function loadAiSystemsExport(
  db: Queryable,
  baseUrl: URL,
  now: Date = new Date(),
): Promise<AiSystemsExport | null> {
  const municipality = await getMunicipalityOverview(db);
  if (!municipality) return null;
  return buildAiSystemsExport({
    notices: await listPublishedNotices(db),
    dataSources: await listDataSources(db),
    facts: await getRegisterFactsSnapshot(db),
    municipality,
    baseUrl,
    now,
  });
}

/**
 * One system as the UK (`atrs`) or Dutch (`algoritmeregister`) standard's record, built from the
 * same export record as the open data; null if no notice with that slug is published.
 */
export async function loadStandardRecord(
  db: Queryable,
  baseUrl: URL,
  slug: string,
  kind: 'atrs' | 'algoritmeregister',
  now: Date = new Date(),
): Promise<AtrsRecord | AlgoritmeregisterRecord | null> {
  const data = await loadAiSystemsExport(db, baseUrl, now);
  const system = data?.systems.find((s) => s.slug === slug);
  if (!data || !system) return null;
  const source = new URL(kind === 'atrs' ? atrsPath(slug) : algoritmeregisterPath(slug), baseUrl).toString();
  return kind === 'atrs'
    ? atrsRecord(system, data.municipality.name, baseUrl, source)
    : algoritmeregisterRecord(system, data.municipality.name, baseUrl, source);
}
