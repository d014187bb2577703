/**
 * sitemap.xml (src/site/sitemap.ts): the front page, the register and each published notice, and the
 * statutory pages, in Danish and English.
 */
import type { APIRoute } from 'astro';
import { getConfig } from '../config.ts';
import { listPublishedNotices } from '../db/notices.ts';
import { methodNotAllowed } from '../server/endpoint.ts';
import { getStore } from '../server/store.ts';
import { sitemapXml } from '../site/sitemap.ts';
import { STATUTORY_PAGES } from '../statutory/pages.ts';

export const GET: APIRoute = async () => {
  const notices = await listPublishedNotices(await getStore());
  const pages = [
    { route: '/' },
    { route: '/ai-systemer' },
    ...notices.map((n) => ({ route: `/ai-systemer/${n.slug}`, lastModified: n.latest.publishedAt })),
    ...STATUTORY_PAGES.map((p) => ({ route: p.path })),
  ];
  return new Response(sitemapXml(pages, getConfig().publicBaseUrl), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
};

export const ALL = methodNotAllowed(['GET']);
