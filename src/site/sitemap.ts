/**
 * sitemap.xml (sitemaps.org 0.9) of the public pages in both languages, each with its alternates
 * (`xhtml:link rel="alternate" hreflang`, Google's way of pairing translations). Pure.
 */
import { LOCALES, localizedPath, type Locale } from '../i18n/locales.ts';

export interface SitemapPage {
  /** The Danish route: `/`, `/ai-systemer`, `/ai-systemer/<slug>`, ... */
  readonly route: string;
  readonly lastModified?: Date | undefined;
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The sitemap of `pages` under `baseUrl`: one <url> per page and language. */
export function sitemapXml(pages: readonly SitemapPage[], baseUrl: URL): string {
  const href = (route: string, locale: Locale): string => new URL(localizedPath(route, locale), baseUrl).href;
  const urls = pages.flatMap((page) =>
    LOCALES.map((locale) => {
      const alternates = [
        ...LOCALES.map((l) => [l, href(page.route, l)] as const),
        ['x-default', href(page.route, 'da')] as const,
      ].map(([lang, url]) => `    <xhtml:link rel="alternate" hreflang="${lang}" href="${escapeXml(url)}"/>`);
      return [
        '  <url>',
        `    <loc>${escapeXml(href(page.route, locale))}</loc>`,
        ...(page.lastModified ? [`    <lastmod>${page.lastModified.toISOString()}</lastmod>`] : []),
        ...alternates,
        '  </url>',
      ].join('\n');
    }),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}
