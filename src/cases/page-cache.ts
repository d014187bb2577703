/**
 * The citizen's case page as rendered, kept per process and served again while nothing it was made
 * from has changed (issue 15: rendering was most of the page's CPU time; a repeat view now skips it,
 * and the two queries for the case's events and decisions with it).
 *
 * A page is a function of the rows it shows and of who looks at it in which language. So the key of a
 * copy is a digest of
 * - the case row as the store returned it on this very request (CASE_SQL, read through the viewer's
 *   own CPR): the case's facts as shown, its newest sealed header, head record, the municipality's
 *   name and contact, its AI-use letters, and the row versions (PostgreSQL's xmin) of the case, its
 *   headers and head record and of every row the events and decisions queries read: each AI event and
 *   its system, each data source of each event and the source's reference row, each decision
 *   (CASE_CONTENT_VERSIONS_SQL). Any write to one of those rows, an added or a deleted row, gives
 *   another key, as for the integrity verdicts (src/cases/integrity-cache.ts, ADR 0160);
 * - the viewer: the citizen's CPR number and name, whether they hold powers, and the representative
 *   acting for them, if any (the header, the banner);
 * - the language, the address asked for with its query (the language switch, the canonical link), and
 *   the municipality's branding as the header and footer show it.
 *
 * What does not change: every request still runs the middleware (session, power of attorney and its
 * log, origin check, security headers, `no-store`) and reads the case row through the citizen's own
 * CPR before a copy is looked up, so a copy is only ever served to the viewer it was made for, after
 * the same checks as a render. Copies are bounded in number and bytes (least recently used go first)
 * and in age (five minutes, as the integrity verdicts: no copy outlives a restored backup or a
 * transaction id wrap-around for long).
 */
import { hash } from 'node:crypto';
import type { Row } from '../db/db.ts';

/** What a copy is looked up by: one slot per case, viewer and language; the version within it. */
export interface CasePageKey {
  readonly slot: string;
  readonly version: string;
}

/** Who is looking and how: everything besides the rows that the rendered page depends on. */
export interface CasePageViewer {
  readonly locale: string;
  readonly citizen: { readonly cpr: string; readonly name: string; readonly powers: readonly unknown[] };
  readonly representative?: { readonly actorPseudonym: string } | undefined;
  /** The address as asked for (`/en/...` for English) and its query string. */
  readonly path: string;
  readonly search: string;
  /** The municipality's branding as the frame shows it. */
  readonly branding: unknown;
}

/** The key of the page of case `caseId`, whose row (CASE_SQL) is `caseRow`, for `viewer`. */
export function casePageKey(caseId: string, caseRow: Row, viewer: CasePageViewer): CasePageKey {
  const who = {
    cpr: viewer.citizen.cpr,
    name: viewer.citizen.name,
    holdsPowers: viewer.citizen.powers.length > 0,
    representative: viewer.representative ?? null,
  };
  const slot = `${caseId}|${viewer.locale}|${viewer.citizen.cpr}|${viewer.representative?.actorPseudonym ?? ''}`;
  const material = JSON.stringify([who, viewer.path, viewer.search, viewer.branding, caseRow]);
  return { slot, version: hash('sha256', material, 'base64') };
}

interface Copy {
  readonly version: string;
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: Uint8Array<ArrayBuffer>;
  readonly storedAt: number;
}

export interface CasePageCacheOptions {
  /** Most copies kept. */
  readonly maxEntries: number;
  /** Most bytes of page bodies kept. */
  readonly maxBytes: number;
  /** Longest a copy is served before the page is rendered again. */
  readonly maxAgeMs: number;
}

/** Rendered case pages by slot, each valid for one version. Least recently used go first. */
export class CasePageCache {
  readonly #options: CasePageCacheOptions;
  readonly #copies = new Map<string, Copy>();
  #bytes = 0;
  /** Copies served and pages kept: for tests and the benchmark. */
  hits = 0;
  stored = 0;

  constructor(options: CasePageCacheOptions) {
    this.#options = options;
  }

  get size(): number {
    return this.#copies.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The page for `key` as a new Response, if a copy of exactly that version is kept and fresh. */
  get(key: CasePageKey, now: number = Date.now()): Response | undefined {
    const copy = this.#copies.get(key.slot);
    if (!copy) return undefined;
    this.#remove(key.slot, copy);
    if (copy.version !== key.version || now - copy.storedAt >= this.#options.maxAgeMs) return undefined;
    this.#add(key.slot, copy); // most recently used last
    this.hits += 1;
    return new Response(copy.body, { status: copy.status, headers: copy.headers });
  }

  /**
   * Keeps a page just rendered for `key` and returns the response to send in its place (its body has
   * been read). Only a complete 200 that sets no cookie is kept.
   */
  async keep(key: CasePageKey, response: Response, now: number = Date.now()): Promise<Response> {
    if (response.status !== 200 || response.headers.has('set-cookie') || response.body === null)
      return response;
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = [...response.headers];
    const old = this.#copies.get(key.slot);
    if (old) this.#remove(key.slot, old);
    if (body.byteLength <= this.#options.maxBytes) {
      this.#add(key.slot, { version: key.version, status: 200, headers, body, storedAt: now });
      this.stored += 1;
      this.#evict();
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  }

  /** Forgets every copy. */
  clear(): void {
    this.#copies.clear();
    this.#bytes = 0;
  }

  #add(slot: string, copy: Copy): void {
    this.#copies.set(slot, copy);
    this.#bytes += copy.body.byteLength;
  }

  #remove(slot: string, copy: Copy): void {
    this.#copies.delete(slot);
    this.#bytes -= copy.body.byteLength;
  }

  #evict(): void {
    while (this.#copies.size > this.#options.maxEntries || this.#bytes > this.#options.maxBytes) {
      const oldest = this.#copies.entries().next().value;
      if (oldest === undefined) break;
      this.#remove(oldest[0], oldest[1]);
    }
  }
}

/**
 * The portal process's copies: a case page is 30-80 KB, so at most 32 MiB; a copy is rendered afresh
 * after five minutes whatever happens (as the integrity verdicts, src/cases/integrity-cache.ts).
 */
export const casePageCache = new CasePageCache({
  maxEntries: 2000,
  maxBytes: 32 * 1024 * 1024,
  maxAgeMs: 5 * 60_000,
});
