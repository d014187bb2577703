/**
 * The ingest and checkpoint API's part of the OpenAPI 3.1 document (src/server/openapi.ts), built
 * from the same zod schemas the server validates with and answers by, so it cannot drift from the code.
 */
import { z } from 'zod';
import type { OpenApiSection } from '../server/openapi.ts';
import { MAX_RECORDS_PER_REQUEST } from './http.ts';
import { ingestRecordJsonSchema } from './schema.ts';

/** The answer to a request that was refused: `error` is a stable code, `message` is for people. */
export const errorResponseSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    limit: z.number().int().optional(),
    records: z
      .array(z.object({ index: z.number().int(), idempotencyKey: z.string().nullable(), reason: z.string() }))
      .optional(),
  })
  .meta({ description: 'A refused request. Nothing was written.' });

const recordAnswer = z.discriminatedUnion('status', [
  z.object({
    index: z.number().int(),
    idempotencyKey: z.string(),
    status: z.enum(['accepted', 'duplicate']),
    caseId: z.uuid().nullable(),
    seq: z.number().int().positive().nullable(),
  }),
  z.object({
    index: z.number().int(),
    idempotencyKey: z.string(),
    status: z.literal('rejected'),
    reason: z.string(),
  }),
]);

/** The answer to an ingest request: one status per record, in the order sent. */
export const ingestResponseSchema = z.object({
  summary: z.object({
    accepted: z.number().int().nonnegative(),
    duplicate: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
  records: z.array(recordAnswer),
});

export const checkpointListSchema = z.object({
  algorithm: z.literal('Ed25519'),
  publicKey: z.object({ keyId: z.string().regex(/^[0-9a-f]{64}$/), pem: z.string() }).nullable(),
  rootFormat: z.string(),
  checkpoints: z.array(
    z.object({
      id: z.number().int().positive(),
      createdAt: z.iso.datetime(),
      eventWatermark: z.number().int().nonnegative(),
      decisionWatermark: z.number().int().nonnegative(),
      caseCount: z.number().int().nonnegative(),
      recordCount: z.number().int().nonnegative(),
      root: z.string().regex(/^[0-9a-f]{64}$/),
      keyId: z.string().regex(/^[0-9a-f]{64}$/),
      statement: z.string().meta({ description: 'The exact text the signature covers (canonical JSON).' }),
      signature: z.string().meta({ description: 'Base64 Ed25519 signature over `statement`.' }),
    }),
  ),
});

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-2020-12' });
}

const json = (ref: string): Record<string, unknown> => ({
  'application/json': { schema: { $ref: `#/components/schemas/${ref}` } },
});

const refused = (description: string): Record<string, unknown> => ({ description, content: json('Error') });

/** The ingest API's part of the OpenAPI document (src/server/openapi.ts). */
export const ingestApi: OpenApiSection = {
  tags: [
    {
      name: 'audit store',
      description: 'Case systems write AI events and decisions; anyone reads the signed checkpoints.',
    },
  ],
  paths: {
    '/api/v1/ingest': {
      post: {
        operationId: 'ingestRecords',
        tags: ['audit store'],
        summary: 'Write records to the audit store',
        description:
          'Each record is validated; if any is invalid the request is refused with 422 and nothing is written. ' +
          'Otherwise each record is answered on its own: accepted (with its place in the case chain), duplicate ' +
          '(the same record was written before under this idempotency key) or rejected (with a reason, e.g. a ' +
          'conflicting re-use of an idempotency key or an unknown case). Format: docs/ingest-format.md.',
        security: [{ bearerAuth: [] }, { clientCertificate: [] }],
        requestBody: { required: true, content: json('IngestRequest') },
        responses: {
          '200': { description: 'Every record answered', content: json('IngestResponse') },
          '400': refused('The body is not JSON, or not {"records": [...]}'),
          '401': refused('No or an invalid access token or client certificate'),
          '403': refused('The token lacks the ingest scope, or the certificate is not allowed'),
          '413': refused('The body is larger than the configured limit (1 MiB by default)'),
          '415': refused('The body is not application/json'),
          '422': refused('At least one record does not match the ingest format'),
          '503': refused('The store or the identity provider cannot be reached, or ingest is not configured'),
        },
      },
    },
    '/api/v1/checkpoints': {
      get: {
        operationId: 'listCheckpoints',
        tags: ['audit store'],
        summary: 'The signed checkpoints of the audit store, with the municipality’s public key',
        security: [],
        responses: {
          '200': { description: 'The newest checkpoints, oldest first', content: json('CheckpointList') },
          '503': refused('The store cannot be reached'),
        },
      },
    },
  },
  schemas: {
    IngestRecord: ingestRecordJsonSchema(),
    IngestRequest: {
      type: 'object',
      required: ['records'],
      additionalProperties: false,
      properties: {
        records: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_RECORDS_PER_REQUEST,
          items: { $ref: '#/components/schemas/IngestRecord' },
        },
      },
    },
    IngestResponse: jsonSchema(ingestResponseSchema),
    CheckpointList: jsonSchema(checkpointListSchema),
    Error: jsonSchema(errorResponseSchema),
  },
  securitySchemes: {
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'An access token from the staff IdP (client credentials with private_key_jwt) with the configured ' +
        'ingest scope (indsigt:ingest by default), for the configured audience.',
    },
    clientCertificate: {
      type: 'mutualTLS',
      description: 'A client certificate, verified by the TLS-terminating proxy (INGEST_AUTH_MODE=mtls).',
    },
  },
};
