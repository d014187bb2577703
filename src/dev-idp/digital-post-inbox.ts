/**
 * The development Digital Post inbox, served beside the development MitID IdP: the development transport
 * posts each MeMo letter to /digital-post/memos, and http://localhost:<DEV_IDP_PORT>/digital-post lists
 * the letters per test citizen, so a newcomer sees them arrive. Like Digital Post it keeps one letter per
 * MessageUUID: a letter sent twice (a worker crashed between send and mark) is delivered once.
 * Never in production (it runs only where the development IdPs run).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';

/** A letter as the inbox received it. */
export interface DevLetter {
  readonly messageUuid: string;
  readonly label: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly recipientCpr: string;
  readonly createdDateTime: string;
  readonly text: string;
  readonly link: string | undefined;
  readonly receivedAt: string;
  readonly memoXml: string;
}

const devLetterSchema = z.object({
  messageUuid: z.uuid(),
  label: z.string(),
  senderId: z.string(),
  senderName: z.string(),
  recipientCpr: z.string(),
  createdDateTime: z.string(),
  text: z.string(),
  link: z.string().optional(),
  receivedAt: z.string(),
  memoXml: z.string(),
});

export interface DevInbox {
  /** Handles the inbox's own paths; false for any other path (the IdP handles those). */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The letters delivered, oldest first. */
  letters(): DevLetter[];
  /** How many times a letter was posted, duplicates included (tests compare it with `letters()`). */
  readonly postings: number;
}

const MAX_LETTER_BYTES = 5 * 1024 * 1024;

