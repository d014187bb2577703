// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import react from '@astrojs/react';
import { fileURLToPath } from 'node:url';
import { dropUnusedRules, wordsInFiles } from './src/styles/unused-rules.ts';

const sources = fileURLToPath(new URL('./src/', import.meta.url));

/**
 * Behind a reverse proxy Astro sees only the internal host unless `security.allowedDomains` lists
 * the public one; then X-Forwarded-Host/Proto are trusted for exactly that host, so the origin check
 * (CSRF) and the OIDC redirect URIs see the real address. PUBLIC_BASE_URL is the single source:
 * the same variable src/config.ts validates at start-up, read here because this file is evaluated at
 * build time, before any of our modules run.
 */
const publicBaseUrl = new URL(process.env['PUBLIC_BASE_URL'] ?? 'http://localhost:4321');

export default defineConfig({
  output: 'server',
  // Bodies over 2 MiB are refused before any route reads them (the ingest API allows 1 MiB).
  // Middleware mode: scripts/serve.ts runs our own node:http server around the handler
  // (src/server/http/): static files from memory, the public page cache, compression, metrics,
  // graceful shutdown, and the security headers on every response it sends.
  // No streaming: a page is rendered whole before its status is sent, so a store that fails in any
  // component is still answered with the translated 503 page (a streamed page has already said 200
  // and can only be cut off); the front server compresses or caches the finished body, one write
  // beats many small ones (issue 15: writev), and the process holds one buffer per page instead of
  // thousands of chunks (issue 10).
  adapter: node({ mode: 'middleware', bodySizeLimit: 2 * 1024 * 1024, experimentalDisableStreaming: true }),
  integrations: [react()],
  // Astro's own messages in the process's one JSON log format (src/server/astro-log.ts).
  logger: { entrypoint: fileURLToPath(new URL('./src/server/astro-log.ts', import.meta.url)) },
  site: publicBaseUrl.origin,
  server: { host: process.env['HOST'] ?? 'localhost', port: Number(process.env['PORT'] ?? 4321) },
  security: {
    // Origins are checked by our middleware (src/server/origin-check.ts): Astro's check runs before
    // middleware and would refuse the IdP's back-channel logout POST, which has no Origin header.
    checkOrigin: false,
    allowedDomains: [
      {
        protocol: publicBaseUrl.protocol.replace(':', ''),
        hostname: publicBaseUrl.hostname,
        ...(publicBaseUrl.port ? { port: publicBaseUrl.port } : {}),
      },
    ],
  },
  // Every stylesheet is a file: the Content-Security-Policy allows style-src 'self' only.
  build: { inlineStylesheets: 'never' },
  vite: {
    // DKFDS's stylesheet without the rules for classes no source file uses (src/styles/unused-rules.ts).
    css: {
      postcss: {
        plugins: [
          dropUnusedRules(
            (file) => file.endsWith('/src/styles/dkfds.scss'),
            () => wordsInFiles(sources),
          ),
        ],
      },
    },
    // PGlite ships its WebAssembly and data files beside its JS: keep it out of the bundle.
    // prom-client too: the bundle and scripts/serve.ts must share its one registry (src/server/metrics.ts).
    ssr: { external: ['@electric-sql/pglite', 'pg', 'prom-client', 'pino'] },
  },
});
