/**
 * The node:http server in front of the Astro handler (issue 15, and issue 12's web conventions).
 * It owns what is the same for every route and cheapest done before any framework work:
 *
 * - built static files from memory, precompressed, with ETag/304 (no filesystem call per request);
 * - the public page cache: an anonymous GET of a page the middleware marked `Cache-Control: public`
 *   is rendered once per language and data version and served from memory (public-cache.ts);
 * - compression (brotli or gzip, by Accept-Encoding) of every other text response;
 * - request metrics by route pattern, /metrics, and a count of requests in flight for shutdown;
 * - one access log line per request: method, route pattern, status, duration (never the path or
 *   its query string, which may name a case or carry a CPR number);
 * - the security headers on every response it sends, whoever made it: pages and endpoints, static
 *   files, 304s, cached copies, /metrics, and its own 400s and 500s (issue 10, "Failing safe");
 * - an address that cannot be decoded rendered as the translated 400 page (addresses.ts);
 * - `/x/` redirected to `/x` (301, query kept), before the page cache can keep a second copy.
 *
 * Why here and not in Astro middleware: a cached page served from here costs no Request/Response
 * objects, no middleware and no session read, which is what lets a public page approach bare
 * node:http; and compressing the finished body once is simpler than wrapping Astro's stream.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { httpDuration, httpRequests, registry } from '../metrics.ts';
import { withRouteReport } from '../route-report.ts';
import { badAddressPage, isDecodablePath, trailingSlashRedirect } from './addresses.ts';
import { compress, isCompressible, MIN_COMPRESS_BYTES, negotiateEncoding } from './encoding.ts';
import type { PublicPageCache, RenderTicket } from './public-cache.ts';
import { buildRepresentation, mergeVary, sendRepresentation, type Representation } from './representation.ts';

/** The Astro node adapter's handler (middleware mode): renders one request into `res`. */
export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
  locals?: object,
) => Promise<void>;

/** The access log line of one request: never the path or the query string. */
export interface AccessLine {
  readonly method: string;
  /** The route pattern (`/mine-sager/[id]`), or what answered: `static`, `redirect`, `/metrics`, `error`, `unmatched`. */
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
}

export interface FrontServerOptions {
  readonly handler: AstroHandler;
  readonly staticFiles: ReadonlyMap<string, Representation>;
  readonly publicCache: PublicPageCache;
  /** The session cookie's name: a request that carries it never gets a shared copy. */
  readonly sessionCookie: string;
  /** Bearer token for /metrics on this listener; undefined: /metrics is not served here. */
  readonly metricsToken: string | undefined;
  /** Set on every response before anything else writes (src/server/security-headers.ts). */
  readonly securityHeaders: Readonly<Record<string, string>>;
  /** Called once per answered request (src/server/http/start.ts writes it as a JSON log line). */
  readonly accessLog?: (line: AccessLine) => void;
  /** A request that failed outside any page (the page's own errors are Astro's to log). */
  readonly requestFailed?: (error: unknown) => void;
}

export interface FrontHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests being answered now. */
  readonly inFlight: () => number;
}

interface Captured {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** Whether the Cookie header names the session cookie. */
export function hasCookie(header: string | undefined, name: string): boolean {
  if (!header) return false;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return true;
  }
  return false;
}

function headerValue(headers: OutgoingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value === undefined ? undefined : String(value);
}

