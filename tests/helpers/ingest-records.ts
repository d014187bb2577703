/**
 * The demo world as ingest records: citizen n's cases, AI events and decisions in the ingest format, so
 * tests write through the ingest path exactly what the seed writes directly, and can compare hashes.
 */
import { readFileSync } from 'node:fs';
import { generateCitizen, type GeneratedCase, type GeneratedCitizen } from '../../src/demo/world.ts';
import { MUNICIPALITY } from '../../src/demo/reference-data.ts';

export type JsonRecord = Record<string, unknown> & { type: string; idempotencyKey: string };

/** The records of one generated case, in the order a case system would send them. */
export function caseRecords(generated: GeneratedCitizen, c: GeneratedCase, prefix = 'demo'): JsonRecord[] {
  const { row } = c;
  const records: JsonRecord[] = [
    {
      type: 'case',
      idempotencyKey: `${prefix}:case:${row.id}`,
      id: row.id,
      municipalityCode: MUNICIPALITY.code,
      caseNumber: row.caseNumber,
      area: row.area,
      title: row.title,
      status: row.status,
      openedOn: row.openedOn,
      closedOn: row.closedOn,
      en: { title: row.titleEn },
      citizen: {
        cpr: generated.citizen.cpr,
        givenName: generated.citizen.givenName,
        familyName: generated.citizen.familyName,
      },
    },
  ];
  for (const e of c.events) {
    records.push({
      type: 'ai_event',
      idempotencyKey: `${prefix}:event:${row.id}:${e.seq}`,
      caseId: e.caseId,
      occurredAt: e.occurredAt.toISOString(),
      systemId: e.systemId,
      systemVersion: e.systemVersion,
      kind: e.kind,
      purposeCode: e.purposeCode,
      purposeNote: e.purposeNote,
      output: e.output,
      staffId: e.staff?.id ?? null,
      dataReused: e.dataReused,
      usedForTraining: e.usedForTraining,
      sources: e.sources.map((s) => ({ dataSourceId: s.dataSourceId, categories: [...s.categories] })),
      // JSON round trip: the record as a case system would send it.
      ...(e.explanation ? { explanation: JSON.parse(JSON.stringify(e.explanation)) as unknown } : {}),
      ...(e.en ? { en: { ...e.en } } : {}),
    });
  }
  for (const d of c.decisions) {
    records.push({
      type: 'decision',
      idempotencyKey: `${prefix}:decision:${row.id}:${d.seq}`,
      caseId: d.caseId,
      decidedAt: d.decidedAt.toISOString(),
      outcome: d.outcome,
      reasons: d.reasons,
      decidedById: d.decidedBy?.id ?? null,
      consideredEventSeqs: [...d.consideredEventSeqs],
      aiAssessment: d.aiAssessment,
      departureReason: d.departureReason,
      appealBody: d.appealBody,
      appealDeadlineWeeks: d.appealDeadlineWeeks,
      ...(d.en ? { en: { ...d.en } } : {}),
    });
  }
  return records;
}

/** All records of demo citizen `index`. */
export function citizenRecords(index: number, prefix = 'demo'): JsonRecord[] {
  const generated = generateCitizen(index);
  return generated.cases.flatMap((c) => caseRecords(generated, c, prefix));
}

/** An async line source over an array, as readline gives the CLI. */
export async function* linesOf(lines: readonly string[]): AsyncGenerator<string> {
  for (const line of lines) {
    yield line;
    await Promise.resolve();
  }
}

/** The lines of the JSONL example in docs/ingest-format.md. */
export function documentedExample(): string[] {
  const doc = readFileSync(new URL('../../docs/ingest-format.md', import.meta.url), 'utf8');
  const block = /```jsonl\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '');
}
