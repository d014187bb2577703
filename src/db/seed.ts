/**
 * Writes the demo world into the audit store: reference data once, then citizens in batches, each
 * batch one transaction of one COPY per table (chain-inserts.ts), which works the same on PostgreSQL
 * and PGlite. Idempotent: a store that is already seeded is left as it is.
 */
import { ChainInserts } from './chain-inserts.ts';
import type { Cell, Db, Queryable } from './db.ts';
import { AI_SYSTEMS, DATA_SOURCES, MUNICIPALITY, STAFF } from '../demo/reference-data.ts';
import { generateCitizen, SPECIAL_CITIZENS, type GeneratedCitizen } from '../demo/world.ts';
import { stepForAction } from '../domain/citizen-request.ts';
import { appendCaseworkerStep, submitCitizenRequest } from './requests.ts';
import { seedDemoNotices } from '../demo/notices.ts';
import { SCORING_MODELS, toPublishedModel } from '../demo/models.ts';

export interface SeedProgress {
  readonly citizensDone: number;
  readonly citizensTotal: number;
  readonly rowsWritten: number;
  readonly elapsedMs: number;
}

export interface SeedResult {
  readonly seeded: boolean;
  /** Citizens in the store (already there when `seeded` is false). */
  readonly citizens: number;
  readonly rowsWritten: number;
  readonly elapsedMs: number;
}

export interface SeedOptions {
  readonly citizens: number;
  /** Citizens generated per transaction. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
}

/** The scoring models the demo's profiling and prediction systems publish in the register. */
async function seedPublishedModels(tx: Queryable): Promise<void> {
  for (const model of SCORING_MODELS) {
    await tx.query('insert into audit.ai_system_model (system_id, model) values ($1, $2::jsonb)', [
      model.systemId,
      JSON.stringify(toPublishedModel(model)),
    ]);
  }
}

async function seedReferenceData(tx: Queryable): Promise<void> {
  const m = MUNICIPALITY;
  await tx.query(
    `insert into audit.municipality (code, name, address, contact_email, contact_phone, dpo_name, dpo_email)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [m.code, m.name, m.address, m.contactEmail, m.contactPhone, m.dpoName, m.dpoEmail],
  );
  for (const s of STAFF) {
    await tx.query(
      'insert into audit.staff (id, municipality_code, name, title, unit) values ($1, $2, $3, $4, $5)',
      [s.id, m.code, s.name, s.title, s.unit],
    );
  }
  for (const d of DATA_SOURCES) {
    await tx.query(
      `insert into audit.data_source (id, name, owner_authority, data_categories, name_en, owner_authority_en)
       values ($1, $2, $3, $4, $5, $6)`,
      [d.id, d.name, d.ownerAuthority, [...d.categories], d.en.name, d.en.ownerAuthority],
    );
  }
  for (const a of AI_SYSTEMS) {
    await tx.query(
      `insert into audit.ai_system (id, municipality_code, name, supplier, processor, processing_kind, legal_basis,
         status, in_use_since, retired_on, dpia_date, name_en, legal_basis_en)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        a.id,
        m.code,
        a.name,
        a.supplier,
        a.processor,
        a.processingKind,
        a.legalBasis,
        a.status,
        a.inUseSince,
        a.retiredOn,
        a.dpiaDate,
        a.en?.name ?? null,
        a.en?.legalBasis ?? null,
      ],
    );
    for (const v of a.versions) {
      await tx.query(
        'insert into audit.ai_system_version (system_id, version, released_on) values ($1, $2, $3)',
        [a.id, v.version, v.releasedOn],
      );
    }
  }
}

/** The rows of one batch as COPY text; flushed as one COPY per table. */
class Batch {
  private readonly citizens: Cell[][] = [];
  private readonly cases: Cell[][] = [];
  /** Case headers, AI events, their data sources and decisions: the same writer the ingest path uses. */
  readonly chain = new ChainInserts();
  rows = 0;

  add(generated: GeneratedCitizen): void {
    const { citizen } = generated;
    this.citizens.push([citizen.cpr, citizen.givenName, citizen.familyName]);
    this.rows += 1;
    for (const c of generated.cases) {
      const r = c.row;
      this.cases.push([
        r.id,
        MUNICIPALITY.code,
        r.caseNumber,
        r.area,
        r.title,
        r.status,
        r.openedOn,
        r.closedOn,
        r.citizenCpr,
        r.titleEn,
      ]);
      this.chain.addCaseSeal(c.seal, c.seal.prevHash, c.seal.hash);
      this.rows += 2;
      for (const e of c.events) {
        this.chain.addEvent(e, e.prevHash, e.hash);
        this.rows += 1 + e.sources.length;
      }
      for (const d of c.decisions) {
        this.chain.addDecision(d, d.prevHash, d.hash);
        this.rows += 1;
      }
    }
  }

  async flush(tx: Queryable): Promise<void> {
    await tx.copyFrom('audit.citizen', ['cpr', 'given_name', 'family_name'], this.citizens);
    await tx.copyFrom('audit."case"', CASE_COLUMNS, this.cases);
    await this.chain.flush(tx);
  }
}

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

const DAY = 86_400_000;

/**
 * The special citizens' requests, written through the request loop's own store functions (the same
 * receipt, steps, seals and unit rule as the portal), dated relative to `now`. Each step is taken by
 * the member of staff who made the case's latest decision, in the unit that answers the request.
 * Returns the rows written.
 */