function lowerCaseHeaders(
  headers: OutgoingHttpHeaders | readonly unknown[] | undefined,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  if (!headers || Array.isArray(headers)) return out;
  for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * Runs the Astro handler with `res` held back: the status, headers and body are collected (the
 * adapter buffers the page: streaming is off) and handed to `done` instead of the socket.
 */
function renderCaptured(handler: AstroHandler, req: IncomingMessage, res: ServerResponse): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    let status: number | undefined;
    let headers: OutgoingHttpHeaders | undefined;
    const original = {
      writeHead: res.writeHead.bind(res),
      write: res.write.bind(res),
      end: res.end.bind(res),
    };
    const restore = (): void => {
      Object.assign(res, original);
    };
    const push = (chunk: unknown, encoding?: unknown): void => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : typeof chunk === 'string'
            ? Buffer.from(chunk, Buffer.isEncoding(String(encoding)) ? (encoding as BufferEncoding) : 'utf8')
            : Buffer.from(chunk as Uint8Array),
      );
    };
    res.writeHead = (code: number, ...rest: unknown[]) => {
      status = code;
      const last = rest[rest.length - 1];
      headers = lowerCaseHeaders(typeof last === 'object' ? (last as OutgoingHttpHeaders) : undefined);
      return res;
    };
    // A write callback is the adapter's error path (a page that throws mid-render): it writes
    // "Internal server error" and destroys the socket in the callback. It is not called: the render
    // then ends without end(), and the front server answers a proper 500 below.
    res.write = ((chunk: unknown, encoding?: unknown) => {
      push(chunk, encoding);
      return true;
    }) as ServerResponse['write'];
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      push(chunk, encoding);
      ended = true;
      restore();
      // Headers set with setHeader (the adapter's error paths) count too; writeHead's win.
      const set = lowerCaseHeaders(res.getHeaders());
      for (const name of Object.keys(set)) res.removeHeader(name);
      resolve({
        status: status ?? res.statusCode,
        headers: { ...set, ...(headers ?? {}) },
        body: Buffer.concat(chunks),
      });
      return res;
    }) as ServerResponse['end'];
    const fail = (error: unknown): void => {
      if (ended) return;
      ended = true;
      restore();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    handler(req, res).then(() => {
      fail(new Error('the page ended without a complete response'));
    }, fail);
  });
}

/** Whether a finished render may be kept and served to every anonymous visitor. */
function isShareable(req: IncomingMessage, captured: Captured): boolean {
  const cacheControl = headerValue(captured.headers, 'cache-control') ?? '';
  return (
    req.method === 'GET' &&
    captured.status === 200 &&
    /\bpublic\b/.test(cacheControl) &&
    captured.headers['set-cookie'] === undefined
  );
}

/** Sends a render made for this request alone, compressed when it is text worth it. */
async function sendDynamic(req: IncomingMessage, res: ServerResponse, captured: Captured): Promise<void> {
  const { headers } = captured;
  let body = captured.body;
  const encoding = negotiateEncoding(req.headers['accept-encoding']);
  const compressible =
    isCompressible(headerValue(headers, 'content-type')) &&
    headers['content-encoding'] === undefined &&
    !/\bno-transform\b/.test(headerValue(headers, 'cache-control') ?? '');
  if (compressible) headers['vary'] = mergeVary(headers['vary'], 'Accept-Encoding');
  if (compressible && encoding !== 'identity' && body.length >= MIN_COMPRESS_BYTES && req.method !== 'HEAD') {
    body = await compress(body, encoding, 'fast');
    headers['content-encoding'] = encoding;
  }
  delete headers['transfer-encoding'];
  if (captured.status !== 204 && captured.status !== 304) headers['content-length'] = body.length;
  res.writeHead(captured.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Serves /metrics in the Prometheus text format if the bearer token matches. */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
): Promise<void> {
  if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
    res.writeHead(401, { 'www-authenticate': 'Bearer', 'cache-control': 'no-store' }).end();
    return;
  }
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text);
}

/**
 * Sets `headers` on `res` (node:http merges them into whatever writeHead later sends), so no answer
 * leaves without them, including those this server or the adapter makes on its own.
 */
