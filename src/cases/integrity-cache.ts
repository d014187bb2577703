/**
 * The integrity verdict of a case, kept per process for as long as none of the rows it was computed
 * from has changed (issue 15: recomputing every hash of a case's chain on every view of its page).
 *
 * The key is the PostgreSQL row versions (xmin) of every row the check reads, as getCaseTimeline
 * returns them: the case row, its newest and first sealed headers, its head record, each AI event with
 * its data sources and each decision. Any UPDATE gives a row a new xmin, a DELETE or INSERT changes
 * the list, so a tampered record never matches a cached verdict and is verified afresh — the page shows
 * the warning exactly as without the cache (tests/integration/integrity-cache.test.ts). A verdict is
 * also recomputed after `maxAgeMs`, so no verdict outlives a few minutes whatever happens to the store
 * underneath (a restored backup with other transaction ids, transaction id wrap-around).
 */
import { verifyCaseChain, type CaseIntegrity } from '../domain/integrity.ts';
import type { CaseTimeline } from '../domain/types.ts';

interface Entry {
  readonly rowVersions: string;
  readonly integrity: CaseIntegrity;
  readonly storedAt: number;
}

export interface IntegrityCacheOptions {
  /** Most cases kept (least recently used go first): the memory stays bounded under any traffic. */
  readonly maxEntries: number;
  /** Longest a verdict is reused before the chain is verified again. */
  readonly maxAgeMs: number;
}

/** Verdicts by case id, reused while the rows' versions are the same. */
export class IntegrityCache {
  readonly #options: IntegrityCacheOptions;
  readonly #entries = new Map<string, Entry>();
  /** How many verdicts were computed (not reused): for tests and the benchmark. */
  verified = 0;

  constructor(options: IntegrityCacheOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The case's verdict: reused if its rows are the versions it was computed from, else verified. */
  verify(
    timeline: Pick<CaseTimeline, 'case' | 'seal' | 'events' | 'decisions'>,
    rowVersions: string,
    now: number = Date.now(),
  ): CaseIntegrity {
    const caseId = timeline.case.id;
    const entry = this.#entries.get(caseId);
    this.#entries.delete(caseId);
    if (entry && entry.rowVersions === rowVersions && now - entry.storedAt < this.#options.maxAgeMs) {
      this.#entries.set(caseId, entry); // most recently used last
      return entry.integrity;
    }
    const integrity = verifyCaseChain(timeline);
    this.verified += 1;
    this.#entries.set(caseId, { rowVersions, integrity, storedAt: now });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return integrity;
  }
}

/** The portal process's cache: a verdict is a few hundred bytes, so 10,000 cases stay small. */
export const caseIntegrityCache = new IntegrityCache({ maxEntries: 10_000, maxAgeMs: 5 * 60_000 });
