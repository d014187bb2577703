/**
 * Issue 10: each way of tampering with a case's record shows on the case page (the rendered warning)
 * and in `npm run verify` (the case by its number, and the record that differs). The tampering is done
 * as a database owner would, with the append-only triggers switched off; what the least-privilege roles
 * cannot do at all is held by store-grants.test.ts.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import CaseView from '../../src/components/case/CaseView.astro';
import { getCaseTimeline } from '../../src/db/cases.ts';
import type { Db } from '../../src/db/db.ts';
import { generateCitizen, type GeneratedCase } from '../../src/demo/world.ts';
import { computeRecordHash } from '../../src/domain/chain.ts';
import { decisionChainRecord, verifyCaseChain } from '../../src/domain/integrity.ts';
import { toCaseRecord } from '../../src/domain/case-record.ts';
import { getTranslator } from '../../src/i18n/translations.ts';
import { createCheckpoint } from '../../src/ingest/checkpoint.ts';
import { keyIdOf } from '../../src/ingest/checkpoint-key.ts';
import { describeBroken, verifyStore, type BrokenRecord } from '../../src/ingest/verify-store.ts';
import { asRole } from '../helpers/as-role.ts';
import { openSeededStore, STORES, tamperAsOwner } from '../helpers/stores.ts';

const { privateKey } = generateKeyPairSync('ed25519');
const publicKey = createPublicKey(privateKey);
const key = { privateKey, publicKey, keyId: keyIdOf(publicKey), development: false };

/** A case of demo citizen `index` with AI events and at least one decision. */
function caseOf(index: number, endsInDecision = false): { cpr: string; target: GeneratedCase } {
  const generated = generateCitizen(index);
  const target = generated.cases.find(
    (c) =>
      c.events.length > 1 &&
      c.decisions.length > 0 &&
      // A closed case's data may train a model after it closed: then an AI event ends its chain.
      (!endsInDecision || (c.decisions.at(-1)?.seq ?? 0) > (c.events.at(-1)?.seq ?? 0)),
  );
  if (!target) throw new Error(`citizen ${index} has no case with AI events and a decision`);
  return { cpr: generated.citizen.cpr, target };
}

