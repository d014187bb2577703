/** A notice's content as a version published before the standards' fields (issue 13) was stored. */
import type { NoticeContent } from '../../src/domain/notice.ts';

const NEW_FIELDS = new Set([
  'lifecycleStatus',
  'risks',
  'impactAssessments',
  'technicalDocumentationUrl',
  'seniorResponsibleOwner',
  'appealUrl',
]);
const NEW_TEXTS = new Set(['tradeOffs', 'technicalDescription', 'appealRoute']);

/** The content as JSON, without the fields and texts added for the UK and Dutch standards. */
export function contentBeforeStandards(content: NoticeContent): Record<string, unknown> {
  const without = (value: object, keys: Set<string>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(value).filter(([k]) => !keys.has(k)));
  return {
    ...without(content, NEW_FIELDS),
    da: without(content.da, NEW_TEXTS),
    en: without(content.en, NEW_TEXTS),
  };
}
