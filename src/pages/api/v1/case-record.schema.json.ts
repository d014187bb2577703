/** The JSON Schema of the downloadable case record, generated from the zod schema the export uses. */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { caseRecordSchema } from '../../../domain/case-record.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = () =>
  Response.json(z.toJSONSchema(caseRecordSchema, { io: 'output' }), {
    headers: { 'Cache-Control': 'public, max-age=3600' },
  });

export const ALL = methodNotAllowed(['GET']);
