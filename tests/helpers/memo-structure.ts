/**
 * A checker for the MeMo structure, written from the Agency for Digital Government's MeMo model as its
 * published examples show it (MeMo_Minimum_Example.xml, MeMo_Full_Example.xml): each element's children
 * in order, with how often each may occur, and the value sets of the coded fields. The official XSD is
 * not published in a form the tests can fetch, so this table stands in for it; it covers every element
 * Indsigt writes and the ones around them.
 */

interface Node {
  readonly prefix: string;
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: Node[];
  text: string;
}

/** Parses the XML our builder writes (elements, attributes, text; no comments or CDATA). Throws if not well-formed. */
export function parseXml(xml: string): Node {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const token = /<\/?([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  const stack: Node[] = [];
  let root: Node | undefined;
  let match: RegExpExecArray | null;
  let position = 0;
  while ((match = token.exec(body)) !== null) {
    position = token.lastIndex;
    const [whole, first = '', second, attrs = '', selfClosing, text] = match;
    if (text !== undefined) {
      const top = stack.at(-1);
      if (!top) {
        if (text.trim()) throw new Error('text outside the root element');
        continue;
      }
      top.text += text;
      continue;
    }
    const prefix = second === undefined ? '' : first;
    const name = second ?? first;
    if (whole.startsWith('</')) {
      const open = stack.pop();
      if (!open || open.name !== name || open.prefix !== prefix) throw new Error(`unexpected </${name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs.matchAll(/([\w:.-]+)="([^"]*)"/g)) attributes[a[1] ?? ''] = a[2] ?? '';
    const node: Node = { prefix, name, attributes, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else if (root) throw new Error('two root elements');
    else root = node;
    if (!selfClosing) stack.push(node);
  }
  if (position !== body.length || stack.length > 0 || !root) throw new Error('not well-formed');
  return root;
}

type Occurs = '1' | '?' | '*' | '+';
const MEMO_SEQUENCES: Record<string, readonly (readonly [string, Occurs])[]> = {
  Message: [
    ['MessageHeader', '1'],
    ['MessageBody', '?'],
  ],
  MessageHeader: [
    ['messageType', '1'],
    ['messageUUID', '1'],
    ['messageID', '?'],
    ['messageCode', '?'],
    ['label', '1'],
    ['notification', '?'],
    ['additionalNotification', '?'],
    ['reply', '?'],
    ['replyByDateTime', '?'],
    ['doNotDeliverUntilDate', '?'],
    ['mandatory', '1'],
    ['legalNotification', '1'],
    ['postType', '?'],
    ['Sender', '1'],
    ['Recipient', '1'],
    ['ContentData', '?'],
    ['ForwardData', '?'],
    ['ReplyData', '*'],
  ],
  Sender: [
    ['senderID', '1'],
    ['idType', '1'],
    ['idTypeLabel', '?'],
    ['label', '1'],
    ['AttentionData', '?'],
    ['ContactPoint', '?'],
    ['Representative', '?'],
  ],
  Recipient: [
    ['recipientID', '1'],
    ['idType', '1'],
    ['idTypeLabel', '?'],
    ['label', '?'],
    ['AttentionData', '?'],
    ['ContactPoint', '?'],
  ],
  MessageBody: [
    ['createdDateTime', '1'],
    ['MainDocument', '1'],
    ['AdditionalDocument', '*'],
    ['TechnicalDocument', '*'],
  ],
  MainDocument: [
    ['mainDocumentID', '?'],
    ['label', '?'],
    ['File', '+'],
    ['Action', '*'],
  ],
  File: [
    ['encodingFormat', '1'],
    ['filename', '1'],
    ['language', '1'],
    ['content', '1'],
  ],
  Action: [
    ['label', '1'],
    ['actionCode', '1'],
    ['startDateTime', '?'],
    ['endDateTime', '?'],
    ['Reservation', '?'],
    ['EntryPoint', '?'],
  ],
  EntryPoint: [['url', '1']],
};

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const VALUES: Record<string, (value: string, parent: string) => boolean> = {
  messageType: (v) => v === 'DIGITALPOST' || v === 'NEMSMS',
  messageUUID: (v) => UUID.test(v),
  mandatory: (v) => v === 'true' || v === 'false',
  legalNotification: (v) => v === 'true' || v === 'false',
  postType: (v) => ['MYNDIGHEDSPOST', 'VIRKSOMHEDSPOST', 'DIGITALPOST'].includes(v),
  idType: (v) => ['MyndighedsID', 'CPR', 'CVR', 'Andet'].includes(v),
  senderID: (v) => /^\d{8}$/.test(v) || v.length > 0,
  recipientID: (v) => v.length > 0,
  createdDateTime: (v) => DATE_TIME.test(v),
  actionCode: (v) =>
    [
      'AFTALE',
      'BETALING',
      'SELVBETJENING',
      'INFORMATION',
      'UNDERSKRIV',
      'BEKRAEFT',
      'FORBEREDELSE',
      'TILMELDING',
    ].includes(v),
  content: (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v),
  language: (v) => /^[a-z]{2}$/.test(v),
  label: (v) => v.trim().length > 0,
};

/** Every way the XML departs from the MeMo structure; empty when it conforms. */
export function memoStructureErrors(xml: string): string[] {
  let root: Node;
  try {
    root = parseXml(xml);
  } catch (error) {
    return [`not well-formed XML: ${(error as Error).message}`];
  }
  const errors: string[] = [];
  if (root.prefix !== 'memo' || root.name !== 'Message') errors.push('the root is not memo:Message');
  if (root.attributes['xmlns:memo'] !== 'https://DigitalPost.dk/MeMo-1')
    errors.push('memo is not bound to the MeMo-1 namespace');
  if (!root.attributes['memoVersion']) errors.push('memoVersion missing');
  const visit = (node: Node, path: string): void => {
    if (node.prefix !== 'memo') errors.push(`${path}: not in the memo namespace`);
    const sequence = MEMO_SEQUENCES[node.name];
    if (!sequence) {
      if (node.children.length > 0) errors.push(`${path}: unexpected child elements`);
      const check = VALUES[node.name];
      if (check && !check(node.text, path)) errors.push(`${path}: bad value "${node.text.slice(0, 40)}"`);
      return;
    }
    if (node.text.trim()) errors.push(`${path}: text in a structured element`);
    let i = 0;
    for (const [name, occurs] of sequence) {
      let count = 0;
      while (node.children[i]?.name === name) {
        count += 1;
        i += 1;
      }
      if ((occurs === '1' || occurs === '+') && count === 0)
        errors.push(`${path}: ${name} missing or out of order`);
      if ((occurs === '1' || occurs === '?') && count > 1) errors.push(`${path}: ${name} more than once`);
    }
    if (i < node.children.length)
      errors.push(`${path}: unexpected ${node.children[i]?.name ?? ''} (or out of order)`);
    for (const child of node.children) visit(child, `${path}/${child.name}`);
  };
  visit(root, 'Message');
  return errors;
}
