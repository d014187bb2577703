/**
 * Writes the demo world into the audit store: reference data once, then citizens in batches, each
 * batch one COPY per table of rows written as COPY text (seed-batch.ts), which works the same on
 * PostgreSQL and PGlite. Idempotent: a store that is already seeded is left as it is.
 */
import { refreshRegisterFacts } from './register-facts.ts';
import type { Db, Queryable } from './db.ts';
import { SeedBatch } from './seed-batch.ts';
import { AI_SYSTEMS, DATA_SOURCES, MUNICIPALITY, STAFF } from '../demo/reference-data.ts';
import { generateCitizen, SPECIAL_CITIZENS } from '../demo/world.ts';
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
  /** Citizens generated per batch (one COPY per table). */
  readonly batchSize?: number;
  /**
   * Load as a bulk load: one transaction in which the audit tables' foreign keys, keys
   * and secondary indexes are built after the rows are in (default: from 5,000 citizens on).
   */
  readonly bulk?: boolean;
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
    `insert into audit.municipality
       (code, name, address, contact_email, contact_phone, dpo_name, dpo_email, cvr, website_url)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [m.code, m.name, m.address, m.contactEmail, m.contactPhone, m.dpoName, m.dpoEmail, m.cvr, m.websiteUrl],
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

/**
 * The statement triggers a bulk load turns off for its own transaction. Those that keep audit.case_head
 * (migration 050): the load writes each case's head itself (headLine in seed-batch.ts), one row per
 * case instead of a transition table of every record and an upsert per COPY. Those that check the
 * chain tables' references (migration 190): each batch's check looked in tables that have no keys
 * until the load is in, so it scanned all the rows loaded before it; the load checks every reference
 * once at the end instead (audit.check_all_references, migration 230).
 */
const BULK_OFF_TRIGGERS = [
  ['audit.case_seal', 'case_seal_advance_head'],
  ['audit.ai_event', 'ai_event_advance_head'],
  ['audit.decision', 'decision_advance_head'],
  ['audit.ai_event', 'ai_event_references'],
  ['audit.ai_event_source', 'ai_event_source_references'],
  ['audit.decision', 'decision_references'],
] as const;

async function setBulkTriggers(tx: Queryable, enabled: boolean): Promise<void> {
  for (const [table, trigger] of BULK_OFF_TRIGGERS) {
    await tx.query(`alter table ${table} ${enabled ? 'enable' : 'disable'} trigger ${trigger}`);
  }
}

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

/** From this many citizens on, the seed is a bulk load (see deferAuditChecks). */
const BULK_THRESHOLD = 5_000;

const identifier = /^[a-z_][a-z0-9_."]*$/;

/** The audit tables a seed fills with COPY. */
const BULK_TABLES = [
  'audit.citizen',
  'audit."case"',
  'audit.case_seal',
  'audit.case_head',
  'audit.ai_event',
  'audit.ai_event_source',
  'audit.decision',
];

/**
 * Primary keys a bulk load keeps: their values arrive in ascending order (ids drawn from each table's
 * sequence, and the event sources keyed by their event's id), so each row's key is appended at the
 * right edge of the index, while a sorted build of them was half a second of the load's closing work,
 * with the generator idle. No foreign key points at them.
 */
const KEPT_DURING_LOAD = new Set([
  'ai_event_pkey',
  'ai_event_source_pkey',
  'decision_pkey',
  'case_seal_pkey',
]);

interface Deferred {
  /** Foreign keys, primary keys and unique constraints: `alter table T add constraint N D`. */
  readonly constraints: { table: string; name: string; definition: string }[];
  /** Plain secondary indexes: their own `create index` statements. */
  readonly indexes: { name: string; definition: string }[];
}

/**
 * For a bulk load into empty tables: drops the foreign keys, primary keys (but those in
 * KEPT_DURING_LOAD), unique constraints and secondary indexes of the audit tables the seed fills,
 * returning their definitions, so they are built once from the loaded rows (a sorted index build,
 * one join per foreign key) instead of row by row (a random uuid or CPR number per row into a
 * B-tree). Every foreign key that points at these tables is one of theirs, so none is left pointing
 * at a dropped key. Runs inside the load's transaction: a failed seed leaves every one of them in
 * place. The names and definitions come from the catalogue.
 */
async function deferAuditChecks(tx: Queryable): Promise<Deferred> {
  const tables = `(${BULK_TABLES.map((t) => `'${t}'::regclass`).join(', ')})`;
  const { rows } = await tx.query(
    `select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as definition
     from pg_constraint
     where contype in ('f', 'p', 'u') and connamespace = 'audit'::regnamespace and conrelid in ${tables}
     order by contype, conname`,
  );
  const constraints = rows
    .map((r) => ({
      table: String(r['table_name']),
      name: String(r['conname']),
      definition: String(r['definition']),
    }))
    .filter((c) => !KEPT_DURING_LOAD.has(c.name));
  const indexes = await tx.query(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i
     where i.indrelid in ${tables} and not i.indisprimary
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by 1`,
  );
  const deferred: Deferred = {
    constraints,
    indexes: indexes.rows.map((r) => ({ name: String(r['name']), definition: String(r['definition']) })),
  };
  // Foreign keys first (contype 'f' sorts first): a key may be what one of them points at.
  for (const c of constraints) {
    if (!identifier.test(c.table) || !identifier.test(c.name))
      throw new Error(`unexpected constraint ${c.name}`);
    await tx.query(`alter table ${c.table} drop constraint ${c.name}`);
  }
  for (const index of deferred.indexes) {
    if (!identifier.test(index.name)) throw new Error(`unexpected index ${index.name}`);
    await tx.query(`drop index ${index.name}`);
  }
  return deferred;
}

