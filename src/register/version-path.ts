/** Where one published version of a notice is read in full. Pure. */

/** The public page of one published version of a notice (Danish path; `/en` in front for English). */
export function versionPath(slug: string, version: number): string {
  return `/ai-systemer/${slug}/versioner/${String(version)}`;
}
