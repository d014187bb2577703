/**
 * The portal's own structured logs: `log.info(message, fields)` writes one JSON line through the
 * process's pino logger (src/server/json-log.ts). Callers log pseudonyms, never CPR numbers; as a
 * second line of defence anything that looks like a CPR number is masked before it is written.
 */
import { getConfig } from '../config.ts';
import { loggerFor, maskCprLike } from './json-log.ts';

export { maskCprLike };

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const logger = loggerFor('indsigt');

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[getConfig().logLevel]) return;
  logger[level](fields, message);
}

export const log = {
  debug: (message: string, fields: Record<string, unknown> = {}): void => {
    write('debug', message, fields);
  },
  info: (message: string, fields: Record<string, unknown> = {}): void => {
    write('info', message, fields);
  },
  warn: (message: string, fields: Record<string, unknown> = {}): void => {
    write('warn', message, fields);
  },
  error: (message: string, fields: Record<string, unknown> = {}): void => {
    write('error', message, fields);
  },
};
