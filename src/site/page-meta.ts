/**
 * What every page's <head> says about the page itself (issue 12, web conventions): its canonical
 * address, the same page in the other language (`hreflang`, with Danish as `x-default`), and which
 * translated description it carries. Pure: the layout's HeadMeta component renders the result.
 */
import { LOCALES, localizedPath, stripLocale, type Locale } from '../i18n/locales.ts';

export interface Alternate {
  /** `da`, `en` or `x-default` (the Danish page: the portal's default language). */
  readonly hreflang: string;
  readonly href: string;
}

export interface PageLinks {
  readonly canonical: string;
  readonly alternates: readonly Alternate[];
}

/** The route without its language prefix and without trailing slashes (`/` stays `/`). */
export function routeOf(pathname: string): string {
  const route = stripLocale(pathname).replace(/\/+$/, '');
  return route === '' ? '/' : route;
}

/**
 * The canonical address of the page at `pathname` in `locale`, and its alternates in every language.
 * The query string is never part of it: a filtered register list is the same page as the list.
 */
export function pageLinks(pathname: string, locale: Locale, baseUrl: URL): PageLinks {
  const route = routeOf(pathname);
  const href = (l: Locale): string => new URL(localizedPath(route, l), baseUrl).href;
  return {
    canonical: href(locale),
    alternates: [
      ...LOCALES.map((l) => ({ hreflang: l, href: href(l) })),
      { hreflang: 'x-default', href: href('da') },
    ],
  };
}

/** Pages with a description of their own (meta.json); every other page has `meta.default`. */
const DESCRIBED: readonly (readonly [RegExp, string])[] = [
  [/^\/$/, 'front'],
  [/^\/ai-systemer$/, 'register'],
  [/^\/ai-systemer\/[^/]+$/, 'notice'],
  [/^\/tilgaengelighed$/, 'accessibility'],
  [/^\/privatliv$/, 'privacy'],
  [/^\/cookies$/, 'cookies'],
  [/^\/om$/, 'about'],
  [/^\/(mine-sager|mine-anmodninger|min-log)(\/|$)/, 'citizen'],
  [/^\/medarbejder(\/|$)/, 'staff'],
];

/** The key in the `meta` namespace of the description of the page at `pathname`. */
export function descriptionKeyFor(pathname: string): string {
  const route = routeOf(pathname);
  return DESCRIBED.find(([pattern]) => pattern.test(route))?.[1] ?? 'default';
}
