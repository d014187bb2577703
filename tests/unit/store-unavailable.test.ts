// A store outage is recognised whichever copy of src/db/db.ts made the error: scripts/serve.ts runs
// the source modules and the built server its own bundle, sharing one store handle.
import { describe, expect, it } from 'vitest';
import { isStoreUnavailable, StoreUnavailableError } from '../../src/db/db.ts';

describe('isStoreUnavailable', () => {
  it('recognises the error from another copy of the module, and as a cause', async () => {
    // A query string makes Vite load a second, separate instance of the module, as the bundle is.
    const copy: string = '../../src/db/db.ts?another-copy';
    const other = (await import(copy)) as typeof import('../../src/db/db.ts');
    expect(other.StoreUnavailableError).not.toBe(StoreUnavailableError);
    const foreign = new other.StoreUnavailableError('ECONNREFUSED');
    expect(foreign instanceof StoreUnavailableError).toBe(false);
    expect(isStoreUnavailable(foreign)).toBe(true);
    expect(isStoreUnavailable(new Error('render failed', { cause: foreign }))).toBe(true);
  });

  it('does not take other errors for an outage', () => {
    expect(isStoreUnavailable(new Error('the audit store is unavailable: no'))).toBe(false);
    expect(isStoreUnavailable('StoreUnavailableError')).toBe(false);
  });
});
