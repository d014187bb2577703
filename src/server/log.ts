/**
 * Structured logging (one JSON object a line on stdout). Callers log pseudonyms, never CPR numbers;
 * as a second line of defence anything that looks like a CPR number is masked before it is written.
 */
import { getConfig } from '../config.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const CPR_LIKE = /(?<![0-9])[0-9]{6}-?[0-9]{4}(?![0-9])/g;

/** Replaces anything shaped like a CPR number with a marker. */
export function maskCprLike(text: string): string {
  return text.replace(CPR_LIKE, '[cpr]');
}

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[getConfig().logLevel]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  process.stdout.write(`${maskCprLike(line)}\n`);
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
