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
    ['a dot segment before a network path', '/.//evil.example'],
    ['a parent segment before a network path', '/..//evil.example'],
    ['an encoded dot segment', '/%2e//evil.example'],
    ['an encoded dot segment in capitals', '/%2E//evil.example'],
    ['a parent segment after a directory', '/a/..//evil.example'],
    ['two encoded parent segments', '/a/b/%2e%2e/%2E%2E//evil.example/path'],
    ['a dot segment with a query', '/.//evil.example?x=1'],
  ])('refuses %s', (_name, value) => {
    expect(safeReturnTo(value, '/mine-sager')).toBe('/mine-sager');
  });

  it('returns the normalised path, the same one the browser would go to', () => {
    expect(safeReturnTo('/en/./mine-sager/../min-log', '/')).toBe('/en/min-log');
    expect(safeReturnTo('/%2e%2e/mine-sager', '/')).toBe('/mine-sager');
  });

  it('never returns anything a browser would read as another host', () => {
    const tricks = [
      '/',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2e%2e',
      'a',
      '/',
      '\\',
      '%5c',
      '%2f',
      '@',
      'evil.example',
    ];
    // Every path of up to four pieces: whatever comes out must be a path on this site.
    const paths = (depth: number): string[] =>
      depth === 0 ? [''] : paths(depth - 1).flatMap((p) => tricks.map((t) => p + t));
    for (const path of paths(4)) {
      const result = safeReturnTo(`/${path}`, '/fallback');
      expect(result.startsWith('/'), path).toBe(true);
      expect(result.startsWith('//') || result.startsWith('/\\'), path).toBe(false);
      expect(new URL(result, 'https://portal.example').origin, path).toBe('https://portal.example');
    }
  });
});