export function setHeaders(res: ServerResponse, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** Longest a request waits for the public cache's version check before it renders instead. */
const VERSION_CHECK_BUDGET_MS = 250;

/** The request listener of the portal's HTTP server. */
export function createFrontHandler(options: FrontServerOptions): FrontHandler {
  const { handler, staticFiles, publicCache, sessionCookie, metricsToken, securityHeaders } = options;
  const { accessLog, requestFailed } = options;
  let inFlight = 0;
  const rendering = new Map<string, Promise<Representation | undefined>>();

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<string> {
    if (!isDecodablePath(req.url ?? '/')) {
      // Rendered by Astro like any page (translated, with the site's frame); it answers 400. As a
      // GET: the form a POST carried is not read, and the page is never a shared cached copy (400).
      req.url = badAddressPage(req.url ?? '/');
      req.method = 'GET';
    }
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const pathname = url.split('?', 1)[0] ?? '/';
    if (pathname === '/metrics' && metricsToken !== undefined) {
      await serveMetrics(req, res, metricsToken);
      return '/metrics';
    }
    const readOnly = method === 'GET' || method === 'HEAD';
    const canonical = trailingSlashRedirect(url);
    if (canonical !== undefined) {
      // 308 keeps a form's method and body; a GET or HEAD gets the classic 301.
      res
        .writeHead(readOnly ? 301 : 308, { location: canonical, 'cache-control': 'public, max-age=3600' })
        .end();
      return 'redirect';
    }
    const file = readOnly ? staticFiles.get(pathname) : undefined;
    if (file) {
      sendRepresentation(req, res, file);
      return 'static';
    }

    const shareable = readOnly && !hasCookie(req.headers.cookie, sessionCookie);
    // Copies only while the store's data version is known: a store that is down or stalled is
    // answered like any render (503 within the store's limits), not hidden behind old copies.
    const servable = shareable && (await publicCache.refresh(Date.now(), VERSION_CHECK_BUDGET_MS));
    if (servable) {
      const hit = publicCache.get(url) ?? (await waitForRender(url));
      if (hit) {
        sendRepresentation(req, res, hit.rep, { age: String(hit.ageSeconds), vary: 'Cookie' });
        return hit.route;
      }
    }

    const ticket: RenderTicket = publicCache.ticket();
    let settle: ((rep: Representation | undefined) => void) | undefined;
    if (shareable && method === 'GET' && !rendering.has(url)) {
      // Concurrent anonymous requests for the same page wait for this render instead of repeating it.
      rendering.set(
        url,
        new Promise((resolve) => {
          settle = resolve;
        }),
      );
    }
    try {
      // The middleware reports the route pattern it rendered (src/server/route-report.ts).
      const { result: captured, pattern } = await withRouteReport(() => renderCaptured(handler, req, res));
      const route = pattern ?? 'unmatched';
      if (shareable && isShareable(req, captured)) {
        const rep = await buildRepresentation(
          captured.status,
          captured.headers,
          captured.body,
          publicCache.previous(url),
        );
        const stored = publicCache.set(url, rep, route, ticket);
        settle?.(stored ? rep : undefined);
        sendRepresentation(req, res, rep, { age: '0', vary: 'Cookie' });
      } else {
        settle?.(undefined);
        await sendDynamic(req, res, captured);
      }
      return route;
    } finally {
      settle?.(undefined);
      if (settle) rendering.delete(url);
    }
  }

  async function waitForRender(
    url: string,
  ): Promise<{ rep: Representation; route: string; ageSeconds: number } | undefined> {
    const pending = rendering.get(url);
    if (!pending) return undefined;
    await pending;
    return publicCache.get(url);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const started = process.hrtime.bigint();
    inFlight += 1;
    setHeaders(res, securityHeaders);
    answer(req, res)
      .then(
        (route) => route,
        (error: unknown) => {
          requestFailed?.(error);
          if (!res.headersSent) {
            // A render that failed after its headers were collected took ours with them.
            setHeaders(res, securityHeaders);
            res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal server error');
          } else res.destroy();
          return 'error';
        },
      )
      .then(
        (route) => {
          inFlight -= 1;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const labels = { route, method: req.method ?? 'GET', status: String(res.statusCode) };
          httpRequests.inc(labels);
          httpDuration.observe(labels, seconds);
          accessLog?.({
            method: labels.method,
            route,
            status: res.statusCode,
            durationMs: Math.round(seconds * 10_000) / 10,
          });
        },
        () => undefined,
      );
  };
  return Object.assign(listener, { inFlight: () => inFlight });
}
