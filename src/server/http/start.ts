/**
 * Starts the portal's HTTP server around the built Astro handler (scripts/serve.ts calls this), and
 * stops it gracefully: on SIGTERM or SIGINT it stops accepting connections, lets requests in flight
 * finish for up to SHUTDOWN_TIMEOUT_SECONDS, then cuts what is left and closes the store's pool,
 * so a rolling deployment behind a load balancer drops no request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import client from 'prom-client';
import { cookieNames } from '../../auth/index.ts';
import type { Config } from '../../config.ts';
import { onDataChanged } from '../data-changes.ts';
import { loggerFor } from '../json-log.ts';
import { log } from '../log.ts';
import { registry, poolWait, storeErrors } from '../metrics.ts';
import { securityHeadersFor } from '../security-headers.ts';
import { closeStore, getStore, manageShutdown, observeStore } from '../store.ts';
import { createFrontHandler, serveMetrics, setHeaders, type AstroHandler } from './front-server.ts';
import { PublicPageCache } from './public-cache.ts';
import { loadStaticFiles } from './static-files.ts';

export interface PortalServer {
  readonly server: http.Server;
  readonly metricsServer: http.Server | undefined;
  readonly port: number;
  readonly publicCache: PublicPageCache;
  /** Stops accepting, drains requests in flight (up to the timeout), closes the store. */
  stop(): Promise<void>;
}

/** The store's data version (migration 100), or null if it cannot be read. */
async function readDataVersion(): Promise<number | null> {
  const { rows } = await (await getStore()).query('select version from portal.data_version');
  const version = rows[0]?.['version'];
  return typeof version === 'number' ? version : null;
}

/** Gauges read when /metrics is scraped: pool, sessions, outbox. Registered once per process. */
function registerStoreGauges(): void {
  if (registry.getSingleMetric('indsigt_db_pool_connections')) return;
  new client.Gauge({
    name: 'indsigt_db_pool_connections',
    help: 'PostgreSQL pool connections by state (total, idle, waiting = queries queued for one)',
    labelNames: ['state'],
    async collect() {
      const stats = (await getStore()).poolStats?.();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  new client.Gauge({
    name: 'indsigt_active_sessions',
    help: 'Sessions not yet expired, by kind (citizen, staff)',
    labelNames: ['kind'],
    async collect() {
      const { rows } = await (
        await getStore()
      ).query(`select kind, count(*)::int8 as n from portal.session where expires_at > now() group by kind`);
      this.reset();
      for (const row of rows) this.set({ kind: String(row['kind']) }, Number(row['n']));
    },
  });
  new client.Gauge({
    name: 'indsigt_outbox_backlog',
    help: 'Digital Post letters in portal.outbox_message not yet sent (status pending); 0 without the table',
    async collect() {
      const db = await getStore();
      const exists = await db.query(`select to_regclass('portal.outbox_message') is not null as present`);
      if (exists.rows[0]?.['present'] !== true) {
        this.set(0);
        return;
      }
      const { rows } = await db.query(
        `select count(*)::int8 as n from portal.outbox_message where status = 'pending'`,
      );
      this.set(Number(rows[0]?.['n'] ?? 0));
    },
  });
  client.collectDefaultMetrics({ register: registry, prefix: 'indsigt_' });
}

/**
 * Readies the process before the store is first opened: this server closes the store itself after
 * draining requests, and the store reports failed queries and pool waits to /metrics.
 */
export function preparePortalProcess(config: Config): void {
  manageShutdown();
  observeStore({
    queryFailed: () => {
      storeErrors.inc({ store: config.store.kind });
    },
    poolWaited: (seconds) => {
      poolWait.observe(seconds);
    },
  });
  registerStoreGauges();
}

/** Starts the server on config.host:config.port around the Astro adapter's handler. */
export async function startPortalServer(
  handler: AstroHandler,
  config: Config,
  clientDir: URL,
  hooks: { readonly beforeStoreClose?: () => Promise<void> } = {},
): Promise<PortalServer> {
  preparePortalProcess(config);
  const publicCache = new PublicPageCache({
    maxEntries: 256,
    maxAgeMs: config.publicCacheSeconds * 1000,
    checkEveryMs: 1000,
    readVersion: readDataVersion,
  });
  onDataChanged(() => {
    publicCache.invalidate();
  });
  const securityHeaders = securityHeadersFor(config);
  const accessLogger = loggerFor('http');
  const front = createFrontHandler({
    handler,
    staticFiles: await loadStaticFiles(fileURLToPath(clientDir)),
    publicCache,
    sessionCookie: cookieNames(config).session,
    metricsToken: config.metrics.token,
    securityHeaders,
    accessLog: (line) => {
      if (config.logLevel === 'debug' || config.logLevel === 'info') accessLogger.info(line, 'request');
    },
    requestFailed: (error) => {
      log.error('request failed', { error: error instanceof Error ? error.message : String(error) });
    },
  });
  // Longer than a load balancer's idle timeout (commonly 60 s), so the proxy, not us, closes idle
  // kept-alive connections and never sends a request on one we are closing. On shutdown idle
  // connections are closed at once (stop() below).
  const server = http.createServer({ keepAliveTimeout: 65_000 }, front);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let metricsServer: http.Server | undefined;
  if (config.metrics.port !== undefined) {
    const ms = http.createServer((req, res) => {
      setHeaders(res, securityHeaders);
      if ((req.url ?? '').split('?')[0] === '/metrics') void serveMetrics(req, res, undefined);
      else res.writeHead(404).end();
    });
    metricsServer = ms;
    await new Promise<void>((resolve) => ms.listen(config.metrics.port, config.host, resolve));
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      server.close();
      metricsServer?.close();
      const deadline = Date.now() + config.shutdownTimeoutSeconds * 1000;
      // Keep-alive connections that are idle are closed now and after each finished response.
      while (front.inFlight() > 0 && Date.now() < deadline) {
        server.closeIdleConnections();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      server.closeAllConnections();
      metricsServer?.closeAllConnections();
      await hooks.beforeStoreClose?.().catch(() => undefined);
      await closeStore();
    })());

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info('shutting down', { signal, inFlight: front.inFlight() });
      void stop().finally(() => process.exit(0));
    });
  }
  return { server, metricsServer, port: (server.address() as AddressInfo).port, publicCache, stop };
}
