/**
 * Writes the JSON Schemas of the register's exports to docs/schemas/, generated from their zod
 * schemas (src/register/open-data.ts, src/register/standards.ts). A unit test fails when a committed
 * file differs from what the code generates: run this (then `npx prettier --write docs/schemas`) after changing an export's shape.
 */
import { writeFileSync } from 'node:fs';
import { registerSchemaFiles } from '../src/register/schema-files.ts';

for (const [file, schema] of Object.entries(registerSchemaFiles()))
  writeFileSync(new URL(`../docs/schemas/${file}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
