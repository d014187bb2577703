/**
 * "Something the public pages show has changed in this process" (a notice published, reference
 * data ingested): the public page cache (src/server/http/public-cache.ts) listens and drops its
 * copies at once. Other instances learn of the change from the store's data version instead.
 *
 * The listeners live on `globalThis` under a registered symbol because the announcing code (pages,
 * in the Astro bundle) and the listening server (scripts/serve.ts) load separate copies of this file.
 */
const LISTENERS: unique symbol = Symbol.for('indsigt.data-changed');
const global = globalThis as unknown as Record<symbol, Set<() => void> | undefined>;

/** Calls `listener` whenever this process announces a change. */
export function onDataChanged(listener: () => void): () => void {
  const listeners = global[LISTENERS] ?? (global[LISTENERS] = new Set());
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Announces a committed change of what the public pages show. */
export function announceDataChanged(): void {
  for (const listener of global[LISTENERS] ?? []) listener();
}