function unescapeXml(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of the first `memo:name` element inside `scope` (a development reader, not a full XML parser). */
function pick(xml: string, name: string, scope?: string): string | undefined {
  const within = scope
    ? (new RegExp(`<memo:${scope}>([\\s\\S]*?)</memo:${scope}>`).exec(xml)?.[1] ?? '')
    : xml;
  const value = new RegExp(`<memo:${name}>([^<]*)</memo:${name}>`).exec(within)?.[1];
  return value === undefined ? undefined : unescapeXml(value);
}

/** Reads the fields the inbox shows from a MeMo message, or null if it is not one. */
export function readMemoLetter(xml: string, receivedAt: Date): DevLetter | null {
  if (!xml.includes('xmlns:memo="https://DigitalPost.dk/MeMo-1"')) return null;
  const header = /<memo:MessageHeader>([\s\S]*?)<\/memo:MessageHeader>/.exec(xml)?.[1] ?? '';
  // The header's own label, not the Sender's: leave the Sender and Recipient out before looking.
  const headerOwn = header
    .replace(/<memo:Sender>[\s\S]*?<\/memo:Sender>/, '')
    .replace(/<memo:Recipient>[\s\S]*?<\/memo:Recipient>/, '');
  const content = pick(xml, 'content', 'File');
  const parsed = devLetterSchema.safeParse({
    messageUuid: pick(header, 'messageUUID')?.toLowerCase(),
    label: pick(headerOwn, 'label'),
    senderId: pick(header, 'senderID', 'Sender'),
    senderName: pick(header, 'label', 'Sender'),
    recipientCpr: pick(header, 'recipientID', 'Recipient'),
    createdDateTime: pick(xml, 'createdDateTime'),
    text: content === undefined ? undefined : Buffer.from(content, 'base64').toString('utf8'),
    link: pick(xml, 'url', 'EntryPoint'),
    receivedAt: receivedAt.toISOString(),
    memoXml: xml,
  });
  if (!parsed.success) return null;
  const { link, ...rest } = parsed.data;
  return { ...rest, link };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:Arial,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.banner{background:#fff3cd;border:1px solid #8a6d00;padding:.5rem 1rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;border-bottom:1px solid #747474;padding:.25rem .5rem;vertical-align:top}
pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem;border:1px solid #747474}</style></head>
<body><p class="banner">Udviklingsindbakke for Digital Post · Development Digital Post inbox — kun til test, aldrig i drift · test only, never in production</p>
<main>${body}</main></body></html>`;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * The inbox. With `dir`, letters are also kept as files there (one per MessageUUID), so they survive a
 * restart of `npm start`; `names` maps test CPR numbers to names for the list.
 */
export function createDevInbox(
  options: { dir?: string; names?: ReadonlyMap<string, string> } = {},
): DevInbox {
  const letters = new Map<string, DevLetter>();
  let postings = 0;
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    for (const file of readdirSync(options.dir).filter((f) => f.endsWith('.json'))) {
      const parsed = devLetterSchema.safeParse(JSON.parse(readFileSync(join(options.dir, file), 'utf8')));
      if (parsed.success) letters.set(parsed.data.messageUuid, { ...parsed.data, link: parsed.data.link });
    }
  }

  function deliver(letter: DevLetter): boolean {
    if (letters.has(letter.messageUuid)) return false;
    letters.set(letter.messageUuid, letter);
    if (options.dir) {
      writeFileSync(join(options.dir, `${letter.messageUuid}.json`), JSON.stringify(letter, null, 2));
    }
    return true;
  }

  function listPage(): string {
    const all = [...letters.values()].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    if (all.length === 0) {
      return page(
        'Digital Post (test)',
        '<h1>Digital Post (test)</h1><p>Ingen breve endnu · No letters yet. Make a request in the portal, then reload.</p>',
      );
    }
    const byRecipient = new Map<string, DevLetter[]>();
    for (const letter of all)
      byRecipient.set(letter.recipientCpr, [...(byRecipient.get(letter.recipientCpr) ?? []), letter]);
    const sections = [...byRecipient.entries()]
      .map(([cpr, list]) => {
        const name = options.names?.get(cpr);
        const who = `${name ? `${escapeHtml(name)} — ` : ''}${cpr.slice(0, 6)}-${cpr.slice(6)}`;
        const rows = list
          .map(
            (l) =>
              `<tr><td>${escapeHtml(l.receivedAt.slice(0, 19).replace('T', ' '))}</td><td><a href="/digital-post/${l.messageUuid}">${escapeHtml(l.label)}</a></td><td>${escapeHtml(l.senderName)}</td></tr>`,
          )
          .join('');
        return `<section><h2>${who}</h2><table><thead><tr><th scope="col">Modtaget · Received (UTC)</th><th scope="col">Emne · Subject</th><th scope="col">Afsender · Sender</th></tr></thead><tbody>${rows}</tbody></table></section>`;
      })
      .join('');
    return page(
      'Digital Post (test)',
      `<h1>Digital Post (test)</h1><p>${String(all.length)} breve · letters</p>${sections}`,
    );
  }

  function letterPage(letter: DevLetter): string {
    return page(
      letter.label,
      `<p><a href="/digital-post">← Alle breve · All letters</a></p><h1>${escapeHtml(letter.label)}</h1>
<p>Fra · From: ${escapeHtml(letter.senderName)} (CVR ${escapeHtml(letter.senderId)})<br>MessageUUID: ${escapeHtml(letter.messageUuid)}<br>Oprettet · Created: ${escapeHtml(letter.createdDateTime)}</p>
<pre>${escapeHtml(letter.text)}</pre>${letter.link ? `<p><a href="${escapeHtml(letter.link)}">${escapeHtml(letter.link)}</a></p>` : ''}
<details><summary>MeMo XML</summary><pre>${escapeHtml(letter.memoXml)}</pre></details>`,
    );
  }

  return {
    get postings() {
      return postings;
    },
    letters: () => [...letters.values()].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)),
    handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== '/digital-post' && !path.startsWith('/digital-post/')) return false;
      if (req.method === 'GET' && path === '/digital-post') {
        send(res, 200, 'text/html; charset=utf-8', listPage());
        return true;
      }
      const one = /^\/digital-post\/([0-9a-f-]{36})$/.exec(path);
      if (req.method === 'GET' && one?.[1]) {
        const letter = letters.get(one[1]);
        if (letter) send(res, 200, 'text/html; charset=utf-8', letterPage(letter));
        else send(res, 404, 'text/html; charset=utf-8', page('404', '<h1>Intet brev · No such letter</h1>'));
        return true;
      }
      if (req.method === 'POST' && path === '/digital-post/memos') {
        void (async () => {
          const chunks: Buffer[] = [];
          let size = 0;
          for await (const chunk of req) {
            size += (chunk as Buffer).length;
            if (size > MAX_LETTER_BYTES) {
              send(res, 413, 'text/plain; charset=utf-8', 'too large');
              req.destroy();
              return;
            }
            chunks.push(chunk as Buffer);
          }
          postings += 1;
          const letter = readMemoLetter(Buffer.concat(chunks).toString('utf8'), new Date());
          if (!letter) {
            send(res, 400, 'text/plain; charset=utf-8', 'not a MeMo message');
            return;
          }
          const isNew = deliver(letter);
          send(
            res,
            isNew ? 201 : 200,
            'text/plain; charset=utf-8',
            isNew ? 'delivered' : 'already delivered',
          );
        })().catch(() => {
          if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'error');
        });
        return true;
      }
      send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
      return true;
    },
  };
}
