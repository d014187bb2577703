/**
 * The municipality as every page's header and footer show it (issue 12, design system): its name,
 * logo, address, CVR number, contact and own website. The MUNICIPALITY_* settings win over the store's
 * record, field by field, so a municipality can brand the portal without touching the audit store.
 */
import type { BrandingSettings } from '../config.ts';
import type { MunicipalityDetails } from '../db/municipality.ts';

/** Where pages load the logo from (src/pages/logo.svg.ts serves the configured or the default one). */
export const LOGO_PATH = '/logo.svg';

export interface Branding {
  /** Undefined: neither the store nor the configuration names the municipality (an empty store). */
  readonly name: string | undefined;
  readonly logoUrl: string;
  readonly address: string | undefined;
  readonly cvr: string | undefined;
  readonly phone: string | undefined;
  readonly email: string | undefined;
  readonly websiteUrl: string | undefined;
}

const present = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

/** The branding from the store's record and the settings; a setting wins where it is set. */
export function mergeBranding(stored: MunicipalityDetails | null, settings: BrandingSettings): Branding {
  return {
    name: settings.name ?? present(stored?.name),
    logoUrl: LOGO_PATH,
    address: settings.address ?? present(stored?.address),
    cvr: settings.cvr ?? present(stored?.cvr),
    phone: settings.phone ?? present(stored?.contactPhone),
    email: settings.email ?? present(stored?.contactEmail),
    websiteUrl: settings.websiteUrl ?? present(stored?.websiteUrl),
  };
}

/** How long a read of the store's record is reused: the header is on every page. */
const CACHE_MS = 60_000;
/** After a failed read, how long pages use what they have before asking the store again. */
const RETRY_MS = 10_000;

/**
 * A reader that asks the store at most once a minute. When the store cannot answer (the fail-safe
 * pages use the same layout), it answers with the last record it had, or the settings alone, at once.
 */
export function cachedBrandingReader(
  readStored: () => Promise<MunicipalityDetails | null>,
  settings: BrandingSettings,
  now: () => number = Date.now,
): () => Promise<Branding> {
  let stored: MunicipalityDetails | null = null;
  let validUntil = 0;
  let pending: Promise<void> | undefined;
  return async () => {
    if (now() >= validUntil) {
      pending ??= readStored()
        .then(
          (record) => {
            stored = record;
            validUntil = now() + CACHE_MS;
          },
          () => {
            validUntil = now() + RETRY_MS;
          },
        )
        .finally(() => {
          pending = undefined;
        });
      await pending;
    }
    return mergeBranding(stored, settings);
  };
}
