// Issue 12's web conventions as pure functions: trailing-slash redirects, canonical and hreflang
// links, descriptions, robots.txt, security.txt (RFC 9116), the sitemap, and the statutory pages'
// facts read from the code that sets cookies and ends sessions.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cookieNames } from '../../src/auth/index.ts';
import { IDLE_MINUTES } from '../../src/auth/sessions.ts';
import { DEVELOPMENT_SECURITY_CONTACT, parseConfig, type Config } from '../../src/config.ts';
import { getTranslator } from '../../src/i18n/translations.ts';
import { LOGIN_COOKIE_MAX_AGE } from '../../src/login/login-pages.ts';
import { trailingSlashRedirect } from '../../src/server/http/addresses.ts';
import { isPublicPath } from '../../src/server/public-pages.ts';
import { descriptionKeyFor, pageLinks, routeOf } from '../../src/site/page-meta.ts';
import { robotsTxt } from '../../src/site/robots.ts';
import { securityTxt, SECURITY_TXT_VALID_DAYS } from '../../src/site/security-txt.ts';
import { sitemapXml } from '../../src/site/sitemap.ts';
import { portalCookies, sessionLimits } from '../../src/statutory/facts.ts';
import { durationText } from '../../src/statutory/format.ts';
import { STATUTORY_PAGES } from '../../src/statutory/pages.ts';

const BASE = new URL('https://indsigt.egebaek.dk');

function config(env: Record<string, string> = {}): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('trailing slashes', () => {
  it('sends /x/ to /x and keeps the query string', () => {
    expect(trailingSlashRedirect('/ai-systemer/')).toBe('/ai-systemer');
    expect(trailingSlashRedirect('/ai-systemer/?area=cash_benefit&q=a/')).toBe(
      '/ai-systemer?area=cash_benefit&q=a/',
    );
    expect(trailingSlashRedirect('/en/ai-systemer/sygefravaer-risiko//')).toBe(
      '/en/ai-systemer/sygefravaer-risiko',
    );
  });

  it('leaves the two front pages and addresses without a trailing slash alone', () => {
    expect(trailingSlashRedirect('/')).toBeUndefined();
    expect(trailingSlashRedirect('/en/')).toBeUndefined();
    expect(trailingSlashRedirect('/?q=x')).toBeUndefined();
    expect(trailingSlashRedirect('/ai-systemer')).toBeUndefined();
    expect(trailingSlashRedirect('/ai-systemer?next=/x/')).toBeUndefined();
    expect(trailingSlashRedirect('/en//')).toBe('/en/');
  });

  it('never redirects to another host', () => {
    expect(trailingSlashRedirect('//evil.example/')).toBe('/evil.example');
    expect(trailingSlashRedirect('///evil.example/x/')).toBe('/evil.example/x');
    expect(trailingSlashRedirect('/\\evil.example/')).toBe('/%5Cevil.example');
    expect(trailingSlashRedirect('//')).toBe('/');
  });
});

describe('canonical address, alternates and description', () => {
  it('gives every page its canonical address without query, and both languages with Danish as x-default', () => {
    expect(pageLinks('/en/ai-systemer', 'en', BASE)).toEqual({
      canonical: 'https://indsigt.egebaek.dk/en/ai-systemer',
      alternates: [
        { hreflang: 'da', href: 'https://indsigt.egebaek.dk/ai-systemer' },
        { hreflang: 'en', href: 'https://indsigt.egebaek.dk/en/ai-systemer' },
        { hreflang: 'x-default', href: 'https://indsigt.egebaek.dk/ai-systemer' },
      ],
    });
    expect(pageLinks('/', 'da', BASE).canonical).toBe('https://indsigt.egebaek.dk/');
    expect(pageLinks('/en', 'en', BASE).canonical).toBe('https://indsigt.egebaek.dk/en/');
    expect(pageLinks('/privatliv/', 'da', BASE).alternates[1]?.href).toBe(
      'https://indsigt.egebaek.dk/en/privatliv',
    );
    expect(routeOf('/en/')).toBe('/');
  });

  it('describes the public and statutory pages each in their own words, every other page by default', () => {
    expect(descriptionKeyFor('/')).toBe('front');
    expect(descriptionKeyFor('/en/ai-systemer')).toBe('register');
    expect(descriptionKeyFor('/ai-systemer/laegeresume')).toBe('notice');
    expect(descriptionKeyFor('/en/tilgaengelighed')).toBe('accessibility');
    expect(descriptionKeyFor('/mine-sager/abc')).toBe('citizen');
    expect(descriptionKeyFor('/logget-ud')).toBe('default');
    for (const locale of ['da', 'en'] as const) {
      const t = getTranslator(locale);
      for (const path of ['/', '/ai-systemer', '/x', ...STATUTORY_PAGES.map((p) => p.path)]) {
        const key = descriptionKeyFor(path);
        const text = t(key, { ns: 'meta' });
        expect(text, `${locale} ${key}`).not.toBe(key);
        expect(text.length, `${locale} ${key}`).toBeLessThanOrEqual(200);
      }
    }
  });
});

describe('robots.txt', () => {
  it('keeps crawlers away from the login addresses and staff pages, and names the sitemap', () => {
    const text = robotsTxt(BASE);
    const disallowed = text
      .split('\n')
      .filter((l) => l.startsWith('Disallow: '))
      .map((l) => l.slice(10));
    expect(disallowed).toEqual(expect.arrayContaining(['/log-ind', '/en/log-ind', '/medarbejder', '/auth/']));
    // Public pages, and the citizen's pages (they redirect to the disallowed login), stay crawlable.
    for (const path of ['/', '/ai-systemer', '/tilgaengelighed', '/mine-sager', '/en/privatliv'])
      expect(
        disallowed.some((d) => path.startsWith(d)),
        path,
      ).toBe(false);
    expect(text).toMatch(/^User-agent: \*$/m);
    expect(text).toContain('Sitemap: https://indsigt.egebaek.dk/sitemap.xml');
  });
});