/**
 * Builds what deferAuditChecks dropped: primary keys, unique constraints and indexes, then the foreign
 * keys, with more memory for the index builds' sorts than a session's default.
 */
async function restoreAuditChecks(tx: Queryable, deferred: Deferred): Promise<void> {
  const isKey = (c: { definition: string }): boolean => !c.definition.startsWith('FOREIGN KEY');
  const keys = deferred.constraints.filter(isKey);
  const foreign = deferred.constraints.filter((c) => !isKey(c));
  await tx.query(`set local maintenance_work_mem = '256MB'`);
  for (const { table, name, definition } of keys) {
    await tx.query(`alter table ${table} add constraint ${name} ${definition}`);
  }
  for (const index of deferred.indexes) await tx.query(index.definition);
  for (const { table, name, definition } of foreign) {
    await tx.query(`alter table ${table} add constraint ${name} ${definition}`);
  }
}

/**
 * In a bulk load, after deferAuditChecks: empties the tables it fills with TRUNCATE when they hold no
 * rows (as in a store that was never seeded), so the load may COPY them WITH (FREEZE): rows written
 * frozen, pages marked all-visible, so that neither the closing ANALYZE nor a later read sets hint
 * bits on every row, and index-only scans (the register's facts) do not visit the table. Returns
 * whether it did; a table with rows is left as it is and loaded without FREEZE.
 */
async function truncateForFreeze(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query(
    `select ${BULK_TABLES.map((t) => `exists (select 1 from ${t})`).join(' or ')} as any_rows`,
  );
  if (rows[0]?.['any_rows'] !== false) return false;
  await tx.query(`truncate ${BULK_TABLES.join(', ')}`);
  return true;
}

/** Lets the event loop run (and a COPY in flight send its rows) between slices of generation. */
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Longest slice of generation between two turns of the event loop, in milliseconds. The database
 * waits for the next statement of a batch (its next COPY, the ids of its events) until the slice in
 * progress ends, so slices are kept short: at 100 citizens a slice (about 50 ms), the database sat idle
 * for seconds of a 20,000-citizen seed.
 */
const SLICE_MS = 2;

/** The first batch, and the least a batch is cut to at the end (see batchBounds). */
const EDGE_BATCH = 250;

/**
 * The citizens of each batch, [from, to). Batches grow from a small first one (EDGE_BATCH), each twice
 * the last, up to the batch size, and shrink at the end to half of what is left: the database waits
 * while the first batch is generated, and the generator while the last ones are written, so the ends
 * are kept short. (With a first batch of 250 citizens and then 2,000, the database of a 20,000-citizen
 * seed sat idle for more than a second while the second batch was made.) Which citizens share a
 * batch changes no row (event ids are drawn in order either way).
 */
