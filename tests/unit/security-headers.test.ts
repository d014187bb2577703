import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { securityHeadersFor } from '../../src/server/security-headers.ts';

function config(env: Record<string, string>): Parameters<typeof securityHeadersFor>[0] {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.config;
}

describe('the security headers of a configuration', () => {
  it('are built once per configuration and cannot be changed by a response', () => {
    const c = config({});
    const headers = securityHeadersFor(c);
    expect(securityHeadersFor(c)).toBe(headers);
    expect(Object.isFrozen(headers)).toBe(true);
    expect(() => {
      (headers as Record<string, string>)['X-Frame-Options'] = 'ALLOWALL';
    }).toThrow();
    expect(headers['X-Frame-Options']).toBe('DENY');
  });

  it('follow each configuration: form-action names the IdPs of that configuration', () => {
    const a = securityHeadersFor(config({ DEV_IDP_PORT: '5601' }));
    const b = securityHeadersFor(config({ DEV_IDP_PORT: '5701' }));
    expect(a['Content-Security-Policy']).toContain(':5601');
    expect(b['Content-Security-Policy']).toContain(':5701');
    expect(b['Content-Security-Policy']).not.toContain(':5601');
  });
});
