/**
 * Public pages near static (issue 15): the front page, the register and its notices and the open
 * data are the same for every anonymous visitor until something is published. Each is rendered once
 * per language and data version, kept here with its compressed variants, and served from memory.
 *
 * Invalidation: the store's data version (portal.data_version, bumped by triggers when a notice, AI
 * system, data source or the municipality changes; migration 100) is read at most once a second, so
 * a publish through any instance reaches every instance within about a second; a publish through
 * this process clears it at once. Every copy also expires after `maxAgeMs` (facts count a rolling
 * 12 months, and a notice's status depends on today's date).
 */
import type { Representation } from './representation.ts';

export interface PublicCacheOptions {
  /** How many pages are kept (least recently used go first); the register's filters make many URLs. */
  readonly maxEntries: number;
  /** How long a copy is served before it is rendered again; also the Cache-Control max-age. */
  readonly maxAgeMs: number;
  /** How often the store's data version is read. */
  readonly checkEveryMs: number;
  /** The store's data version, or null when it cannot be read (then only maxAgeMs applies). */
  readonly readVersion: () => Promise<number | null>;
}

interface Entry {
  readonly rep: Representation;
  readonly route: string;
  readonly storedAt: number;
}

/** A ticket for one render: its result is stored only if nothing was invalidated meanwhile. */
export interface RenderTicket {
  readonly generation: number;
}

export class PublicPageCache {
  readonly #options: PublicCacheOptions;
  readonly #entries = new Map<string, Entry>();
  #generation = 0;
  #version: number | null = null;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #checking: Promise<void> | undefined;

  constructor(options: PublicCacheOptions) {
    this.#options = options;
  }

  get maxAgeSeconds(): number {
    return Math.round(this.#options.maxAgeMs / 1000);
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Reads the store's version if the last read is older than checkEveryMs; clears on a change.
   * Resolves whether copies may be served: false when the version cannot be read (the store is
   * down: every page is rendered, so an outage is answered 503 like any page, issue 10) or when
   * reading it takes longer than `budgetMs` (a stalled store must not cost a request the time its
   * render needs to fail within the store's limits).
   */
  async refresh(now: number = Date.now(), budgetMs: number = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (now - this.#checkedAt < this.#options.checkEveryMs) return this.#version !== null;
    this.#checking ??= this.#options
      .readVersion()
      .catch(() => null)
      .then((version) => {
        this.#checkedAt = Date.now();
        if (version === null || version !== this.#version) this.#clear();
        this.#version = version;
      })
      .finally(() => {
        this.#checking = undefined;
      });
    const checking = this.#checking.then(() => this.#version !== null);
    if (!Number.isFinite(budgetMs)) return checking;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, budgetMs);
    });
    return Promise.race([checking, late]).finally(() => {
      clearTimeout(timer);
    });
  }

  /** Forgets every copy now (a publish in this process) and reads the version again next time. */
  invalidate(): void {
    this.#clear();
    this.#checkedAt = Number.NEGATIVE_INFINITY;
  }

  #clear(): void {
    this.#entries.clear();
    this.#generation += 1;
  }

  /** The fresh copy of a page, or undefined. */
  get(
    key: string,
    now: number = Date.now(),
  ): { rep: Representation; route: string; ageSeconds: number } | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt >= this.#options.maxAgeMs) return undefined; // kept as `previous` for its Last-Modified
    this.#entries.delete(key); // most recently used last
    this.#entries.set(key, entry);
    return { rep: entry.rep, route: entry.route, ageSeconds: Math.floor((now - entry.storedAt) / 1000) };
  }

  /** The last copy of a page even if expired: a re-render that changed nothing keeps its validators. */
  previous(key: string): Representation | undefined {
    return this.#entries.get(key)?.rep;
  }

  /** Taken before a render starts. */
  ticket(): RenderTicket {
    return { generation: this.#generation };
  }

  /** Stores a render unless the data changed while it was made. Returns whether it was stored. */
  set(
    key: string,
    rep: Representation,
    route: string,
    ticket: RenderTicket,
    now: number = Date.now(),
  ): boolean {
    if (ticket.generation !== this.#generation) return false;
    this.#entries.delete(key);
    this.#entries.set(key, { rep, route, storedAt: now });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return true;
  }
}
