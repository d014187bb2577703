/**
 * The one log format of the portal process (pino): every line it writes is one JSON object,
 * `{"level":"info","time":"<ISO 8601>","source":"…","message":"…", …fields}` on stdout. Our own
 * logs (src/server/log.ts), the front server's access lines, Astro's logger (src/server/astro-log.ts),
 * the development IdP (oidc-provider) and anything written with console.* all come through here.
 *
 * As a second line of defence anything shaped like a CPR number is masked in the finished line.
 * No configuration is read here (src/config.ts owns the environment), so astro.config.mjs and the
 * IdP can use it too; the level is filtered by the callers that have the configuration.
 */
import { format } from 'node:util';
import pino, { type Logger } from 'pino';

/** Who wrote a line: the portal, Astro, the development IdP, or an unstructured console call. */
export type LogSource = 'indsigt' | 'http' | 'astro' | 'dev-idp' | 'console';

const CPR_LIKE = /(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])/g;

/** Replaces anything shaped like a CPR number with a marker. */
export function maskCprLike(text: string): string {
  return text.replace(CPR_LIKE, '[cpr]');
}

function createRoot(): Logger {
  return pino(
    {
      level: 'debug',
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: maskCprLike },
    },
    // Synchronous: a line is out before the process can exit or crash, and lines keep their order.
    pino.destination({ dest: 1, sync: true }),
  );
}

// One logger per process: the Astro bundle and scripts/serve.ts each load a copy of this module.
const KEY = Symbol.for('indsigt.json-log');
const holder = globalThis as unknown as Record<symbol, Logger | undefined>;

/** The process's root logger. */
export const rootLogger: Logger = (holder[KEY] ??= createRoot());

const children = new Map<LogSource, Logger>();

/** A logger whose lines name `source`. */
export function loggerFor(source: LogSource): Logger {
  let child = children.get(source);
  if (!child) children.set(source, (child = rootLogger.child({ source })));
  return child;
}

const ROUTED = Symbol.for('indsigt.console-routed');

/**
 * Sends console.log/info/debug/warn/error/trace through the logger (source `console`), so a library
 * or a forgotten call still writes a JSON line. Called once at the start of the process.
 */
export function routeConsoleToLog(): void {
  const marked = console as Console & { [ROUTED]?: boolean };
  if (marked[ROUTED]) return;
  marked[ROUTED] = true;
  const logger = loggerFor('console');
  const to =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const error = args.find((a): a is Error => a instanceof Error);
      const fields = error ? { error: error.message } : {};
      logger[level](fields, format(...args));
    };
  console.log = to('info');
  console.info = to('info');
  console.debug = to('debug');
  console.trace = to('debug');
  console.warn = to('warn');
  console.error = to('error');
}