export async function seedDemoRequests(db: Db, citizens: number, now: Date): Promise<number> {
  let rows = 0;
  for (let index = 0; index < Math.min(citizens, SPECIAL_CITIZENS.length); index += 1) {
    const generated = generateCitizen(index);
    for (const plan of generated.requests) {
      const target = generated.cases[plan.caseIndex];
      if (!target) continue;
      const event = plan.aboutSystem ? target.events.find((e) => e.systemId === plan.aboutSystem) : undefined;
      const deciderId = target.decisions.at(-1)?.decidedBy?.id;
      const staff = STAFF.find((s) => s.id === deciderId);
      if (!staff || (plan.aboutSystem && !event)) continue;
      const at = (daysAgo: number): Date => new Date(now.getTime() - daysAgo * DAY);
      const saved = await submitCitizenRequest(
        db,
        generated.citizen.cpr,
        target.row.id,
        {
          kind: plan.kind,
          message: plan.message,
          eventSeqs: event ? [event.seq] : [],
          dataSourceId: plan.dataSourceId,
        },
        { limit: { max: 1000, windowHours: 24 }, fallbackUnit: staff.unit, now: at(plan.receivedDaysAgo) },
      );
      if (!saved.ok) throw new Error(`demo request for citizen ${index} not stored: ${saved.error}`);
      rows += 2;
      const dataSource = DATA_SOURCES.find((d) => d.id === plan.dataSourceId);
      for (const stepPlan of plan.steps) {
        const step = stepForAction(stepPlan, {
          unit: staff.unit,
          receivedAt: at(plan.receivedDaysAgo),
          dataSource: dataSource ? { id: dataSource.id, ownerAuthority: dataSource.ownerAuthority } : null,
        });
        if (!step) throw new Error(`demo step ${stepPlan.action} has no data source`);
        const written = await appendCaseworkerStep(
          db,
          staff.unit,
          saved.id,
          { staffId: staff.id, name: staff.name, title: staff.title, unit: staff.unit },
          step,
          { now: at(stepPlan.daysAgo) },
        );
        if (!written.ok) throw new Error(`demo step ${stepPlan.action} refused: ${written.error}`);
        rows += 1;
      }
    }
  }
  return rows;
}

/** From this many citizens on, the seed is a bulk load (see dropAuditForeignKeys). */
const BULK_THRESHOLD = 50_000;

const identifier = /^[a-z_][a-z0-9_."]*$/;

/**
 * Drops the foreign keys of the audit tables the seed fills, returning their definitions so they can
 * be added back (and validated in one pass) after the load. Names come from the catalogue.
 */
async function dropAuditForeignKeys(db: Db): Promise<{ table: string; name: string; definition: string }[]> {
  const { rows } = await db.query(
    `select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as definition
     from pg_constraint
     where contype = 'f' and connamespace = 'audit'::regnamespace
       and conrelid in ('audit.case'::regclass, 'audit.ai_event'::regclass, 'audit.ai_event_source'::regclass,
                        'audit.decision'::regclass, 'audit.case_seal'::regclass, 'audit.case_head'::regclass)`,
  );
  const constraints = rows.map((r) => ({
    table: String(r['table_name']),
    name: String(r['conname']),
    definition: String(r['definition']),
  }));
  for (const c of constraints) {
    if (!identifier.test(c.table) || !identifier.test(c.name))
      throw new Error(`unexpected constraint ${c.name}`);
    await db.query(`alter table ${c.table} drop constraint ${c.name}`);
  }
  return constraints;
}

/** How many citizens the store was seeded with, or null if it has not been seeded. */
export async function seededCitizens(db: Queryable): Promise<number | null> {
  const { rows } = await db.query(`select count(*)::int8 as n from audit.municipality`);
  if (Number(rows[0]?.['n'] ?? 0) === 0) return null;
  const citizens = await db.query('select count(*)::int8 as n from audit.citizen');
  return Number(citizens.rows[0]?.['n'] ?? 0);
}

/**
 * Seeds the demo world with `citizens` citizens, unless the store already holds one.
 * Expects a migrated store.
 */
export async function seedDemoWorld(db: Db, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const existing = await seededCitizens(db);
  if (existing !== null)
    return { seeded: false, citizens: existing, rowsWritten: 0, elapsedMs: Date.now() - started };

  await db.transaction(seedReferenceData);
  await db.transaction(seedPublishedModels);
  await db.transaction(seedDemoNotices);
  const batchSize = options.batchSize ?? 2000;
  // A bulk load checks foreign keys once at the end (one join per constraint) instead of per row.
  const deferred = options.citizens >= BULK_THRESHOLD ? await dropAuditForeignKeys(db) : [];
  let rowsWritten = 0;
  // Pipelined: the next batch is generated while the database writes the previous one.
  let writing: Promise<void> = Promise.resolve();
  for (let from = 0; from < options.citizens; from += batchSize) {
    const batch = new Batch();
    const to = Math.min(from + batchSize, options.citizens);
    for (let i = from; i < to; i += 1) batch.add(generateCitizen(i));
    await writing;
    writing = db
      .transaction((tx) => batch.flush(tx))
      .then(() => {
        rowsWritten += batch.rows;
        options.onProgress?.({
          citizensDone: to,
          citizensTotal: options.citizens,
          rowsWritten,
          elapsedMs: Date.now() - started,
        });
      });
  }
  await writing;
  for (const { table, name, definition } of deferred) {
    await db.query(`alter table ${table} add constraint ${name} ${definition}`);
  }
  rowsWritten += await seedDemoRequests(db, options.citizens, new Date());
  await db.query('analyze');
  return { seeded: true, citizens: options.citizens, rowsWritten, elapsedMs: Date.now() - started };
}
