import { describe, expect, it } from 'vitest';
import { cachedBrandingReader, mergeBranding } from '../../src/branding/current.ts';
import { parseConfig, type BrandingSettings } from '../../src/config.ts';
import type { MunicipalityDetails } from '../../src/db/municipality.ts';
import { languageSwitchHref } from '../../src/i18n/locales.ts';

const stored: MunicipalityDetails = {
  code: '999',
  name: 'Egebæk Kommune',
  address: 'Rådhuspladsen 1, 9999 Egebæk',
  contactEmail: 'jobcenter@egebaek.example.dk',
  contactPhone: '+45 99 99 99 99',
  dpoName: 'Hanne Lund',
  dpoEmail: 'dpo@egebaek.example.dk',
  cvr: '',
  websiteUrl: 'https://egebaek.example.dk',
};

const unset: BrandingSettings = {
  name: undefined,
  logoSvgPath: undefined,
  cvr: undefined,
  websiteUrl: undefined,
  address: undefined,
  phone: undefined,
  email: undefined,
};

describe('municipality branding', () => {
  it('shows the store’s record where nothing is configured, and leaves out what is empty', () => {
    const branding = mergeBranding(stored, unset);
    expect(branding).toMatchObject({
      name: 'Egebæk Kommune',
      address: 'Rådhuspladsen 1, 9999 Egebæk',
      phone: '+45 99 99 99 99',
      email: 'jobcenter@egebaek.example.dk',
      websiteUrl: 'https://egebaek.example.dk',
      logoUrl: '/logo.svg',
    });
    expect(branding.cvr).toBeUndefined();
  });

  it('a MUNICIPALITY_* setting wins over the store, field by field', () => {
    const parsed = parseConfig({
      MUNICIPALITY_NAME: 'Nordby Kommune',
      MUNICIPALITY_CVR: '12345678',
      MUNICIPALITY_URL: 'https://nordby.example.dk',
      MUNICIPALITY_LOGO_SVG: '/etc/indsigt/nordby.svg',
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const branding = mergeBranding(stored, parsed.config.branding);
    expect(branding.name).toBe('Nordby Kommune');
    expect(branding.cvr).toBe('12345678');
    expect(branding.websiteUrl).toBe('https://nordby.example.dk');
    expect(branding.address).toBe(stored.address);
    expect(parsed.config.branding.logoSvgPath).toBe('/etc/indsigt/nordby.svg');
  });

  it('names each bad branding setting', () => {
    const parsed = parseConfig({
      MUNICIPALITY_CVR: '1234',
      MUNICIPALITY_URL: 'ftp://x',
      MUNICIPALITY_LOGO_SVG: 'logo.png',
      MUNICIPALITY_EMAIL: 'not-an-address',
      MUNICIPALITY_PHONE: 'call us',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.split(':')[0]).sort()).toEqual([
      'MUNICIPALITY_CVR',
      'MUNICIPALITY_EMAIL',
      'MUNICIPALITY_LOGO_SVG',
      'MUNICIPALITY_PHONE',
      'MUNICIPALITY_URL',
    ]);
  });

  it('reads the store once a minute, and keeps the last record when the store cannot answer', async () => {
    let now = 0;
    let reads = 0;
    let down = false;
    const read = cachedBrandingReader(
      () => {
        reads += 1;
        return down ? Promise.reject(new Error('store down')) : Promise.resolve(stored);
      },
      unset,
      () => now,
    );
    expect((await read()).name).toBe('Egebæk Kommune');
    now = 30_000;
    await read();
    expect(reads).toBe(1);
    now = 61_000;
    down = true;
    expect((await read()).name).toBe('Egebæk Kommune');
    expect(reads).toBe(2);
    // After a failure it waits before asking again: error pages do not each wait for the store.
    now = 65_000;
    await read();
    expect(reads).toBe(2);
  });

  it('with an empty store and no settings, names no municipality', async () => {
    const read = cachedBrandingReader(() => Promise.resolve(null), unset);
    expect((await read()).name).toBeUndefined();
  });
});

describe('the language switch', () => {
  it('keeps the query string, on the same page in the other language', () => {
    expect(languageSwitchHref('/ai-systemer', '?q=tale&side=2', 'en')).toBe('/en/ai-systemer?q=tale&side=2');
    expect(languageSwitchHref('/en/ai-systemer', '?q=speech', 'da')).toBe('/ai-systemer?q=speech');
    expect(languageSwitchHref('/', '', 'en')).toBe('/en/');
    expect(languageSwitchHref('/en/', '?', 'da')).toBe('/');
    expect(languageSwitchHref('/mine-sager/x/anmod/', '?type=objection', 'en')).toBe(
      '/en/mine-sager/x/anmod?type=objection',
    );
  });
});
