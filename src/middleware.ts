/**
 * Per request: the language and translator, the CSRF origin check, the session, and the security
 * and caching headers on the response. Nothing else happens here.
 *
 * Every page exists once, at its Danish path; `/en/...` renders the same page in English (the
 * language is set here, then `next(path)` renders the Danish route without running this again).
 *
 * Two steps in a `sequence`: a rewrite made by `next(path)` inside a sequence updates the context
 * (params, URL, route pattern) that the next step and the route are given. A lone middleware's
 * rewrite does not: an endpoint was called with the params of the address asked for, so every
 * English `/en/mine-sager/[id]/data.json` answered 404 (withastro/astro#11932, #14107).
 */
import { defineMiddleware, sequence } from 'astro:middleware';
import { cookieNames, cookieOptions, readSession } from './auth/index.ts';
import { getConfig } from './config.ts';
import { localeFromPath, stripLocale } from './i18n/locales.ts';
import { getTranslator } from './i18n/translations.ts';
import { casePageCache } from './cases/page-cache.ts';
import { recordRepresentativeAction } from './representation/actions.ts';
import { resolveRepresentation, rightFor } from './representation/representation.ts';
import { log } from './server/log.ts';
import { reportRoutePattern } from './server/route-report.ts';
import { isSameOriginOrSafe } from './server/origin-check.ts';
import { cacheControlFor } from './server/public-pages.ts';
import { securityHeadersFor } from './server/security-headers.ts';
import { getStore } from './server/store.ts';
import { checkRequestBody } from './server/control-characters.ts';
import { controlCharactersJson, isJsonRoute, storeUnavailableJson } from './server/fail-safe.ts';
import { isStoreUnavailable } from './db/db.ts';

/** The representative's own actions (choosing whom to act for, logging out): never on someone's behalf. */
const ACTOR_OWN = /^\/(fuldmagt(\/|$)|log-ud$|logget-ud$|auth\/)/;
/** Pages that show a citizen's own data: what a representative reads or does there is logged. */
const CITIZEN_DATA = /^\/(mine-sager|mine-anmodninger|min-log)(\/|$)/;

/** Requests that never need a session. */
const SESSIONLESS = /^\/(healthz|readyz|api\/|\.well-known\/|auth\/(staff\/)?backchannel-logout)/;

/** Whether the request came with a live session (set inside sessionThenPage, read after it). */
function hasSession(locals: App.Locals): boolean {
  return locals.citizen !== undefined || locals.staff !== undefined;
}

