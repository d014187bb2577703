import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiSystemsExportSchema } from '../../src/register/open-data.ts';
import { requestStatisticsExportSchema } from '../../src/register/open-numbers.ts';
import { mergeSections, openApiDocument } from '../../src/server/openapi.ts';

type Json = Record<string, unknown>;
const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: Json };

// Every API route, loaded as the server loads it: its file name is its address.
const routes = import.meta.glob<Record<string, unknown>>('../../src/pages/api/v1/**/*.ts', { eager: true });
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `../../src/pages/api/v1/ai-systems.csv.ts` -> `/api/v1/ai-systems.csv`; `[slug]` -> `{slug}`. */
function addressOf(file: string): string {
  return file
    .replace(/^\.\.\/\.\.\/src\/pages/, '')
    .replace(/\.ts$/, '')
    .replace(/\/index$/, '')
    .replace(/\[([^\]]+)\]/g, '{$1}');
}

describe('the OpenAPI document', () => {
  it('describes every route under /api/v1 with each method it serves, and nothing that is not there', () => {
    const served = new Map<string, string[]>();
    for (const [file, mod] of Object.entries(routes))
      served.set(
        addressOf(file),
        METHODS.filter((m) => typeof mod[m] === 'function').map((m) => m.toLowerCase()),
      );
    expect(served.size).toBeGreaterThanOrEqual(9);
    for (const [address, methods] of served) {
      expect(doc.paths, address).toHaveProperty([address]);
      expect(Object.keys(doc.paths[address]!).sort(), address).toEqual([...methods].sort());
    }
    expect(Object.keys(doc.paths).sort()).toEqual([...served.keys()].sort());
  });

  it('describes the open data with the JSON Schemas of the zod schemas the endpoints answer with', () => {
    const schemas = doc.components['schemas'] as Json;
    expect(schemas['AiSystemsExport']).toEqual(
      z.toJSONSchema(aiSystemsExportSchema, { target: 'draft-2020-12', io: 'output' }),
    );
    expect(schemas['RequestStatistics']).toEqual(
      z.toJSONSchema(requestStatisticsExportSchema, { target: 'draft-2020-12', io: 'output' }),
    );
    const register = doc.paths['/api/v1/ai-systems']!['get']!;
    expect(register['security']).toEqual([]);
    expect(register['responses']).toMatchObject({
      '200': {
        content: { 'application/json': { schema: { $ref: '#/components/schemas/AiSystemsExport' } } },
      },
    });
  });

  it('refuses two sections describing the same path', () => {
    const section = { paths: { '/api/v1/x': { get: {} } } };
    expect(() => mergeSections([section, section])).toThrow('/api/v1/x is described twice');
  });
});
