/** The register's JSON Schemas as committed under docs/schemas/ (scripts/write-register-schemas.ts). */
import { aiSystemsJsonSchema } from './open-data.ts';
import { standardJsonSchema } from './standards.ts';

/** The base address the committed schemas' `$id` is written with; a running portal serves its own. */
export const COMMITTED_SCHEMA_BASE = new URL('https://indsigt.example/');

/** File name → schema. */
export function registerSchemaFiles(): Record<string, Record<string, unknown>> {
  return {
    'ai-systems.schema.json': aiSystemsJsonSchema(COMMITTED_SCHEMA_BASE),
    'atrs-record.schema.json': standardJsonSchema('atrs', COMMITTED_SCHEMA_BASE),
    'algoritmeregister-record.schema.json': standardJsonSchema('algoritmeregister', COMMITTED_SCHEMA_BASE),
  };
}