describe.each(STORES)('tamper evidence on $name', (store) => {
  let db: Db;
  let container: AstroContainer;
  beforeAll(async () => {
    db = await openSeededStore(store, 12);
    await createCheckpoint(db, key);
    container = await AstroContainer.create();
  });
  afterAll(async () => {
    await db.close();
  });

  /** Changes the store as its owner, past the append-only triggers. */
  const tamper = (sql: string, params: unknown[]): Promise<void> => tamperAsOwner(db, sql, params);

  /** The case page as `cpr` gets it (Danish), or null when the case is not theirs to see. */
  async function page(cpr: string, caseId: string): Promise<string | null> {
    const result = await getCaseTimeline(db, cpr, caseId);
    if (!result.ok) return null;
    return container.renderToString(CaseView, {
      props: { timeline: result.timeline, integrity: verifyCaseChain(result.timeline), mode: 'citizen' },
      locals: {
        locale: 'da',
        t: getTranslator('da'),
        citizen: undefined,
        staff: undefined,
        sessionToken: undefined,
        sessionExpired: false,
      },
    });
  }

  /** What verify reports about one case. */
  async function verified(caseId: string): Promise<BrokenRecord[]> {
    const report = await verifyStore(db, { trustedKey: key, batchSize: 7 });
    return report.broken.filter((b) => b.caseId === caseId);
  }

  it('shows an untouched case as intact, and verify finds nothing wrong with it', async () => {
    const { cpr, target } = caseOf(0);
    const html = await page(cpr, target.row.id);
    expect(html).toContain('er ikke ændret, siden de blev skrevet');
    expect(html).not.toContain('role="alert"');
    expect(await verified(target.row.id)).toEqual([]);
  });

  it('owner moved: the rightful citizen is warned, the new one does not see it, verify names the case', async () => {
    const { cpr, target } = caseOf(2);
    const other = generateCitizen(5).citizen.cpr;
    await tamper(`update audit."case" set citizen_cpr = $1 where id = $2`, [other, target.row.id]);

    const html = await page(cpr, target.row.id);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Oplysningerne om selve sagen kan være ændret');
    expect(await page(other, target.row.id)).toBeNull();
    const broken = await verified(target.row.id);
    expect(broken).toEqual([
      {
        caseId: target.row.id,
        caseNumber: target.row.caseNumber,
        type: 'case',
        seq: 1,
        reason: 'case_facts_differ',
      },
    ]);
    expect(describeBroken(broken[0]!)).toBe(
      `BROKEN case ${target.row.caseNumber} (${target.row.id}) case header version 1: case_facts_differ`,
    );
    expect(describeBroken(broken[0]!)).not.toContain(cpr);
  });

  it('staff renamed: the page keeps the name sealed at the time; a rewritten snapshot is flagged', async () => {
    const { cpr, target } = caseOf(9);
    const decision = target.decisions[0]!;
    const original = decision.decidedBy!;
    // A rename of the staff record is allowed (people change names) and cannot rewrite history.
    await asRole(db, 'indsigt_ingest').query(`update audit.staff set name = 'Robot Automat' where id = $1`, [
      original.id,
    ]);
    const renamed = await page(cpr, target.row.id);
    expect(renamed).not.toContain('Robot Automat');
    expect(renamed).toContain(original.name);
    expect(renamed).not.toContain('role="alert"');

    // Rewriting the snapshot itself breaks the decision's hash.
    await tamper(
      `update audit.decision set decided_by_name = 'Robot Automat' where case_id = $1 and seq = $2`,
      [target.row.id, decision.seq],
    );
    const html = await page(cpr, target.row.id);
    expect(html).toContain('role="alert"');
    expect(html).toContain(`Det gælder punkt nr. ${decision.seq}.`);
    expect(await verified(target.row.id)).toEqual([
      {
        caseId: target.row.id,
        caseNumber: target.row.caseNumber,
        type: 'decision',
        seq: decision.seq,
        reason: 'content_changed',
      },
    ]);
  });

  it('tail deleted: the page says items are missing, verify names the first missing one', async () => {
    const { cpr, target } = caseOf(3);
    const last = target.decisions.at(-1)!;
    await tamper(`delete from audit.decision where case_id = $1 and seq = $2`, [target.row.id, last.seq]);

    const html = await page(cpr, target.row.id);
    expect(html).toContain('role="alert"');
    expect(html).toContain(`Der skulle være ${last.seq} punkter i sagen, men der er kun ${last.seq - 1}.`);
    expect(await verified(target.row.id)).toEqual([
      {
        caseId: target.row.id,
        caseNumber: target.row.caseNumber,
        type: 'unknown',
        seq: last.seq,
        reason: 'chain_incomplete',
      },
    ]);
  });

  it('hash recomputed: an edited last decision with a fresh hash is caught by the head record', async () => {
    const { cpr, target } = caseOf(5, true);
    const last = target.decisions.at(-1)!;
    const result = await getCaseTimeline(db, cpr, target.row.id);
    if (!result.ok) throw new Error('case not found');
    const stored = result.timeline.decisions.find((d) => d.seq === last.seq)!;
    const rewritten = { ...stored, outcome: 'Din sag afsluttes.' };
    const hash = computeRecordHash(stored.prevHash, decisionChainRecord(target.row.id, rewritten).content);
    await tamper(`update audit.decision set outcome = $1, hash = $2 where case_id = $3 and seq = $4`, [
      rewritten.outcome,
      hash,
      target.row.id,
      last.seq,
    ]);

    const html = await page(cpr, target.row.id);
    expect(html).toContain('role="alert"');
    expect(html).toContain(`Punkt nr. ${last.seq} er ikke det samme, som da det blev skrevet.`);
    const answer = await getCaseTimeline(db, cpr, target.row.id);
    if (!answer.ok) throw new Error('case not found');
    const record = toCaseRecord(answer.timeline, verifyCaseChain(answer.timeline), new Date());
    expect(record.integrity).toEqual({
      intact: false,
      problems: [{ kind: 'chain_incomplete', number: last.seq }],
    });
    expect(await verified(target.row.id)).toEqual([
      {
        caseId: target.row.id,
        caseNumber: target.row.caseNumber,
        type: 'decision',
        seq: last.seq,
        reason: 'chain_incomplete',
      },
    ]);
  });

  it('row edited: an AI event changed without its hash is named on the page and by verify', async () => {
    const { cpr, target } = caseOf(7);
    await tamper(`update audit.ai_event set output = 'Ingen risiko' where case_id = $1 and seq = 2`, [
      target.row.id,
    ]);
    const html = await page(cpr, target.row.id);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Det gælder punkt nr. 2.');
    expect(await verified(target.row.id)).toEqual([
      {
        caseId: target.row.id,
        caseNumber: target.row.caseNumber,
        type: 'ai_event',
        seq: 2,
        reason: 'content_changed',
      },
    ]);
  });

  it('a data source’s owner and a system’s name are sealed too', async () => {
    const { cpr, target } = caseOf(10);
    await tamper(
      `update audit.ai_event_source set source_owner = 'Nogen andre'
       where ai_event_id = (select id from audit.ai_event where case_id = $1 and seq = 1)`,
      [target.row.id],
    );
    await tamper(`update audit.ai_event set system_name = 'Et andet system' where case_id = $1 and seq = 2`, [
      target.row.id,
    ]);
    const html = await page(cpr, target.row.id);
    expect(html).toContain('Det gælder punkt nr. 1.');
    expect((await verified(target.row.id)).map((b) => [b.seq, b.reason])).toEqual([[1, 'content_changed']]);
  });

  it('verify also fails the checkpoint signed before the tampering', async () => {
    const report = await verifyStore(db, { trustedKey: key, batchSize: 50 });
    expect(report.ok).toBe(false);
    expect(report.checkpoints[0]?.ok).toBe(false);
  });
});
