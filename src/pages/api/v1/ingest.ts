/** POST /api/v1/ingest: case systems write to the audit store. The pipeline lives in src/ingest/http.ts. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { authenticatorFor, type IngestAuthenticator } from '../../../ingest/auth.ts';
import { handleIngestRequest } from '../../../ingest/http.ts';
import { getStore } from '../../../server/store.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

// One authenticator per process, so the IdP's JWKS is fetched once and cached.
let authenticate: IngestAuthenticator | undefined;

export const POST: APIRoute = ({ request }) => {
  const { ingest } = getConfig();
  authenticate ??= authenticatorFor(ingest.auth);
  return handleIngestRequest(request, { store: getStore, authenticate, maxBodyBytes: ingest.maxBodyBytes });
};

export const ALL = methodNotAllowed(['POST']);
