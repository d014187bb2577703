/**
 * A version's changes as a reader sees them: for each changed field its label, and its value before
 * and after as lines of plain text in the reader's language. Generic over the content: a field it
 * knows nothing special about (one added to the notice later) is still shown, value by value. Pure.
 */
import type { DataSourceInfo } from '../db/notices.ts';
import type { FieldChange } from '../domain/notice.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatDate } from './format.ts';

/** A translator bound to the register namespace. */
export type RegisterTranslate = (key: string, options?: Record<string, unknown>) => string;

export interface DiffContext {
  readonly r: RegisterTranslate;
  readonly locale: Locale;
  readonly dataSources: readonly DataSourceInfo[];
}

/** One row of the diff table. */
export interface DiffRow {
  readonly label: string;
  /** The language the values are written in, for a text field; null when they are in the reader's. */
  readonly language: Locale | null;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value as lines of text: dates in words, lists item by item, objects value by value. */
function lines(value: unknown, ctx: DiffContext): string[] {
  if (value === null || value === undefined || value === '') return [ctx.r('version.empty')];
  if (typeof value === 'string')
    return ISO_DATE.test(value)
      ? [formatDate(value, ctx.locale)]
      : value.split(/\n+/).filter((line) => line.trim() !== '');
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) {
    if (value.length === 0) return [ctx.r('version.empty')];
    return value.flatMap((item) => (typeof item === 'object' ? [oneLine(item, ctx)] : lines(item, ctx)));
  }
  return Object.values(value as Record<string, unknown>).flatMap((v) => lines(v, ctx));
}

/** An object in a list (one data source, one risk) on one line. */
function oneLine(value: unknown, ctx: DiffContext): string {
  return lines(value, ctx).join(', ');
}

/** The fields whose values are ids a reader should see as names. */
function namedValues(change: FieldChange, value: unknown, ctx: DiffContext): string[] | null {
  if (change.field === 'caseAreas' && Array.isArray(value))
    return value.map((area) => ctx.r(`area.${String(area)}`));
  if (change.field === 'dataSources' && Array.isArray(value))
    return (value as { sourceId: string; categories: string[] }[]).map((s) => {
      const name = ctx.dataSources.find((d) => d.id === s.sourceId)?.name ?? s.sourceId;
      const categories = s.categories.map((c) => ctx.r(`category.${c}`, { defaultValue: c }));
      return `${name}: ${categories.join(', ')}`;
    });
  return null;
}

/** The rows of a version's diff, in the order of the changes. */
export function diffRows(changes: readonly FieldChange[], ctx: DiffContext): DiffRow[] {
  return changes.map((change) => {
    const field = ctx.r(`field.${change.field}`, { defaultValue: change.field });
    const show = (value: unknown): string[] => namedValues(change, value, ctx) ?? lines(value, ctx);
    return {
      label: change.language
        ? ctx.r('publisher.inLanguage', { field, language: ctx.r(`language.${change.language}`) })
        : field,
      language: change.language,
      before: show(change.before),
      after: show(change.after),
    };
  });
}
