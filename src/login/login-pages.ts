/**
 * The work behind the login, callback and logout pages, kept out of the .astro files so each page
 * is a few lines: parse, call, answer.
 */
import type { AstroCookies } from 'astro';
import { z } from 'zod';
import {
  beginLogin,
  completeLogin,
  cookieNames,
  cookieOptions,
  createSession,
  destroySession,
  endSessionUrl,
  LOGIN_TRANSACTION_SECONDS,
  relyingParty,
  safeReturnTo,
  signValue,
  verifySignedValue,
  type LoginError,
  type LoginTransaction,
} from '../auth/index.ts';
import type { SessionData } from '../auth/session-types.ts';
import { getConfig, type Config } from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { localizedPath, type Locale } from '../i18n/locales.ts';
import { log } from '../server/log.ts';
import { getStore } from '../server/store.ts';
import { logins } from '../server/metrics.ts';

export const LOGIN_COOKIE_MAX_AGE = LOGIN_TRANSACTION_SECONDS;

const transactionSchema = z.object({
  kind: z.enum(['citizen', 'staff']),
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(1),
  returnTo: z.string().startsWith('/'),
  locale: z.enum(['da', 'en']),
  expiresAt: z.number().int(),
});

/** The cookie operations the login pages use: Astro's cookies, or a small jar in tests. */
export interface LoginCookies {
  get(name: string): { readonly value: string } | undefined;
  set(name: string, value: string, options: Parameters<AstroCookies['set']>[2]): void;
  delete(name: string, options: Parameters<AstroCookies['delete']>[1]): void;
}

/** What the login pages depend on; the server's own by default, a test's configuration and store in tests. */
export interface LoginDependencies {
  readonly config: Config;
  readonly store: () => Promise<Queryable>;
}

const serverDependencies = (): LoginDependencies => ({ config: getConfig(), store: getStore });

export type PageAnswer = { redirect: string } | { error: LoginError };

/** Starts a login: remembers the transaction in a signed cookie and sends the browser to the IdP. */
export async function startLogin(
  kind: 'citizen' | 'staff',
  cookies: LoginCookies,
  options: { returnTo: string | null; locale: Locale },
  { config }: LoginDependencies = serverDependencies(),
): Promise<PageAnswer> {
  const fallback = localizedPath(kind === 'citizen' ? '/mine-sager' : '/medarbejder', options.locale);
  const begun = await beginLogin(relyingParty(kind, config), {
    returnTo: safeReturnTo(options.returnTo, fallback),
    locale: options.locale,
  });
  if (!begun.ok) {
    log.warn('login could not start', { kind, reason: begun.error });
    return { error: begun.error };
  }
  cookies.set(cookieNames(config).login, signValue(begun.transaction, config.sessionSecret), {
    ...cookieOptions(config),
    maxAge: LOGIN_COOKIE_MAX_AGE,
  });
  return { redirect: begun.url.href };
}

/**
 * Finishes a login at the callback. On success the old session (citizen or staff) is ended and a
 * new one started with a new id, so one browser never holds both kinds at once.
 */
export async function finishLogin(
  kind: 'citizen' | 'staff',
  cookies: LoginCookies,
  requestUrl: URL,
  currentSessionToken: string | undefined,
  { config, store }: LoginDependencies = serverDependencies(),
): Promise<PageAnswer & { locale?: Locale }> {
  const names = cookieNames(config);
  const parsed = transactionSchema.safeParse(
    verifySignedValue(cookies.get(names.login)?.value, config.sessionSecret),
  );
  cookies.delete(names.login, cookieOptions(config));
  const transaction: LoginTransaction | undefined = parsed.success ? parsed.data : undefined;
  const settings = relyingParty(kind, config);
  // The callback is judged against the registered redirect URI, whatever host the proxy used.
  const callbackUrl = new URL(settings.redirectUri);
  callbackUrl.search = requestUrl.search;
  const db = await store();
  const outcome = await completeLogin(settings, transaction, callbackUrl, db);
  const locale = transaction?.locale ?? 'da';
  if (!outcome.ok) {
    log.warn('login refused', { kind, reason: outcome.error });
    logins.inc({ kind, result: outcome.error });
    return { error: outcome.error, locale };
  }
  await destroySession(db, currentSessionToken);
  const token = await createSession(db, outcome.session, {
    idpSid: outcome.idpSid,
    absoluteMinutes: config.sessionAbsoluteMinutes,
  });
  cookies.set(names.session, token, cookieOptions(config));
  logins.inc({ kind, result: 'ok' });
  log.info('login', {
    kind,
    who: outcome.session.kind === 'citizen' ? outcome.session.pseudonym : outcome.session.staffId,
  });
  // Someone holding powers of attorney first chooses whom to act for (themself is one choice).
  if (outcome.session.kind === 'citizen' && outcome.session.powers.length > 0) {
    return { redirect: localizedPath('/fuldmagt', locale), locale };
  }
  // Judged again on the way out (the cookie is signed, but the rule is cheap and must never be skipped).
  const fallback = localizedPath(kind === 'citizen' ? '/mine-sager' : '/medarbejder', locale);
  return { redirect: safeReturnTo(transaction?.returnTo, fallback), locale };
}

/** Ends the session here and returns where to end it at the IdP (RP-initiated logout). */
export async function logout(
  cookies: AstroCookies,
  session: SessionData | undefined,
  token: string | undefined,
  locale: Locale,
): Promise<string> {
  const config = getConfig();
  await destroySession(await getStore(), token);
  cookies.delete(cookieNames(config).session, cookieOptions(config));
  const loggedOut = `${config.publicBaseUrl.origin}${localizedPath('/logget-ud', locale)}`;
  if (!session) return loggedOut;
  const url = await endSessionUrl(relyingParty(session.kind, config), loggedOut);
  return url?.href ?? loggedOut;
}
