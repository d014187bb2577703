/** The case record as JSON (schema: /api/v1/case-record.schema.json), downloaded as a file. */
import type { APIRoute } from 'astro';
import { toCaseRecord } from '../../../domain/case-record.ts';
import { loadCitizenCase } from '../../../cases/case-pages.ts';
import { methodNotAllowed } from '../../../server/endpoint.ts';

export const GET: APIRoute = async ({ locals, url, params, redirect }) => {
  const answer = await loadCitizenCase(locals, url, params.id);
  if (answer.kind === 'redirect') return redirect(answer.to, 303);
  if (answer.kind === 'error')
    return Response.json({ error: answer.error }, { status: answer.error === 'forbidden' ? 403 : 401 });
  if (answer.kind === 'not_found') return Response.json({ error: 'not_found' }, { status: 404 });
  const record = toCaseRecord(answer.timeline, answer.integrity, new Date());
  return new Response(JSON.stringify(record, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // The case number is the writer's free text: only safe characters go into the header.
      'Content-Disposition': `attachment; filename="sag-${record.case.caseNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.json"`,
    },
  });
};

export const ALL = methodNotAllowed(['GET']);
