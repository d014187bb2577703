import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  computeRecordHash,
  sealedJson,
  verifyChain,
  type AiEventContent,
  type StoredChainRecord,
} from '../../src/domain/chain.ts';
import { generateCitizen } from '../../src/demo/world.ts';

const event: AiEventContent = {
  type: 'ai_event',
  caseId: '00000000-0000-4000-8000-000000000001',
  seq: 1,
  occurredAt: new Date('2026-03-02T09:15:00.000Z'),
  systemId: 'sygefravaer-risiko',
  systemName: 'Risikovurdering af langvarigt sygefravær',
  systemVersion: '2.0',
  kind: 'profiling',
  purposeCode: 'assess_long_term_sick_leave_risk',
  purposeNote: null,
  output: 'Risiko for langvarigt sygefravær: høj',
  staff: { id: 'egb-0101', name: 'Karen Mikkelsen', title: 'Sagsbehandler', unit: 'Jobcenter Egebæk' },
  dataReused: false,
  usedForTraining: false,
  sources: [
    {
      dataSourceId: 'eindkomst',
      name: 'eIndkomst',
      ownerAuthority: 'Skattestyrelsen',
      categories: ['income', 'employment'],
    },
    { dataSourceId: 'cpr', name: 'CPR-registeret', ownerAuthority: 'CPR-kontoret', categories: ['identity'] },
  ],
};

function chainOf(contents: readonly AiEventContent[]): StoredChainRecord[] {
  let prev: string | null = null;
  return contents.map((content) => {
    const hash = computeRecordHash(prev, content);
    const record = { content, prevHash: prev, hash };
    prev = hash;
    return record;
  });
}

