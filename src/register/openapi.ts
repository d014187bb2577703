/**
 * The open data's part of the OpenAPI document (src/server/openapi.ts): the AI register as JSON and
 * CSV with its JSON Schema, the open numbers on citizens' requests with theirs, and the JSON Schema of
 * the citizen's downloadable case record. The response schemas are the zod schemas the endpoints
 * build their answers from, so the document cannot drift from the data.
 */
import { z } from 'zod';
import type { OpenApiSection } from '../server/openapi.ts';
import { aiSystemsExportSchema, CSV_COLUMNS, CSV_PATH, JSON_PATH, SCHEMA_PATH } from './open-data.ts';
import {
  REQUEST_STATISTICS_PATH,
  REQUEST_STATISTICS_SCHEMA_PATH,
  requestStatisticsExportSchema,
} from './open-numbers.ts';
import {
  ALGORITMEREGISTER_SCHEMA_PATH,
  algoritmeregisterRecordSchema,
  ATRS_SCHEMA_PATH,
  atrsRecordSchema,
} from './standards.ts';

export const CASE_RECORD_SCHEMA_PATH = '/api/v1/case-record.schema.json';

const TAG = 'open data';

const ref = (name: string): Record<string, string> => ({ $ref: `#/components/schemas/${name}` });

/** The answers every open-data endpoint may give besides 200. */
const storeDown = {
  '503': {
    description: 'The audit store cannot be reached right now; try again shortly (see Retry-After)',
    content: { 'application/json': { schema: ref('Error') } },
  },
};

/** Open data may be read from any origin (Access-Control-Allow-Origin: *). */
const corsHeader = {
  'Access-Control-Allow-Origin': {
    description: 'Always `*`: the open data may be fetched from any web page.',
    schema: { type: 'string', const: '*' },
  },
};

/** A GET that serves a JSON Schema document. */
function schemaDocument(operationId: string, summary: string): Record<string, unknown> {
  return {
    get: {
      operationId,
      tags: [TAG],
      summary,
      security: [],
      responses: {
        '200': {
          description: 'A JSON Schema (draft 2020-12), generated from the zod schema the code uses',
          content: { 'application/schema+json': { schema: { type: 'object' } } },
        },
      },
    },
  };
}

const jsonSchema = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' });

/** A GET of one system's record in a standard's own shape (ATRS, Algoritmeregister). */
function standardRecord(operationId: string, component: string, summary: string): Record<string, unknown> {
  return {
    get: {
      operationId,
      tags: [TAG],
      summary,
      security: [],
      parameters: [
        {
          name: 'slug',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[a-z0-9-]{1,100}$' },
        },
      ],
      responses: {
        '200': {
          description: 'The record',
          headers: corsHeader,
          content: { 'application/json': { schema: ref(component) } },
        },
        '404': { description: 'No notice with that slug is published' },
        ...storeDown,
      },
    },
  };
}

/** The open data's part of the OpenAPI document. */
export const registerApi: OpenApiSection = {
  tags: [
    {
      name: TAG,
      description:
        'The municipality’s register of AI systems and its open numbers on citizens’ requests. No login; counts ' +
        'under 10 are published only as {"suppressed": true, "fewerThan": 10}. README.md, "Open data".',
    },
  ],
  paths: {
    [JSON_PATH]: {
      get: {
        operationId: 'listAiSystems',
        tags: [TAG],
        summary: 'The register of AI systems as JSON',
        description:
          'Every published notice with its facts from the audit store and its history of versions (each with ' +
          'the fields it changed and a link to the version’s own page).',
        security: [],
        responses: {
          '200': {
            description: 'The register',
            headers: corsHeader,
            content: { 'application/json': { schema: ref('AiSystemsExport') } },
          },
          '404': { description: 'The store holds no municipality yet, so there is no register' },
          ...storeDown,
        },
      },
    },
    [CSV_PATH]: {
      get: {
        operationId: 'listAiSystemsCsv',
        tags: [TAG],
        summary: 'The register of AI systems as CSV',
        description:
          'One record per system, UTF-8, RFC 4180 (CRLF, quoted where needed), with a header row. Lists in a ' +
          'cell are separated by "; ", a data source’s categories by "|"; a suppressed count is "<10".',
        security: [],
        responses: {
          '200': {
            description: 'The register, one record per system',
            headers: corsHeader,
            content: {
              'text/csv': {
                schema: { type: 'string' },
                example: `${CSV_COLUMNS.join(',')}\r\n`,
              },
            },
          },
          '404': { description: 'The store holds no municipality yet, so there is no register' },
          ...storeDown,
        },
      },
    },
    [SCHEMA_PATH]: schemaDocument('aiSystemsSchema', 'The JSON Schema of the register’s JSON'),
    [REQUEST_STATISTICS_PATH]: {
      get: {
        operationId: 'requestStatistics',
        tags: [TAG],
        summary: 'The open numbers on citizens’ requests, per municipality',
        description:
          'For the last 12 months: requests in all and per type, the median days to an answer, the share ' +
          'answered within the deadline and the share of re-assessments that changed the decision.',
        security: [],
        responses: {
          '200': {
            description: 'The numbers',
            headers: corsHeader,
            content: { 'application/json': { schema: ref('RequestStatistics') } },
          },
          ...storeDown,
        },
      },
    },
    [REQUEST_STATISTICS_SCHEMA_PATH]: schemaDocument(
      'requestStatisticsSchema',
      'The JSON Schema of the open numbers on requests',
    ),
    '/api/v1/ai-systems/{slug}/atrs.json': standardRecord(
      'getAtrsRecord',
      'AtrsRecord',
      'One AI system as a UK Algorithmic Transparency Recording Standard record',
    ),
    '/api/v1/ai-systems/{slug}/algoritmeregister.json': standardRecord(
      'getAlgoritmeregisterRecord',
      'AlgoritmeregisterRecord',
      'One AI system as a Dutch Algoritmeregister record (publication standard 1.0.0)',
    ),
    [ATRS_SCHEMA_PATH]: schemaDocument('atrsRecordSchema', 'The JSON Schema of an ATRS record'),
    [ALGORITMEREGISTER_SCHEMA_PATH]: schemaDocument(
      'algoritmeregisterRecordSchema',
      'The JSON Schema of an Algoritmeregister record',
    ),
    [CASE_RECORD_SCHEMA_PATH]: schemaDocument(
      'caseRecordSchema',
      'The JSON Schema of the case record a citizen downloads from their case page',
    ),
  },
  schemas: {
    AiSystemsExport: jsonSchema(aiSystemsExportSchema),
    RequestStatistics: jsonSchema(requestStatisticsExportSchema),
    AtrsRecord: jsonSchema(atrsRecordSchema),
    AlgoritmeregisterRecord: jsonSchema(algoritmeregisterRecordSchema),
  },
};
