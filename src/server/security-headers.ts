import type { Config } from '../config.ts';
import { relyingParty } from '../auth/index.ts';

/**
 * The security headers every response carries. A strict Content-Security-Policy: only our own
 * scripts, styles and images (Astro writes every stylesheet to a file, see astro.config.mjs), no
 * framing, no forms posting elsewhere than to us and our IdPs; no referrer leaves the site (paths
 * may name a case).
 */
export function securityHeaders(
  isHttps: boolean,
  idpOrigins: readonly string[] = [],
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      // The logout form redirects on to the IdP's end-session endpoint; form-action covers redirects.
      ["form-action 'self'", ...idpOrigins].join(' '),
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (isHttps) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

const forConfig = new WeakMap<Config, Readonly<Record<string, string>>>();

/**
 * The headers for this configuration: HSTS over https, form-action to our two IdPs. Built once per
 * configuration (the middleware asks on every request) and frozen, so no response can change them.
 */
export function securityHeadersFor(config: Config): Readonly<Record<string, string>> {
  let headers = forConfig.get(config);
  if (!headers) {
    headers = Object.freeze(
      securityHeaders(config.publicBaseUrl.protocol === 'https:', [
        relyingParty('citizen', config).issuer.origin,
        relyingParty('staff', config).issuer.origin,
      ]),
    );
    forConfig.set(config, headers);
  }
  return headers;
}
