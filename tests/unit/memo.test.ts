import { describe, expect, it } from 'vitest';
import {
  aiUseNoticeLetter,
  buildMemoMessage,
  deadlineExtensionLetter,
  requestAnswerLetter,
  requestReceiptLetter,
  type Letter,
  type LetterParties,
} from '../../src/digital-post/index.ts';
import { readMemoLetter } from '../../src/dev-idp/digital-post-inbox.ts';
import { memoStructureErrors, parseXml } from '../helpers/memo-structure.ts';

const parties: LetterParties = {
  senderCvr: '29189919',
  municipality: 'Egebæk Kommune',
  recipientCpr: '1601800001',
  recipientName: 'Lars Poulsen',
  createdAt: new Date('2026-11-23T09:30:00.123Z'),
  messageUuid: '8c2ea15d-61fb-4ba9-9366-42f8b194c114',
};
const url = new URL('https://indsigt.egebaek.dk/mine-anmodninger');

const letters: Record<string, Letter> = {
  receipt: requestReceiptLetter(parties, {
    reference: 'A-2026-0042',
    type: 'explanation',
    caseNumber: 'SAG-2026-118',
    caseTitle: 'Opfølgning på sygedagpenge',
    receivedAt: new Date('2026-11-23T09:30:00Z'),
    deadline: '2026-12-23',
    url,
  }),
  extension: deadlineExtensionLetter(parties, {
    reference: 'A-2026-0042',
    reason: 'Vi venter på oplysninger fra Skattestyrelsen.',
    deadline: '2027-02-23',
    url,
  }),
  answer: requestAnswerLetter(parties, {
    reference: 'A-2026-0042',
    answer: 'Risikovurderingen brugte dine oplysninger fra eIndkomst & Jobnet <ikke andet>.',
    url,
    legalNotification: true,
  }),
  notice: aiUseNoticeLetter(parties, {
    caseNumber: 'SAG-2026-118',
    caseTitle: 'Opfølgning på sygedagpenge',
    uses: [
      {
        occurredAt: new Date('2026-11-20T10:00:00Z'),
        system: 'Sygefraværsrisiko',
        purpose: 'Vurdering af risiko.',
      },
    ],
    url: new URL('https://indsigt.egebaek.dk/mine-sager/2b1f'),
  }),
};

function build(letter: Letter): string {
  const result = buildMemoMessage(letter);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.xml;
}

describe('MeMo letters', () => {
  it.each(Object.entries(letters))(
    'the %s letter has the structure the MeMo standard defines',
    (_name, letter) => {
      expect(memoStructureErrors(build(letter))).toEqual([]);
    },
  );

  it('puts the municipality (CVR) as sender, the citizen (CPR) as recipient, the UUID, label and time in place', () => {
    const root = parseXml(build(letters['receipt'] as Letter));
    const header = root.children[0];
    const text = (parent: typeof header, name: string): string | undefined =>
      parent?.children.find((c) => c.name === name)?.text;
    expect(root.attributes).toMatchObject({ memoVersion: '1.1', memoSchVersion: '1.1.0' });
    expect(text(header, 'messageType')).toBe('DIGITALPOST');
    expect(text(header, 'messageUUID')).toBe(parties.messageUuid);
    expect(text(header, 'label')).toBe('Vi har modtaget din anmodning (A-2026-0042)');
    const sender = header?.children.find((c) => c.name === 'Sender');
    expect([text(sender, 'senderID'), text(sender, 'idType'), text(sender, 'label')]).toEqual([
      '29189919',
      'CVR',
      'Egebæk Kommune',
    ]);
    const recipient = header?.children.find((c) => c.name === 'Recipient');
    expect([text(recipient, 'recipientID'), text(recipient, 'idType')]).toEqual(['1601800001', 'CPR']);
    expect(text(root.children[1], 'createdDateTime')).toBe('2026-11-23T09:30:00Z');
  });

  it('carries the letter as a base64 UTF-8 text document with the deadline as a date and a link to the portal', () => {
    const read = readMemoLetter(build(letters['receipt'] as Letter), new Date());
    expect(read?.text).toContain('Kære Lars Poulsen');
    expect(read?.text).toContain('Du får svar senest den 23. december 2026');
    expect(read?.text).toContain('Opfølgning på sygedagpenge (SAG-2026-118)');
    expect(read?.link).toBe(url.toString());
    expect(read?.label).toBe('Vi har modtaget din anmodning (A-2026-0042)');
    expect(build(letters['receipt'] as Letter)).toContain(
      '<memo:filename>Vi-har-modtaget-din-anmodning-A-2026-0042.txt</memo:filename>',
    );
  });

  it('escapes markup in what a caseworker writes, and marks an answer with legal effect', () => {
    const xml = build(letters['answer'] as Letter);
    expect(memoStructureErrors(xml)).toEqual([]);
    expect(xml).toContain('<memo:legalNotification>true</memo:legalNotification>');
    expect(readMemoLetter(xml, new Date())?.text).toContain('eIndkomst & Jobnet <ikke andet>.');
  });

  it('builds the same bytes for the same letter, so a retry sends exactly what the outbox holds', () => {
    expect(build(letters['notice'] as Letter)).toBe(build(letters['notice'] as Letter));
  });

  it('refuses a letter MeMo would refuse, naming the field: NUL bytes, a bad CPR or CVR, an empty label, a huge text', () => {
    const receipt = letters['receipt'] as Letter;
    const bad = (patch: Partial<Letter>): string[] => {
      const result = buildMemoMessage({ ...receipt, ...patch });
      return result.ok ? [] : result.errors.map((e) => e.split(':')[0] ?? '');
    };
    expect(bad({ text: 'hej\u0000' })).toEqual(['text']);
    expect(bad({ recipientCpr: '16018000011' })).toEqual(['recipientCpr']);
    expect(bad({ senderCvr: 'ABCDEFGH' })).toEqual(['senderCvr']);
    expect(bad({ label: '   ' })).toEqual(['label']);
    expect(bad({ text: 'x'.repeat(100_001) })).toEqual(['text']);
    expect(bad({ messageUuid: 'not-a-uuid' })).toEqual(['messageUuid']);
    expect(bad({ link: { label: 'x', url: 'javascript:alert(1)' } })).toEqual(['link.url']);
  });

  it('the checker itself catches elements out of order, missing or outside the namespace', () => {
    const xml = build(letters['receipt'] as Letter);
    const swapped = xml.replace(
      /(<memo:mandatory>false<\/memo:mandatory>)(<memo:legalNotification>false<\/memo:legalNotification>)/,
      '$2$1',
    );
    expect(memoStructureErrors(swapped).length).toBeGreaterThan(0);
    expect(memoStructureErrors(xml.replace(/<memo:label>Vi har[^<]*<\/memo:label>/, ''))).toContain(
      'Message/MessageHeader: label missing or out of order',
    );
    expect(
      memoStructureErrors(xml.replace('xmlns:memo="https://DigitalPost.dk/MeMo-1"', 'xmlns:memo="urn:x"')),
    ).toContain('memo is not bound to the MeMo-1 namespace');
    expect(memoStructureErrors(xml.slice(0, -5))[0]).toMatch(/not well-formed/);
  });
});
