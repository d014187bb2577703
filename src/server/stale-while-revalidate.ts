/**
 * A value that is slow to compute and changes slowly (the register's facts scan a year of AI events:
 * 2-6 s on a loaded machine against a 1 s statement timeout), kept per store handle. Fresh for
 * `freshMs`; after that the last good value is still served while one refresh runs in the background,
 * and kept if that refresh fails — so a page that shows it is not answered 503 because the store is
 * busy (issue 15). Older than `maxStaleMs` it is not served: the caller waits for a new one.
 */
export interface StaleWhileRevalidateOptions {
  readonly freshMs: number;
  readonly maxStaleMs: number;
}

interface Entry<V> {
  /** When the value being served was asked for. */
  readonly at: number;
  /** The value being served (pending on the first computation). */
  readonly value: Promise<V>;
  /** True once `value` has resolved. */
  settled: boolean;
  /** A background refresh in progress. */
  refreshing: boolean;
}

/** A per-key cache of `compute` (see the module comment). Keys are objects (store handles), held weakly. */
export function staleWhileRevalidate<K extends object, V>(
  compute: (key: K, now: Date) => Promise<V>,
  options: StaleWhileRevalidateOptions,
): (key: K, now?: Date) => Promise<V> {
  const entries = new WeakMap<K, Entry<V>>();

  const start = (key: K, now: Date): Entry<V> => {
    const entry: Entry<V> = {
      at: now.getTime(),
      value: compute(key, now),
      settled: false,
      refreshing: false,
    };
    entry.value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key); // a failure is never kept
      },
    );
    return entry;
  };

  return (key, now = new Date()) => {
    const entry = entries.get(key);
    const age = entry ? Math.abs(now.getTime() - entry.at) : Number.POSITIVE_INFINITY;
    if (entry && (age < options.freshMs || !entry.settled)) return entry.value;
    if (entry && age < options.maxStaleMs) {
      if (!entry.refreshing) {
        entry.refreshing = true;
        const next = start(key, now);
        next.value.then(
          () => {
            if (entries.get(key) === entry) entries.set(key, next);
          },
          () => {
            entry.refreshing = false; // keep serving the last good value; the next request tries again
          },
        );
      }
      return entry.value;
    }
    const fresh = start(key, now);
    entries.set(key, fresh);
    return fresh.value;
  };
}