const languageSessionAndHeaders = defineMiddleware(async (context, next) => {
  const config = getConfig();
  const { pathname } = context.url;
  context.locals.locale = localeFromPath(pathname);
  context.locals.t = getTranslator(context.locals.locale);
  context.locals.citizen = undefined;
  context.locals.staff = undefined;
  context.locals.sessionToken = undefined;
  context.locals.sessionExpired = false;
  context.locals.representative = undefined;
  context.locals.representationRefused = undefined;
  context.locals.casePageKey = undefined;

  let response: Response;
  if (!isSameOriginOrSafe(context.request, pathname, config.publicBaseUrl.origin)) {
    log.warn('cross-site request refused', { method: context.request.method, path: pathname });
    // next(path) renders that page in place without running this middleware again.
    response = await next('/handling-stoppet');
  } else {
    try {
      response = await sessionThenPage();
    } catch (error) {
      if (error instanceof URIError) {
        // A path that decodes at the edge but not when rendered (an escaped escape): the 400 page.
        response = await next('/ugyldig-adresse');
      } else if (isStoreUnavailable(error)) {
        // A store that is down or stalled is answered 503 within the store's time limits, never
        // 500; the next request tries the store again, so the portal recovers without a restart.
        log.warn('audit store unavailable', {
          path: pathname,
          error: error instanceof Error ? error.message : String(error),
        });
        response = isJsonRoute(pathname) ? storeUnavailableJson() : await next('/utilgaengelig');
      } else {
        throw error;
      }
    }
  }

  async function sessionThenPage(): Promise<Response> {
    // Before any route parses the body: a NUL or control character is refused here, for every form
    // and every JSON body alike (src/server/control-characters.ts).
    const body = await checkRequestBody(context.request);
    if (!body.ok) {
      log.warn('control characters in request body refused', {
        path: pathname,
        fields: body.kind === 'form' ? body.fields : [],
      });
      return body.kind === 'json' || isJsonRoute(pathname) ? controlCharactersJson() : next('/ugyldigt-tegn');
    }
    if (!SESSIONLESS.test(pathname)) {
      const names = cookieNames(config);
      const token = context.cookies.get(names.session)?.value;
      const lookup = await readSession(await getStore(), token);
      if (lookup.status === 'active') {
        context.locals.sessionToken = token;
        if (lookup.data.kind === 'citizen') context.locals.citizen = lookup.data;
        else context.locals.staff = lookup.data;
        const route = stripLocale(pathname);
        if (lookup.data.kind === 'citizen' && lookup.data.actingFor && !ACTOR_OWN.test(route)) {
          // Power of attorney: checked on every request against the session's sealed claim data.
          const right = rightFor(context.request.method, route);
          const resolved = resolveRepresentation(lookup.data, right, {
            secret: config.sessionSecret,
            maxAgeMinutes: config.representationMaxAgeMinutes,
          });
          if (resolved.kind === 'acting') {
            context.locals.citizen = resolved.subject;
            context.locals.representative = resolved.representative;
            // Reading is logged here; filing a request is logged with the request it files.
            if (right === 'read' && CITIZEN_DATA.test(route)) {
              await recordRepresentativeAction(await getStore(), {
                grantorCpr: resolved.subject.cpr,
                actorName: resolved.representative.actorName,
                actorPseudonym: resolved.representative.actorPseudonym,
                action: 'read',
                path: route,
              });
            }
          } else if (resolved.kind === 'refused') {
            context.locals.representationRefused = resolved.reason;
          }
        }
      } else if (lookup.status === 'expired') {
        context.locals.sessionExpired = true;
        context.cookies.delete(names.session, cookieOptions(config));
      }
    }
    const english = context.locals.locale === 'en';
    // Nothing of the other person's is shown: the refusal page explains, in place of the page asked for.
    if (context.locals.representationRefused) return next('/fuldmagt/afvist');
    return english ? next(`${stripLocale(pathname)}${context.url.search}`) : next();
  }

  for (const [name, value] of Object.entries(securityHeadersFor(config))) response.headers.set(name, value);
  // Pages may show personal data: never stored by the browser or a proxy, so the back button
  // after logout shows nothing private. Public pages seen without a session are the exception
  // (src/server/public-pages.ts). Built assets under /_astro/ are served before middleware
  // (src/server/http/static-files.ts, which gives them their own headers).
  if (!response.headers.has('Cache-Control'))
    response.headers.set(
      'Cache-Control',
      cacheControlFor({
        pathname: stripLocale(pathname),
        status: response.status,
        loggedIn: hasSession(context.locals),
        setsCookie: response.headers.has('Set-Cookie') || [...context.cookies.headers()].length > 0,
        maxAgeSeconds: config.publicCacheSeconds,
      }),
    );
  return response;
});

/**
 * The second step sees the route that renders (after the English rewrite): its pattern goes to the
 * front server's metrics and access log (src/server/route-report.ts), never the path.
 */
const reportRoute = defineMiddleware((context, next) => {
  reportRoutePattern(`${context.locals.locale === 'en' ? '/en' : ''}${context.routePattern}`);
  return next();
});

/**
 * The third step sees the page's own response: a case page rendered to be kept (the page set
 * `casePageKey`, src/cases/page-cache.ts) is kept, before the first step adds the headers that every
 * response gets, copy or render alike.
 */
const keepCasePage = defineMiddleware(async (context, next) => {
  const response = await next();
  const key = context.locals.casePageKey;
  return key ? casePageCache.keep(key, response) : response;
});

export const onRequest = sequence(languageSessionAndHeaders, reportRoute, keepCasePage);
