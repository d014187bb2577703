/** The running portal's branding: the store's record of the municipality and the MUNICIPALITY_* settings. */
import { getConfig } from '../config.ts';
import { getMunicipalityDetails } from '../db/municipality.ts';
import { getStore } from '../server/store.ts';
import { cachedBrandingReader, type Branding } from './current.ts';

export { LOGO_PATH, mergeBranding, type Branding } from './current.ts';

let reader: (() => Promise<Branding>) | undefined;

/** The municipality as the header and footer show it, read from the store at most once a minute. */
export function currentBranding(): Promise<Branding> {
  reader ??= cachedBrandingReader(async () => getMunicipalityDetails(await getStore()), getConfig().branding);
  return reader();
}
