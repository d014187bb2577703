/**
 * Content negotiation for compression (issue 12): which encoding a request accepts, which bodies are
 * worth compressing, and the compression itself, asynchronously on libuv's thread pool so a large
 * body never blocks the event loop. Precomputed bodies (public pages, static files) are compressed
 * at the highest levels once; responses made per request at fast levels.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The best encoding an `Accept-Encoding` header allows: brotli, then gzip, else identity. A coding
 * with `q=0` is refused; `*` stands for any coding not named.
 */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (name) q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const accepts = (coding: string): boolean => (q.get(coding) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip') || (q.get('x-gzip') ?? 0) > 0) return 'gzip';
  return 'identity';
}

const COMPRESSIBLE =
  /^(text\/(html|css|csv|plain|javascript|xml)|application\/([\w.+-]*\+)?(json|javascript|xml)|image\/svg\+xml)\b/i;

/** Bodies below this size gain nothing worth the CPU and the header. */
export const MIN_COMPRESS_BYTES = 1024;

/** Whether a response of this content type is text worth compressing (images, PDFs are not). */
export function isCompressible(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType.trim());
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Compresses a body. `level: 'max'` for bodies computed once and served many times (brotli 11,
 * gzip 9); `'fast'` for bodies made per request (brotli 4 and gzip 6 cost about as much as the
 * bytes they save on the wire).
 */
export async function compress(
  body: Buffer,
  encoding: 'br' | 'gzip',
  level: 'max' | 'fast',
): Promise<Buffer> {
  if (encoding === 'br')
    return brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: level === 'max' ? 11 : 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
  return gzipAsync(body, { level: level === 'max' ? 9 : 6 });
}
