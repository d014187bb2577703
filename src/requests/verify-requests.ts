/**
 * The request loop's part of `npm run verify`: every citizen request's sealed steps form an unbroken
 * chain, none is missing from the end, and the request row says what its steps sealed. Requests are
 * read in keyset-paginated batches by id.
 */
import type { Queryable } from '../db/db.ts';
import { getRequestById, listRequestIds } from '../db/requests.ts';
import { verifyRequest, type RequestIntegrityProblem } from '../domain/citizen-request.ts';

/** A request that is not intact, named by id and reference, with what is wrong. */
export interface BrokenRequest {
  readonly requestId: string;
  readonly reference: string;
  readonly problems: readonly RequestIntegrityProblem[];
}

export interface RequestVerifyReport {
  readonly requests: number;
  readonly steps: number;
  readonly broken: readonly BrokenRequest[];
}

/** Checks every request; `broken` lists those that are not intact. */
export async function verifyRequests(db: Queryable, batchSize = 500): Promise<RequestVerifyReport> {
  const broken: BrokenRequest[] = [];
  let requests = 0;
  let steps = 0;
  let after: string | null = null;
  for (;;) {
    const ids = await listRequestIds(db, after, batchSize);
    for (const id of ids) {
      const data = await getRequestById(db, id);
      if (!data) continue;
      requests += 1;
      steps += data.steps.length;
      const integrity = verifyRequest(data.request, data.steps);
      if (!integrity.intact)
        broken.push({ requestId: id, reference: data.request.reference, problems: integrity.problems });
    }
    if (ids.length < batchSize) break;
    after = ids.at(-1) ?? after;
  }
  return { requests, steps, broken };
}

/** One line naming a broken request and what is wrong with it, for the verify command's output. */
export function describeBrokenRequest(b: BrokenRequest): string {
  const what = b.problems.map((p) =>
    p.kind === 'chain_broken'
      ? `step ${String(p.verdict.brokenAt.seq)} ${p.verdict.reason}`
      : p.kind === 'steps_missing'
        ? `${String(p.expected)} steps recorded, ${String(p.found)} found`
        : 'the request differs from its sealed receipt or steps',
  );
  return `BROKEN request ${b.reference} (${b.requestId}): ${what.join('; ')}`;
}
