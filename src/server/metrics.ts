/**
 * The numbers an operator watches (issue 15), in the Prometheus text format by prom-client. Served
 * at /metrics by the front server (src/server/http/front-server.ts), behind METRICS_TOKEN or on
 * METRICS_PORT only. prom-client stays outside the Astro bundle (astro.config.mjs), so the pages'
 * copy of this module and the server script's share one registry; each metric is made once.
 */
import client from 'prom-client';

export const registry = client.register;

function counter<L extends string>(config: client.CounterConfiguration<L>): client.Counter<L> {
  const existing = registry.getSingleMetric(config.name);
  return existing instanceof client.Counter ? existing : new client.Counter(config);
}

function histogram<L extends string>(config: client.HistogramConfiguration<L>): client.Histogram<L> {
  const existing = registry.getSingleMetric(config.name);
  return existing instanceof client.Histogram ? existing : new client.Histogram(config);
}

/** Requests by route pattern (never the path: it may name a case), method and status. */
export const httpRequests = counter({
  name: 'indsigt_http_requests_total',
  help: 'HTTP requests answered, by route pattern, method and status',
  labelNames: ['route', 'method', 'status'],
});

export const httpDuration = histogram({
  name: 'indsigt_http_request_duration_seconds',
  help: 'Time from request to the end of the response, by route pattern, method and status',
  labelNames: ['route', 'method', 'status'],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Queries the store answered with an error (connection lost, timeout, constraint, ...). */
export const storeErrors = counter({
  name: 'indsigt_store_errors_total',
  help: 'Store queries that failed',
  labelNames: ['store'],
});

/** How long queries waited for a free connection of the pool. */
export const poolWait = histogram({
  name: 'indsigt_db_pool_wait_seconds',
  help: 'Time a query waited for a pooled PostgreSQL connection',
  buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
});

/** Finished logins by kind (citizen, staff) and result (ok, or the refusal's reason). */
export const logins = counter({
  name: 'indsigt_logins_total',
  help: 'Logins completed or refused, by kind and result',
  labelNames: ['kind', 'result'],
});

/** Records through the ingest API by result: the ingest rate is rate() of this. */
export const ingestRecords = counter({
  name: 'indsigt_ingest_records_total',
  help: 'Records received by the ingest API, by result (accepted, duplicate, rejected)',
  labelNames: ['result'],
});
