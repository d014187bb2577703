/** GET /api/v1/checkpoints: the audit store's signed checkpoints and the key to check them against. */
import type { APIRoute } from 'astro';
import { getConfig } from '../../../config.ts';
import { loadVerifyingKey } from '../../../ingest/checkpoint-key.ts';
import { handleCheckpointsRequest } from '../../../ingest/http.ts';
import { getStore } from '../../../server/store.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  handleCheckpointsRequest({
    store: getStore,
    key: () => {
      const { env, checkpoint } = getConfig();
      return loadVerifyingKey({ env, ...checkpoint });
    },
  });

export const ALL = methodNotAllowed(['GET']);
