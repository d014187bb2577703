/**
 * A response computed once and served many times: its bytes in every encoding, compressed at the
 * highest levels ahead of time, with an ETag and Last-Modified so a browser or proxy that has it
 * gets 304 Not Modified. Used for the built static files and the public page cache.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { compress, isCompressible, MIN_COMPRESS_BYTES, negotiateEncoding } from './encoding.ts';

export interface Representation {
  readonly status: number;
  /** Headers every variant carries (content type, cache control, security headers, ...). */
  readonly headers: OutgoingHttpHeaders;
  readonly identity: Buffer;
  readonly br: Buffer | undefined;
  readonly gzip: Buffer | undefined;
  /** The body's hash, quoted; the encoded variants carry it with a suffix ("...-br"). */
  readonly etag: string;
  readonly lastModified: Date;
}

/** The strong validator of a body: a hash of its bytes. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * Builds a representation, compressing it when it is text worth compressing. `previous`, when its
 * body is the same, keeps its Last-Modified: a re-render that changed nothing is not a change.
 */
export async function buildRepresentation(
  status: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  previous?: Representation,
  now: Date = new Date(),
): Promise<Representation> {
  const etag = etagOf(body);
  const worth = isCompressible(headerText(headers['content-type'])) && body.length >= MIN_COMPRESS_BYTES;
  const [br, gzip] = worth
    ? await Promise.all([compress(body, 'br', 'max'), compress(body, 'gzip', 'max')])
    : [undefined, undefined];
  const lastModified =
    previous?.etag === etag ? previous.lastModified : new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    status,
    headers: withoutPerResponseHeaders(headers),
    identity: body,
    br,
    gzip,
    etag,
    lastModified,
  };
}

function headerText(value: OutgoingHttpHeaders[string]): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
}

/** Headers that belong to one response on one connection, never to a stored copy. */
function withoutPerResponseHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (
      !/^(content-length|content-encoding|transfer-encoding|connection|keep-alive|date|etag|last-modified|vary)$/i.test(
        name,
      )
    )
      kept[name.toLowerCase()] = value;
  }
  return kept;
}

/** Whether the request's validators match: If-None-Match first (RFC 9110 §13.2.2), else If-Modified-Since. */
export function isNotModified(req: IncomingMessage, rep: Representation): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const base = rep.etag.slice(1, -1);
    // Weak comparison: any encoding of the same body matches ("W/" and our "-br"/"-gzip" suffixes).
    return inm
      .split(',')
      .map((tag) =>
        tag
          .trim()
          .replace(/^W\//, '')
          .replace(/^"|"$/g, '')
          .replace(/-(br|gzip)$/, ''),
      )
      .includes(base);
  }
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && rep.lastModified.getTime() <= since;
}

/** Sends a representation in the encoding the request accepts, or 304 when the client has it. */
export function sendRepresentation(
  req: IncomingMessage,
  res: ServerResponse,
  rep: Representation,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  const encoding = negotiateEncoding(req.headers['accept-encoding']);
  const body = encoding === 'br' ? rep.br : encoding === 'gzip' ? rep.gzip : undefined;
  const chosen = body ?? rep.identity;
  const used = body ? encoding : 'identity';
  const headers: OutgoingHttpHeaders = {
    ...rep.headers,
    ...extraHeaders,
    etag: used === 'identity' ? rep.etag : `${rep.etag.slice(0, -1)}-${used}"`,
    'last-modified': rep.lastModified.toUTCString(),
  };
  if (rep.br || rep.gzip) headers['vary'] = mergeVary(headers['vary'], 'Accept-Encoding');
  if (rep.status === 200 && isNotModified(req, rep)) {
    // A 304 carries the validators and caching headers, not the body's (RFC 9110 §15.4.5).
    delete headers['content-type'];
    delete headers['content-disposition'];
    res.writeHead(304, headers).end();
    return;
  }
  if (used !== 'identity') headers['content-encoding'] = used;
  headers['content-length'] = chosen.length;
  res.writeHead(rep.status, headers);
  res.end(req.method === 'HEAD' ? undefined : chosen);
}

/** Adds a field to a Vary header without repeating it. */
export function mergeVary(existing: OutgoingHttpHeaders[string], field: string): string {
  const fields = (headerText(existing) ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (!fields.some((f) => f.toLowerCase() === field.toLowerCase() || f === '*')) fields.push(field);
  return fields.join(', ');
}
