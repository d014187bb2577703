/** Sets the language and translator for the request, and the security headers on the response. */
import { defineMiddleware } from 'astro:middleware';
import { getConfig } from './config.ts';
import { localeFromPath } from './i18n/locales.ts';
import { getTranslator } from './i18n/translations.ts';
import { securityHeaders } from './server/security-headers.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.locale = localeFromPath(context.url.pathname);
  context.locals.t = getTranslator(context.locals.locale);
  context.locals.citizen = undefined;
  context.locals.staff = undefined;
  const response = await next();
  const isHttps = getConfig().publicBaseUrl.protocol === 'https:';
  for (const [name, value] of Object.entries(securityHeaders(isHttps))) response.headers.set(name, value);
  return response;
});
