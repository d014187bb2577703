import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/server/openapi.ts';
import { ingestRecordJsonSchema } from '../../src/ingest/schema.ts';

type Json = Record<string, unknown>;
const doc = openApiDocument() as Json & { paths: Record<string, Record<string, Json>>; components: Json };

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

function resolve(pointer: string): unknown {
  expect(pointer.startsWith('#/')).toBe(true);
  return pointer
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (node, part) => (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc,
    );
}

describe('the OpenAPI document', () => {
  it('has the fields OpenAPI 3.1 requires', () => {
    expect(doc['openapi']).toMatch(/^3\.1\.\d+$/);
    expect(doc['info']).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    // It must survive JSON: it is served as a file.
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('gives every operation a unique id and described responses, and names only defined security schemes', () => {
    const schemes = Object.keys(doc.components['securitySchemes'] as Json);
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/api\/v1\//);
      for (const [method, operation] of Object.entries(item)) {
        expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
        ids.push(operation['operationId'] as string);
        const responses = operation['responses'] as Record<string, Json>;
        expect(Object.keys(responses).length).toBeGreaterThan(0);
        for (const [code, response] of Object.entries(responses)) {
          expect(code).toMatch(/^[1-5]\d\d$/);
          expect(response['description']).toEqual(expect.any(String));
        }
        for (const requirement of (operation['security'] as Json[] | undefined) ?? []) {
          for (const name of Object.keys(requirement)) expect(schemes).toContain(name);
        }
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it('describes the request with the JSON Schema of the record format the server validates with', () => {
    const schemas = doc.components['schemas'] as Json;
    expect(schemas['IngestRecord']).toEqual(ingestRecordJsonSchema());
    const record = schemas['IngestRecord'] as { oneOf?: Json[]; anyOf?: Json[] };
    const variants = record.oneOf ?? record.anyOf ?? [];
    const types = variants.map((v) => ((v['properties'] as Json)['type'] as Json)['const']);
    expect(types.sort()).toEqual(['ai_event', 'ai_system', 'case', 'data_source', 'decision', 'staff']);
    for (const v of variants)
      expect(v['required']).toEqual(expect.arrayContaining(['type', 'idempotencyKey']));
  });

  it('answers every refusal with the Error schema', () => {
    const ingest = doc.paths['/api/v1/ingest']!['post']!['responses'] as Record<string, Json>;
    for (const code of ['400', '401', '403', '413', '415', '422', '503']) {
      expect(refsIn(ingest[code])).toEqual(['#/components/schemas/Error']);
    }
  });
});
