/** POST /api/v1/ingest: case systems write to the audit store. The pipeline lives in src/ingest/http.ts. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { authenticatorFor, type IngestAuthenticator } from '../../../ingest/auth.ts';
import { handleIngestRequest } from '../../../ingest/http.ts';
import { checkpointSoon } from '../../../server/checkpoint-schedule.ts';
import { factsChangedSoon } from '../../../server/facts-schedule.ts';
import { log } from '../../../server/log.ts';
import { getWriteStore } from '../../../server/store.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

// One authenticator per process, so the IdP's JWKS is fetched once and cached.
let authenticate: IngestAuthenticator | undefined;

/** The SQLSTATE of a store error, for the log: the client is told only that the store failed. */
function sqlState(error: unknown): string | undefined {
  const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
  return typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
    ? cause.code
    : undefined;
}

export const POST: APIRoute = ({ request }) => {
  const { ingest } = getConfig();
  authenticate ??= authenticatorFor(ingest.auth);
  return handleIngestRequest(request, {
    // The write side's login (indsigt_ingest): the portal's own login may not write the audit store.
    store: getWriteStore,
    authenticate,
    maxBodyBytes: ingest.maxBodyBytes,
    onStoreError: (error) => {
      log.error('ingest: the store refused the batch', { sqlState: sqlState(error) });
    },
    onWritten: () => {
      checkpointSoon();
      factsChangedSoon(); // the register's facts count the AI events just written
    },
  });
};

export const ALL = methodNotAllowed(['POST']);
