/** Lists that are long for some people (a citizen's requests, a unit's inbox) come a page at a time. */

/** The page number in `?side=`, 1 when absent or not a sensible number. */
export function pageParam(url: URL): number {
  const raw = url.searchParams.get('side') ?? '1';
  const page = /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return page >= 1 ? page : 1;
}

/** How many pages `total` items fill, at least one. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The same address on another page, keeping the other query parameters (filters). */
export function pageHref(url: URL, page: number): string {
  const params = new URLSearchParams(url.search);
  if (page <= 1) params.delete('side');
  else params.set('side', String(page));
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
