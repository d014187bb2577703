/**
 * One batch of the demo seed as COPY text, written straight from the generated citizens: a line per
 * row, built once, with no row arrays or cells in between (the bulk seed writes millions of rows).
 * The columns and cells are those ChainInserts writes for the same records (the ingest path); a test
 * holds the two to the same rows (tests/integration/store.test.ts).
 */
import {
  arrayLiteral,
  drawEventIds,
  DECISION_COLUMNS,
  EVENT_COLUMNS,
  SEAL_COLUMNS,
  SOURCE_COLUMNS,
} from './chain-inserts.ts';
import { copyEscape, type CopyText, type Queryable } from './db.ts';
import type { SourceSnapshot, StaffSnapshot } from '../domain/chain.ts';
import type { CaseSealRow, DecisionRow, EventRow, GeneratedCase, GeneratedCitizen } from '../demo/world.ts';

const CITIZEN_COLUMNS = ['cpr', 'given_name', 'family_name'];
const CASE_COLUMNS = [
  'id',
  'municipality_code',
  'case_number',
  'area',
  'title',
  'status',
  'opened_on',
  'closed_on',
  'citizen_cpr',
  'title_en',
];
const HEAD_COLUMNS = ['case_id', 'seq', 'hash', 'seal_version', 'seal_hash'];

const NULL = '\\N';

/** A text cell, or COPY's null. */
function cell(text: string | null | undefined): string {
  return text === null || text === undefined ? NULL : copyEscape(text);
}

const flag = (value: boolean): string => (value ? 't' : 'f');

/** A staff snapshot's four cells (id, name, title, unit), all null without one. */
function staffCells(staff: StaffSnapshot | null): string {
  if (staff === null) return `${NULL}\t${NULL}\t${NULL}\t${NULL}`;
  return `${copyEscape(staff.id)}\t${copyEscape(staff.name)}\t${copyEscape(staff.title)}\t${copyEscape(staff.unit)}`;
}

/**
 * The data-source lines of an event after its id, each ending in a newline. The generator shares one
 * snapshot list between the events of a template, so each list is encoded once.
 */
const sourceText = new WeakMap<readonly SourceSnapshot[], readonly string[]>();

function sourceLines(sources: readonly SourceSnapshot[]): readonly string[] {
  let lines = sourceText.get(sources);
  if (lines === undefined) {
    lines = sources.map(
      (s) =>
        `\t${copyEscape(s.dataSourceId)}\t${copyEscape(s.name)}\t${copyEscape(s.ownerAuthority)}\t${copyEscape(arrayLiteral(s.categories))}\n`,
    );
    sourceText.set(sources, lines);
  }
  return lines;
}

/**
 * A case's head as the chain-head triggers leave it once its seal, events and decisions are in: the
 * last record's seq and hash (0 and null without records), and the seal's version and hash.
 */
function headLine(c: GeneratedCase): string {
  let seq = 0;
  let hash: string | null = null;
  for (const records of [c.events, c.decisions]) {
    for (const record of records) {
      if (record.seq > seq) {
        seq = record.seq;
        hash = record.hash;
      }
    }
  }
  return `${c.row.id}\t${seq}\t${cell(hash)}\t${c.seal.version}\t${c.seal.hash}\n`;
}

function sealLine(s: CaseSealRow): string {
  return `${s.caseId}\t${s.version}\t${copyEscape(s.municipalityCode)}\t${copyEscape(s.caseNumber)}\t${s.citizenCpr}\t${copyEscape(s.area)}\t${copyEscape(s.title)}\t${cell(s.titleEn)}\t${copyEscape(s.status)}\t${s.openedOn}\t${cell(s.closedOn)}\t${cell(s.prevHash)}\t${s.hash}\n`;
}

/** An event's line after its id (drawn at flush), starting with the tab that follows the id. */
function eventLine(e: EventRow): string {
  // Explanation and English texts stored as written and sealed: the hash covers exactly this JSON's content.
  const explanation = e.explanation === undefined ? NULL : copyEscape(JSON.stringify(e.explanation));
  const en = e.en === undefined ? NULL : copyEscape(JSON.stringify(e.en));
  return `\t${e.caseId}\t${e.seq}\t${copyEscape(e.systemId)}\t${copyEscape(e.systemName)}\t${copyEscape(e.systemVersion)}\t${e.occurredAt.toISOString()}\t${copyEscape(e.kind)}\t${copyEscape(e.purposeCode)}\t${cell(e.purposeNote)}\t${copyEscape(e.output)}\t${staffCells(e.staff)}\t${flag(e.dataReused)}\t${flag(e.usedForTraining)}\t${cell(e.prevHash)}\t${e.hash}\t${explanation}\t${en}\n`;
}

function decisionLine(d: DecisionRow): string {
  const en = d.en === undefined ? NULL : copyEscape(JSON.stringify(d.en));
  return `${d.caseId}\t${d.seq}\t${d.decidedAt.toISOString()}\t${copyEscape(d.outcome)}\t${copyEscape(d.reasons)}\t${staffCells(d.decidedBy)}\t${copyEscape(arrayLiteral(d.consideredEventSeqs))}\t${copyEscape(d.aiAssessment)}\t${cell(d.departureReason)}\t${copyEscape(d.appealBody)}\t${d.appealDeadlineWeeks}\t${cell(d.prevHash)}\t${d.hash}\t${en}\n`;
}

