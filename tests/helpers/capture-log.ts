/** Captures the lines the process's JSON logger writes (src/server/json-log.ts), for tests of what is logged. */
import pino from 'pino';
import { vi } from 'vitest';
import { rootLogger } from '../../src/server/json-log.ts';

/**
 * From now until `vi.restoreAllMocks()`, every finished log line (CPR masking applied) is appended to
 * what `read` returns instead of going to stdout. The logger writes to file descriptor 1 itself, so
 * spying on process.stdout would see nothing.
 */
export function captureLog(): { read: () => string } {
  const stream = (rootLogger as unknown as Record<symbol, { write: (chunk: string) => boolean }>)[
    pino.symbols.streamSym
  ];
  if (!stream) throw new Error('the logger has no stream to capture');
  let written = '';
  vi.spyOn(stream, 'write').mockImplementation((chunk: string) => {
    written += chunk;
    return true;
  });
  return { read: () => written };
}