export function batchBounds(citizens: number, batchSize: number): [number, number][] {
  const bounds: [number, number][] = [];
  const edge = Math.min(EDGE_BATCH, batchSize);
  let from = 0;
  let grown = edge;
  while (from < citizens) {
    const left = citizens - from;
    const size = Math.min(left, grown, Math.max(edge, Math.ceil(left / 2)));
    bounds.push([from, from + size]);
    from += size;
    grown = Math.min(batchSize, grown * 2);
  }
  return bounds;
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

  const batchSize = options.batchSize ?? 2000;
  const bulk = options.bulk ?? options.citizens >= BULK_THRESHOLD;
  let rowsWritten = 0;
  /**
   * Generates and writes the citizens. `ready` is the load's set-up (in a bulk load: the reference
   * data, the dropped keys, the emptied tables), which the first batch is generated beside; it tells
   * whether the tables may be written WITH (FREEZE).
   */
  const load = async (tx: Queryable | null, ready: Promise<boolean>): Promise<void> => {
    const writeHeads = tx !== null;
    let freeze = false;
    // Pipelined: the next batch is generated (in slices, yielding to I/O) while the previous one is
    // written, and the first while the load is set up.
    let writing: Promise<void> = ready.then((frozen) => {
      freeze = frozen;
    });
    writing.catch(() => undefined);
    // Two batches in turn: one is filled while the other is written, then emptied and filled again
    // (its buffers kept). A batch is filled again only after its flush: `await writing` below comes
    // before the next batch's flush starts, and so before the one after it is filled.
    const batches = [0, 1].map(() => new SeedBatch(MUNICIPALITY.code, writeHeads));
    for (const [index, [from, to]] of batchBounds(options.citizens, batchSize).entries()) {
      const batch = batches[index % 2] ?? new SeedBatch(MUNICIPALITY.code, writeHeads);
      batch.reset();
      let sliceStart = performance.now();
      for (let i = from; i < to; i += 1) {
        batch.add(generateCitizen(i));
        if (performance.now() - sliceStart >= SLICE_MS) {
          await yieldToIo();
          sliceStart = performance.now();
        }
      }
      await writing;
      const written = tx === null ? db.transaction((t) => batch.flush(t)) : batch.flush(tx, freeze);
      writing = written.then(() => {
        rowsWritten += batch.rows;
        options.onProgress?.({
          citizensDone: to,
          citizensTotal: options.citizens,
          rowsWritten,
          elapsedMs: Date.now() - started,
        });
      });
      // A failed write is thrown by the next `await writing`; until then it must not count as an
      // unhandled rejection (which ends the process) while the next batch is generated.
      writing.catch(() => undefined);
    }
    await writing;
  };
  const reference = async (tx: Queryable): Promise<void> => {
    await seedReferenceData(tx);
    await seedPublishedModels(tx);
    await seedDemoNotices(tx);
  };
  if (bulk) {
    // One transaction: the checks are built once from the loaded rows, and a failure leaves nothing.
    await db.transaction(async (tx) => {
      const setUp = (async (): Promise<{ deferred: Deferred; freeze: boolean }> => {
        // Each statement of the load runs once; JIT compiling the checks and key builds' queries costs more than it saves.
        await tx.query('set local jit = off');
        await reference(tx);
        const deferred = await deferAuditChecks(tx);
        const freeze = await truncateForFreeze(tx);
        await setBulkTriggers(tx, false);
        return { deferred, freeze };
      })();
      // The set-up's statements and the first batch's generation side by side (the load writes
      // nothing before the set-up has ended).
      await load(
        tx,
        setUp.then(({ freeze }) => freeze),
      );
      const { deferred } = await setUp;
      await setBulkTriggers(tx, true);
      await restoreAuditChecks(tx, deferred);
      await tx.query(`set local work_mem = '64MB'`);
      await tx.query('select audit.check_all_references()');
    });
  } else {
    await load(
      null,
      db.transaction(reference).then(() => false),
    );
  }
  // Statistics, then the demo requests and the register's facts (both read the audit tables through
  // plans that need them), then statistics for everything else. Side by side where the store has more
  // than one connection: nothing else runs now, and the machine may have a core to spare.
  // Two groups of about equal time (20,000 citizens, measured one table at a time: the AI events
  // 0.4-0.5 s, decisions 0.25 s; cases, headers and data sources 0.12-0.19 s each, citizens and
  // heads 0.05-0.09 s).
  const first = ['audit.ai_event', 'audit.decision'];
  const rest = BULK_TABLES.filter((t) => !first.includes(t));
  await Promise.all([db.query(`analyze ${first.join(', ')}`), db.query(`analyze ${rest.join(', ')}`)]);
  const [requests] = await Promise.all([
    seedDemoRequests(db, options.citizens, new Date()),
    refreshRegisterFacts(db), // the register's facts, counted once here rather than by a first visitor
  ]);
  rowsWritten += requests;
  const { rows: others } = await db.query(
    `select c.oid::regclass::text as name from pg_class c
     where c.relkind = 'r' and c.relnamespace in ('audit'::regnamespace, 'portal'::regnamespace, 'public'::regnamespace)
       and c.oid not in (${BULK_TABLES.map((t) => `'${t}'::regclass`).join(', ')})`,
  );
  if (others.length > 0) await db.query(`analyze ${others.map((r) => String(r['name'])).join(', ')}`);
  return { seeded: true, citizens: options.citizens, rowsWritten, elapsedMs: Date.now() - started };
}