/**
 * A growing buffer of COPY text as UTF-8 bytes. Each line is encoded as soon as it is made, so a batch
 * keeps a few large buffers rather than a string per row until it is written. A writer is emptied with
 * `clear` and filled again by the next batch: its buffer keeps the size it grew to, so a seed touches
 * fresh memory only while the first batches grow it (a first write to fresh pages costs a page fault
 * each: on this project's 2-core machines, growing and copying into new buffers took more than a
 * second of a 20,000-citizen seed).
 */
class CopyWriter {
  private buffer: Buffer<ArrayBuffer>;
  length = 0;

  constructor(size = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** Empties the writer, keeping its buffer for the next text. */
  clear(): void {
    this.length = 0;
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  write(text: string): void {
    // A UTF-16 code unit is at most three bytes of UTF-8.
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  /** Bytes `from`..`to` of another writer's text. */
  copyFrom(other: CopyWriter, from: number, to: number): void {
    this.reserve(to - from);
    this.length += other.buffer.copy(this.buffer, this.length, from, to);
  }

  /** The text written, as COPY rows (frozen: see CopyText). */
  rows(freeze: boolean): CopyText {
    return { copyText: this.buffer.subarray(0, this.length), freeze };
  }
}

/**
 * The rows of one batch as COPY text; flushed as one COPY per table. A batch is filled, flushed, then
 * `reset` and filled again (its buffers are kept: see CopyWriter).
 */
export class SeedBatch {
  private readonly citizens = new CopyWriter();
  private readonly cases = new CopyWriter();
  private readonly seals = new CopyWriter();
  /** Each event's line after its id (the ids are drawn at flush), and where each one ends. */
  private readonly events = new CopyWriter(1 << 20);
  private readonly eventEnds: number[] = [];
  /** Each event's data-source lines after its id. */
  private readonly eventSources: (readonly string[])[] = [];
  private readonly decisions = new CopyWriter(1 << 18);
  /** Case heads written directly (bulk load, where the triggers that keep them are off); else empty. */
  private readonly heads = new CopyWriter();
  /** The events' and their data sources' lines with their ids, made at flush. */
  private readonly eventsWithIds = new CopyWriter(1 << 20);
  private readonly sources = new CopyWriter(1 << 20);
  private readonly writeHeads: boolean;
  private readonly municipalityCode: string;
  rows = 0;

  constructor(municipalityCode: string, writeHeads: boolean) {
    this.municipalityCode = copyEscape(municipalityCode);
    this.writeHeads = writeHeads;
  }

  /** Empties the batch for the next citizens, once its flush has finished. */
  reset(): void {
    for (const writer of [
      this.citizens,
      this.cases,
      this.seals,
      this.events,
      this.decisions,
      this.heads,
      this.eventsWithIds,
      this.sources,
    ]) {
      writer.clear();
    }
    this.eventEnds.length = 0;
    this.eventSources.length = 0;
    this.rows = 0;
  }

  add(generated: GeneratedCitizen): void {
    const { citizen } = generated;
    this.citizens.write(
      `${citizen.cpr}\t${copyEscape(citizen.givenName)}\t${copyEscape(citizen.familyName)}\n`,
    );
    this.rows += 1;
    for (const c of generated.cases) {
      const r = c.row;
      this.cases.write(
        `${r.id}\t${this.municipalityCode}\t${copyEscape(r.caseNumber)}\t${copyEscape(r.area)}\t${copyEscape(r.title)}\t${copyEscape(r.status)}\t${r.openedOn}\t${cell(r.closedOn)}\t${r.citizenCpr}\t${cell(r.titleEn)}\n`,
      );
      this.seals.write(sealLine(c.seal));
      this.rows += 2;
      for (const e of c.events) {
        this.events.write(eventLine(e));
        this.eventEnds.push(this.events.length);
        const sources = sourceLines(e.sources);
        this.eventSources.push(sources);
        this.rows += 1 + sources.length;
      }
      for (const d of c.decisions) this.decisions.write(decisionLine(d));
      this.rows += c.decisions.length;
      if (this.writeHeads) this.heads.write(headLine(c));
    }
  }

  /**
   * Writes the batch: citizens, cases, case headers, then AI events (their ids drawn from the table's
   * own sequence in one round-trip, so their data sources can point at them), decisions and heads.
   */
  async flush(tx: Queryable, freeze = false): Promise<void> {
    await tx.copyFrom('audit.citizen', CITIZEN_COLUMNS, this.citizens.rows(freeze));
    await tx.copyFrom('audit."case"', CASE_COLUMNS, this.cases.rows(freeze));
    await tx.copyFrom('audit.case_seal', SEAL_COLUMNS, this.seals.rows(freeze));
    const count = this.eventEnds.length;
    if (count > 0) {
      const ids = await drawEventIds(tx, count);
      const { eventsWithIds: events, sources } = this;
      let start = 0;
      for (let i = 0; i < count; i += 1) {
        const id = ids(i);
        const end = this.eventEnds[i] ?? start;
        const idText = String(id);
        events.write(idText);
        events.copyFrom(this.events, start, end);
        start = end;
        for (const line of this.eventSources[i] ?? []) {
          sources.write(idText);
          sources.write(line);
        }
      }
      await tx.copyFrom('audit.ai_event', EVENT_COLUMNS, events.rows(freeze));
      if (sources.length > 0)
        await tx.copyFrom('audit.ai_event_source', SOURCE_COLUMNS, sources.rows(freeze));
    }
    if (this.decisions.length > 0)
      await tx.copyFrom('audit.decision', DECISION_COLUMNS, this.decisions.rows(freeze));
    if (this.heads.length > 0) await tx.copyFrom('audit.case_head', HEAD_COLUMNS, this.heads.rows(freeze));
  }
}
