/**
 * The public register's filters (case area, kind of processing, status) and its search, read from
 * the query string of a plain GET form, and applied to the published notices. Pure functions.
 */
import { z } from 'zod';
import { LIFECYCLE_STATUSES, noticeStatus, type NoticeLanguage } from '../domain/notice.ts';
import { caseAreaSchema, processingKindSchema, type CaseArea, type ProcessingKind } from '../domain/types.ts';
import type { PublishedNotice } from '../db/notices.ts';
import { getTranslator } from '../i18n/translations.ts';

/** A value the form does not offer is the same as no filter: a hand-edited URL never errors. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const registerFiltersSchema = z.object({
  area: optional(caseAreaSchema),
  kind: optional(processingKindSchema),
  status: optional(z.enum(LIFECYCLE_STATUSES)),
  q: optional(
    z
      .string()
      .trim()
      .max(100)
      .transform((q) => (q === '' ? undefined : q)),
  ),
});
export type RegisterFilters = z.infer<typeof registerFiltersSchema>;

/** The filters in a query string (`?area=sickness_benefit&kind=profiling&status=in_use&q=risiko`). */
export function parseRegisterFilters(params: URLSearchParams): RegisterFilters {
  const value = (name: string): string | undefined => params.get(name) ?? undefined;
  return registerFiltersSchema.parse({
    area: value('area') || undefined,
    kind: value('kind') || undefined,
    status: value('status') || undefined,
    q: value('q'),
  });
}

/** Whether any filter or search is set. */
export function hasFilters(filters: RegisterFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined);
}

const normalise = (text: string): string => text.toLocaleLowerCase('da').normalize('NFC');

/** The words the register shows for case areas and kinds of processing, in one language. */
export interface SearchLabels {
  readonly area: (area: CaseArea) => string;
  readonly kind: (kind: ProcessingKind) => string;
}

/** The register's own labels in `language` (locales/<language>/register.json). */
export function searchLabelsFor(language: NoticeLanguage): SearchLabels {
  const t = getTranslator(language);
  return {
    area: (area) => t(`area.${area}`, { ns: 'register' }),
    kind: (kind) => t(`kind.${kind}`, { ns: 'register' }),
  };
}

/**
 * The text a search looks in: the notice in the reader's language, its supplier, and the case areas
 * and kind of processing as the page names them ("sygedagpenge" finds the systems used there).
 */
function searchableText(notice: PublishedNotice, language: NoticeLanguage, labels: SearchLabels): string {
  const { content } = notice.latest;
  const texts = content[language];
  return normalise(
    [
      texts.name,
      texts.shortDescription,
      texts.purpose,
      texts.useInCaseProcessing,
      content.supplier,
      ...content.caseAreas.map(labels.area),
      labels.kind(notice.processingKind),
    ].join('\n'),
  );
}

/**
 * The notices that match every filter; a search matches when every word of it occurs in the
 * notice (in the reader's language, with its case areas and kind of processing). `today` (ISO
 * date) decides whether a system is retired yet.
 */
export function filterNotices(
  notices: readonly PublishedNotice[],
  filters: RegisterFilters,
  language: NoticeLanguage,
  today: string,
  labels: SearchLabels = searchLabelsFor(language),
): PublishedNotice[] {
  const words = filters.q ? normalise(filters.q).split(/\s+/).filter(Boolean) : [];
  return notices.filter((notice) => {
    const { content } = notice.latest;
    if (filters.area && !content.caseAreas.includes(filters.area)) return false;
    if (filters.kind && notice.processingKind !== filters.kind) return false;
    if (filters.status && noticeStatus(content, today) !== filters.status) return false;
    if (words.length > 0) {
      const text = searchableText(notice, language, labels);
      if (!words.every((word) => text.includes(word))) return false;
    }
    return true;
  });
}
