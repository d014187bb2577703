import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../src/auth/oidc.ts';

describe('where to go after login', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeReturnTo('/mine-sager/abc?x=1', '/')).toBe('/mine-sager/abc?x=1');
    expect(safeReturnTo('/en/mine-sager', '/')).toBe('/en/mine-sager');
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative address', '//evil.example'],
    ['a backslash trick', '/\\evil.example'],
    ['a tab the browser would drop', '/\t/evil.example'],
    ['a newline', '/\n/evil.example'],
    ['a script', 'javascript:alert(1)'],
    ['nothing', ''],
  ])('refuses %s', (_name, value) => {
    expect(safeReturnTo(value, '/mine-sager')).toBe('/mine-sager');
  });
});