describe('the hash chain', () => {
  it('gives equal content the same hash, whatever the order of its sources and categories', () => {
    const reordered = {
      ...event,
      sources: [event.sources[1]!, { ...event.sources[0]!, categories: ['employment', 'income'] }],
    };
    expect(computeRecordHash(null, reordered)).toBe(computeRecordHash(null, event));
  });

  it('changes the hash when any content or the previous hash changes', () => {
    const base = computeRecordHash(null, event);
    expect(computeRecordHash(null, { ...event, output: 'Risiko for langvarigt sygefravær: lav' })).not.toBe(
      base,
    );
    expect(computeRecordHash('a'.repeat(64), event)).not.toBe(base);
  });

  it('reports an intact chain with its length and head', () => {
    const records = chainOf([event, { ...event, seq: 2 }, { ...event, seq: 3 }]);
    expect(verifyChain(records)).toEqual({ intact: true, length: 3, head: records[2]!.hash });
  });

  it('names the record whose content was changed after it was written', () => {
    const records = chainOf([event, { ...event, seq: 2 }, { ...event, seq: 3 }]);
    const tampered = records.map((r) =>
      r.content.seq === 2 ? { ...r, content: { ...event, seq: 2, output: 'lav' } } : r,
    );
    expect(verifyChain(tampered)).toEqual({
      intact: false,
      brokenAt: { type: 'ai_event', seq: 2 },
      reason: 'content_changed',
    });
  });

  it('notices a removed record and a record pointing at the wrong predecessor', () => {
    const records = chainOf([event, { ...event, seq: 2 }, { ...event, seq: 3 }]);
    expect(verifyChain([records[0]!, records[2]!])).toMatchObject({
      intact: false,
      brokenAt: { seq: 3 },
      reason: 'sequence_gap',
    });
    const relinked = [records[0]!, { ...records[1]!, prevHash: 'f'.repeat(64) }];
    expect(verifyChain(relinked)).toMatchObject({ intact: false, reason: 'prev_hash_mismatch' });
  });

  it('holds for every case the demo generator writes, from the case header’s hash', () => {
    for (let i = 0; i < 50; i += 1) {
      for (const c of generateCitizen(i).cases) {
        const records = [...c.events, ...c.decisions].map(({ prevHash, hash, ...content }) => ({
          content,
          prevHash,
          hash,
        }));
        expect(verifyChain(records, c.seal.hash).intact).toBe(true);
        if (records.length > 0) expect(verifyChain(records).intact).toBe(false);
      }
    }
  });

  it('seals every fact shown: the staff snapshot, the system’s name, a source’s owner', () => {
    const base = computeRecordHash(null, event);
    const renamed = { ...event, staff: { ...event.staff!, name: 'Robot Automat' } };
    expect(computeRecordHash(null, renamed)).not.toBe(base);
    expect(computeRecordHash(null, { ...event, systemName: 'Andet system' })).not.toBe(base);
    const owner = {
      ...event,
      sources: [{ ...event.sources[0]!, ownerAuthority: 'Nogen' }, event.sources[1]!],
    };
    expect(computeRecordHash(null, owner)).not.toBe(base);
  });

  it('leaves a record’s hash alone when an optional field is added but absent (null or missing)', () => {
    const base = computeRecordHash(null, event);
    const withAbsent = { ...event, explanation: undefined, outputEn: null };
    expect(computeRecordHash(null, withAbsent)).toBe(base);
    expect(sealedJson({ b: 1, a: null, c: { d: undefined, e: [null, 2] } })).toBe(
      '{"b":1,"c":{"e":[null,2]}}',
    );
  });

  it('writes a shared, deep-frozen part once and the same as an unfrozen copy; a part that can change is written as it is now', () => {
    const staff = Object.freeze({ id: 's1', name: 'Anna', title: 'Sagsbehandler', unit: 'Jobcenter' });
    const sources = Object.freeze([
      Object.freeze({ ...event.sources[0]!, categories: Object.freeze(['health']) }),
    ]);
    const shared = { ...event, staff, sources } as unknown as AiEventContent;
    const copy = structuredClone({ ...shared, occurredAt: undefined });
    const plain = { ...copy, occurredAt: event.occurredAt } as unknown as AiEventContent;
    expect(computeRecordHash(null, shared)).toBe(computeRecordHash(null, plain));
    expect(computeRecordHash(null, shared)).toBe(computeRecordHash(null, plain));

    // Frozen on the outside only: the inner object changes, and so does the JSON.
    const inner = { limits: 'før' };
    const outer = Object.freeze({ role: 'advisory', en: inner });
    expect(sealedJson(outer)).toBe('{"en":{"limits":"før"},"role":"advisory"}');
    inner.limits = 'efter';
    expect(sealedJson(outer)).toBe('{"en":{"limits":"efter"},"role":"advisory"}');

    // A frozen Date still changes (setTime), and so does every frozen object holding one.
    const at = Object.freeze(new Date('2026-03-01T10:00:00.000Z'));
    const withDate = Object.freeze({ at });
    expect(sealedJson(withDate)).toBe('{"at":"2026-03-01T10:00:00.000Z"}');
    at.setTime(Date.parse('2026-03-02T10:00:00.000Z'));
    expect(sealedJson(withDate)).toBe('{"at":"2026-03-02T10:00:00.000Z"}');
  });

  it('hashes exactly the bytes it always has (stored chains stay verifiable when the code gets faster)', () => {
    // Sources and categories out of order, and keys that sort by UTF-16 code unit (any JSON is sealed as is).
    const unsorted = {
      ...event,
      explanation: { z: [1, { b: null, a: '\u2028"x' }], é: true, A: 2 },
    } as unknown as AiEventContent;
    expect(computeRecordHash(null, unsorted)).toBe(
      'faa6538f8cc99170e2007f83f213b6388de0b7b5d92a315f1dc433db8fa99b60',
    );
    expect(computeRecordHash('ab'.repeat(32), unsorted)).toBe(
      '1465587a66d0b556ba746c6e643a8e2bf0051237818a5c825f049f871e381551',
    );
    // Every header, AI event and decision of the demo's first 60 citizens (the special cases among them).
    const all = createHash('sha256');
    for (let i = 0; i < 60; i += 1) {
      for (const c of generateCitizen(i).cases) {
        all.update(c.seal.hash);
        for (const e of c.events) all.update(e.hash);
        for (const d of c.decisions) all.update(d.hash);
      }
    }
    expect(all.digest('hex')).toBe('0723389beaeedac674baa41510ed65b3961a7c79d05f182ed68665120cf59b7e');
  });

  it('writes canonical JSON (idempotency payloads, checkpoints) exactly as it always has', () => {
    const value = {
      z: [1, { b: null, a: '\u2028"x', u: undefined }, null, new Date(0)],
      é: true,
      A: 2,
      b: {},
    };
    expect(canonicalJson(value)).toBe(
      '{"A":2,"b":{},"z":[1,{"a":"\u2028\\"x","b":null},null,"1970-01-01T00:00:00.000Z"],"é":true}',
    );
  });
});
