/**
 * The route pattern a request rendered, told by Astro's middleware to the front server
 * (src/server/http/front-server.ts) for its metrics and access log line: the pattern
 * (`/mine-sager/[id]`), never the path, which may name a case.
 *
 * Through AsyncLocalStorage rather than the adapter's `locals`: a request no route matches at first
 * (every `/en/...` address, rewritten by the middleware) is rendered with a copy of the locals the
 * front server passed in, so a pattern written there never came back. The storage lives on
 * globalThis because the Astro bundle and scripts/serve.ts each load their own copy of this module.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What one render reports back; filled in by the middleware. */
export interface RouteReport {
  pattern?: string;
}

const KEY = Symbol.for('indsigt.route-report');
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RouteReport> | undefined>;
const storage = (holder[KEY] ??= new AsyncLocalStorage<RouteReport>());

/** Runs `render` with a fresh report that the middleware fills in; returns both. */
export async function withRouteReport<T>(render: () => Promise<T>): Promise<{ result: T; pattern?: string }> {
  const report: RouteReport = {};
  const result = await storage.run(report, render);
  return report.pattern === undefined ? { result } : { result, pattern: report.pattern };
}

/** Reports the route pattern of the request being rendered (no-op outside the front server). */
export function reportRoutePattern(pattern: string): void {
  const report = storage.getStore();
  if (report) report.pattern = pattern;
}
