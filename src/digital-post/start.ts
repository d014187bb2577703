/**
 * Starts Digital Post in a portal process (scripts/serve.ts): the transport the configuration names
 * and the outbox worker. Kept apart from index.ts because it reads certificate files and starts timers.
 */
import { composeAiUseNotices } from '../ai-notices/compose.ts';
import type { DigitalPostConfig } from '../config.ts';
import type { Db } from '../db/db.ts';
import { developmentTransport } from './dev-transport.ts';
import { sf1601Transport } from './sf1601-transport.ts';
import type { DigitalPostTransport } from './transport.ts';
import { DEFAULT_WORKER_OPTIONS, startOutboxWorker, type RunningWorker, type WorkerLog } from './worker.ts';

/**
 * The transport for the configuration: null when Digital Post is off. `devInboxUrl` is where the
 * development IdP's inbox takes letters (known once the development IdPs have started).
 */
export function transportFor(
  config: DigitalPostConfig,
  devInboxUrl: URL | undefined,
): DigitalPostTransport | null {
  const transport = config.transport;
  switch (transport.kind) {
    case 'off':
      return null;
    case 'development':
      if (!devInboxUrl) throw new Error('Digital Post: the development inbox is not running');
      return developmentTransport(devInboxUrl);
    case 'sf1601':
      return sf1601Transport({
        baseUrl: transport.baseUrl,
        stsUrl: transport.stsUrl,
        cvr: config.senderCvr,
        certificatePath: transport.certificatePath,
        privateKeyPath: transport.privateKeyPath,
        privateKeyPassphrase: transport.privateKeyPassphrase,
      });
  }
}

/** Starts the worker when this process should run one; returns it, or null. */
export function startDigitalPost(
  db: Db,
  config: DigitalPostConfig,
  devInboxUrl: URL | undefined,
  logLine: WorkerLog,
  publicBaseUrl: URL,
): RunningWorker | null {
  const transport = transportFor(config, devInboxUrl);
  if (!transport || !config.worker) return null;
  // AI-use notices are composed on the worker's rounds: the events written since, batched per case per day.
  const composeNotices = async (): Promise<void> => {
    const result = await composeAiUseNotices(db, { senderCvr: config.senderCvr, publicBaseUrl });
    if (result.letters > 0) logLine('info', 'AI-use notices written', { ...result });
  };
  return startOutboxWorker(
    db,
    transport,
    { ...DEFAULT_WORKER_OPTIONS, maxAttempts: config.maxAttempts },
    logLine,
    composeNotices,
  );
}