describe('security.txt', () => {
  it('has Contact, an Expires under a year ahead, Canonical and the preferred languages (RFC 9116)', () => {
    const now = new Date('2026-12-05T23:10:00Z');
    const text = securityTxt({
      contacts: ['mailto:sikkerhed@egebaek.dk', 'https://egebaek.dk/sikkerhed'],
      baseUrl: BASE,
      now,
    });
    const fields = text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]);
    expect(fields).toEqual([
      ['Contact', 'mailto:sikkerhed@egebaek.dk'],
      ['Contact', 'https://egebaek.dk/sikkerhed'],
      ['Expires', '2027-06-03T00:00:00.000Z'],
      ['Canonical', 'https://indsigt.egebaek.dk/.well-known/security.txt'],
      ['Preferred-Languages', 'da, en'],
    ]);
    const expires = new Date(fields[2]![1]!).getTime();
    expect(expires).toBeGreaterThan(now.getTime());
    expect(expires - now.getTime()).toBeLessThan(365 * 86_400_000);
    expect(SECURITY_TXT_VALID_DAYS).toBeLessThan(365);
  });

  it('takes Contact from SECURITY_CONTACT, an e-mail address becoming a mailto: URI, and refuses http', () => {
    expect(config().securityContacts).toEqual([DEVELOPMENT_SECURITY_CONTACT]);
    expect(config({ SECURITY_CONTACT: 'sikkerhed@egebaek.dk' }).securityContacts).toEqual([
      'mailto:sikkerhed@egebaek.dk',
    ]);
    expect(
      config({ SECURITY_CONTACT: 'https://egebaek.dk/sikkerhed, tel:+4599999999' }).securityContacts,
    ).toEqual(['https://egebaek.dk/sikkerhed', 'tel:+4599999999']);
    const bad = parseConfig({ SECURITY_CONTACT: 'http://egebaek.dk/sikkerhed' });
    expect(bad.ok || bad.errors.join()).toMatch(/^SECURITY_CONTACT: /);
  });
});

describe('sitemap.xml', () => {
  it('lists every page in both languages, each with its da, en and x-default alternates', () => {
    const xml = sitemapXml(
      [
        { route: '/' },
        { route: '/ai-systemer/a&b', lastModified: new Date('2026-11-01T10:00:00Z') },
        { route: '/om' },
      ],
      BASE,
    );
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      urlset: {
        xmlns: string;
        url: { loc: string; lastmod?: string; 'xhtml:link': { hreflang: string; href: string }[] }[];
      };
    };
    expect(parsed.urlset.xmlns).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    const urls = parsed.urlset.url;
    expect(urls.map((u) => u.loc)).toEqual([
      'https://indsigt.egebaek.dk/',
      'https://indsigt.egebaek.dk/en/',
      'https://indsigt.egebaek.dk/ai-systemer/a&b',
      'https://indsigt.egebaek.dk/en/ai-systemer/a&b',
      'https://indsigt.egebaek.dk/om',
      'https://indsigt.egebaek.dk/en/om',
    ]);
    expect(xml).toContain('<loc>https://indsigt.egebaek.dk/ai-systemer/a&amp;b</loc>');
    expect(urls[3]?.lastmod).toBe('2026-11-01T10:00:00.000Z');
    for (const url of urls)
      expect(url['xhtml:link'].map((l) => l.hreflang)).toEqual(['da', 'en', 'x-default']);
    expect(urls[5]?.['xhtml:link'][2]?.href).toBe('https://indsigt.egebaek.dk/om');
  });
});

describe('the statutory pages', () => {
  it('are public pages a browser and the page cache may keep, in both languages', () => {
    for (const { path } of STATUTORY_PAGES) expect(isPublicPath(path), path).toBe(true);
    for (const path of ['/robots.txt', '/sitemap.xml', '/.well-known/security.txt'])
      expect(isPublicPath(path), path).toBe(true);
    expect(isPublicPath('/omx')).toBe(false);
  });

  it('list exactly the cookies the login code sets, with the lifetimes it gives them', () => {
    const development = config();
    expect(portalCookies(development)).toEqual([
      { name: cookieNames(development).session, purpose: 'session', lifetime: { kind: 'browser_session' } },
      {
        name: cookieNames(development).login,
        purpose: 'login',
        lifetime: { kind: 'minutes', minutes: LOGIN_COOKIE_MAX_AGE / 60 },
      },
    ]);
    expect(portalCookies(development).map((c) => c.name)).toEqual(['indsigt_session', 'indsigt_login']);
  });

  it('state the session limits the code enforces', () => {
    expect(
      sessionLimits(config({ SESSION_ABSOLUTE_MINUTES: '90', REPRESENTATION_MAX_AGE_MINUTES: '30' })),
    ).toEqual({
      citizenIdleMinutes: IDLE_MINUTES.citizen,
      staffIdleMinutes: IDLE_MINUTES.staff,
      absoluteMinutes: 90,
      representationMinutes: 30,
    });
  });

  it('say durations in words, whole hours as hours', () => {
    expect(durationText(480, getTranslator('da'))).toBe('8 timer');
    expect(durationText(60, getTranslator('en'))).toBe('1 hour');
    expect(durationText(90, getTranslator('da'))).toBe('90 minutter');
    expect(durationText(1, getTranslator('en'))).toBe('1 minute');
  });
});
