/**
 * Astro's logger destination (astro.config.mjs `logger`): what Astro and its node adapter log
 * (a page that failed to render, a missing route, build messages) becomes one JSON line in the
 * process's format (src/server/json-log.ts), source `astro`, with Astro's label kept.
 */
import type { AstroLoggerDestination, AstroLoggerMessage } from 'astro';
import { loggerFor } from './json-log.ts';

// Astro colours some messages with ANSI escape sequences; a log line carries plain text.
const SGR = /\u001b\[[0-9;]*m/g;

/** The destination Astro loads by its `logger.entrypoint`: called once with the (empty) config. */
export default function astroLog(): AstroLoggerDestination {
  const logger = loggerFor('astro');
  return {
    write(event: AstroLoggerMessage): void {
      if (event.level === 'silent') return;
      const fields = event.label ? { label: event.label } : {};
      logger[event.level](fields, event.message.replace(SGR, '').trim());
    },
  };
}
