/**
 * The one OpenAPI 3.1 document of the portal's API, served at /api/v1/openapi.json: each feature
 * describes its own endpoints as a section (paths and the component schemas they name, built from
 * the zod schemas the code answers with), and this file only puts the sections together. A new
 * feature adds its section to SECTIONS. `npm run check` lints the document with Redocly
 * (scripts/openapi-lint.ts); a test holds every route under src/pages/api/v1 to an entry here.
 */
import { ingestApi } from '../ingest/openapi.ts';
import { registerApi } from '../register/openapi.ts';

type Json = Record<string, unknown>;

/** One feature's part of the document. */
export interface OpenApiSection {
  /** Path items by path ("/api/v1/ai-systems"). */
  readonly paths: Readonly<Record<string, Json>>;
  /** Component schemas by name, referred to as `#/components/schemas/<name>`. */
  readonly schemas?: Readonly<Record<string, unknown>>;
  readonly securitySchemes?: Readonly<Record<string, Json>>;
  /** Tags the section's operations use, with their descriptions. */
  readonly tags?: readonly { readonly name: string; readonly description: string }[];
}

/** The document's own entry. */
const documentApi: OpenApiSection = {
  tags: [{ name: 'about', description: 'This description of the API.' }],
  paths: {
    '/api/v1/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        tags: ['about'],
        summary: 'This document',
        security: [],
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 document',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
  },
};

const SECTIONS: readonly OpenApiSection[] = [registerApi, ingestApi, documentApi];

/** Puts sections together; two sections naming the same path or schema is a programming error. */
export function mergeSections(sections: readonly OpenApiSection[]): {
  paths: Json;
  schemas: Json;
  securitySchemes: Json;
  tags: OpenApiSection['tags'];
} {
  const paths: Json = {};
  const schemas: Json = {};
  const securitySchemes: Json = {};
  const tags: { name: string; description: string }[] = [];
  const add = (target: Json, entries: Readonly<Record<string, unknown>> | undefined, kind: string): void => {
    for (const [key, value] of Object.entries(entries ?? {})) {
      if (key in target) throw new Error(`OpenAPI: ${kind} ${key} is described twice`);
      target[key] = value;
    }
  };
  for (const section of sections) {
    add(paths, section.paths, 'path');
    add(schemas, section.schemas, 'schema');
    add(securitySchemes, section.securitySchemes, 'security scheme');
    tags.push(...(section.tags ?? []));
  }
  return { paths, schemas, securitySchemes, tags };
}

/** The OpenAPI document. */
export function openApiDocument(): Json {
  const { paths, schemas, securitySchemes, tags } = mergeSections(SECTIONS);
  return {
    openapi: '3.1.1',
    info: {
      title: 'Indsigt API',
      version: '1.1.0',
      summary:
        'The municipality’s open data on its AI systems and on citizens’ requests, and the audit store’s ingest and checkpoints.',
      description:
        'Open data (the AI register, the open numbers, the published JSON Schemas) needs no login and may be ' +
        'fetched from any origin. Writing to the audit store needs an access token or a client certificate.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/', description: 'The portal itself' }],
    tags,
    paths,
    components: { schemas, securitySchemes },
  };
}
