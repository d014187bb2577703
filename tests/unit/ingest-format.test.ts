import { describe, expect, it } from 'vitest';
import { ingestRecordJsonSchema, parseIngestLine, parseIngestRecord } from '../../src/ingest/schema.ts';
import { documentedExample } from '../helpers/ingest-records.ts';

const event = {
  type: 'ai_event',
  idempotencyKey: 'k:1',
  caseId: '5f0c4a52-7d1e-4c3b-9a6f-2b8e1d0c9a11',
  occurredAt: '2026-10-21T09:15:00Z',
  systemId: 'laegeresume',
  systemVersion: '1.4',
  kind: 'summarisation',
  purposeCode: 'summarise_medical_documents',
  output: 'Resumé',
  sources: [{ dataSourceId: 'medical_certificates', categories: ['health'] }],
};

describe('the ingest format', () => {
  it('accepts every record of the documented example, one of each type', () => {
    const lines = documentedExample();
    const types = lines.map((line) => {
      const parsed = parseIngestLine(line);
      expect(parsed).toMatchObject({ ok: true });
      return parsed.ok ? parsed.record.type : null;
    });
    expect(new Set(types)).toEqual(
      new Set(['data_source', 'staff', 'ai_system', 'case', 'ai_event', 'decision']),
    );
  });

  it('fills the documented defaults', () => {
    const parsed = parseIngestRecord(event);
    expect(parsed.ok && parsed.record).toMatchObject({
      purposeNote: null,
      staffId: null,
      dataReused: false,
      usedForTraining: false,
    });
  });

  it('refuses a decision without a human decision-maker (§1 stk. 6)', () => {
    const decision = JSON.parse(documentedExample().at(-1)!) as Record<string, unknown>;
    expect(parseIngestRecord({ ...decision, decidedById: null })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/decidedById/),
    });
    const withoutDecider = Object.fromEntries(Object.entries(decision).filter(([k]) => k !== 'decidedById'));
    expect(parseIngestRecord(withoutDecider)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/decidedById/),
    });
  });

  it('refuses a departure from the AI output without a reason', () => {
    const decision = JSON.parse(documentedExample().at(-1)!) as Record<string, unknown>;
    expect(parseIngestRecord({ ...decision, aiAssessment: 'departed' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/departureReason/),
    });
  });

  it('refuses unknown fields, a data source listed twice, and an instant without an offset', () => {
    expect(parseIngestRecord({ ...event, outptu: 'typo' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outptu/),
    });
    expect(parseIngestRecord({ ...event, sources: [...event.sources, ...event.sources] })).toMatchObject({
      ok: false,
    });
    expect(parseIngestRecord({ ...event, occurredAt: '2026-10-21 09:15' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/occurredAt/),
    });
  });

  it('reports a line that is not JSON without quoting it (it may hold a CPR number)', () => {
    const result = parseIngestLine('{"cpr": 0101600006 oops');
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^not JSON/) });
    expect(JSON.stringify(result)).not.toContain('0101600006');
    expect(JSON.stringify(parseIngestRecord({ ...event, caseId: '0101600006' }))).not.toContain('0101600006');
  });

  it('is exported as a JSON Schema with one variant per record type', () => {
    const schema = ingestRecordJsonSchema() as { $schema: string; oneOf?: unknown[]; anyOf?: unknown[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect((schema.oneOf ?? schema.anyOf ?? []).length).toBe(6);
  });
});
