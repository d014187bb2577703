import { describe, expect, it } from 'vitest';
import { openJson } from '../../src/register/open-data-routes.ts';

describe('an open JSON document', () => {
  it('is data any site may fetch, not kept by caches unless asked', async () => {
    const response = openJson({ a: 1 });
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Cache-Control')).toBeNull();
    expect(await response.json()).toEqual({ a: 1 });
  });

  it('is a JSON Schema with its cache lifetime when it describes one', () => {
    const response = openJson({}, { schema: true, maxAgeSeconds: 3600 });
    expect(response.headers.get('Content-Type')).toBe('application/schema+json; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe('public, max-age=3600');
  });
});
