/** The municipality's logo for the page header (src/branding/): the file MUNICIPALITY_LOGO_SVG names, or the default. */
import { readFile } from 'node:fs/promises';
import type { APIRoute } from 'astro';
import { DEFAULT_LOGO_SVG } from '../branding/default-logo.ts';
import { getConfig } from '../config.ts';
import { methodNotAllowed } from '../server/endpoint.ts';

let logo: Promise<string> | undefined;

export const GET: APIRoute = async () => {
  const path = getConfig().branding.logoSvgPath;
  logo ??= path === undefined ? Promise.resolve(DEFAULT_LOGO_SVG) : readFile(path, 'utf8');
  return new Response(await logo, {
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      // An SVG can hold script: never run any, even when the file is opened on its own.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
};

export const ALL = methodNotAllowed(['GET']);
