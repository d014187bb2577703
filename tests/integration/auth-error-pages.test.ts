import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import AuthError from '../../src/components/AuthError.astro';
import { getTranslator } from '../../src/i18n/translations.ts';

const locals = (locale: 'da' | 'en') => ({
  locale,
  t: getTranslator(locale),
  citizen: undefined,
  staff: undefined,
  sessionToken: undefined,
  sessionExpired: false,
});

describe('the page for each login and session failure', () => {
  let container: AstroContainer;
  beforeAll(async () => {
    container = await AstroContainer.create();
  });

  it.each([
    ['idp_unreachable', 502, 'Login is not working right now', true],
    ['cancelled', 401, 'You cancelled the login', true],
    ['state_mismatch', 400, 'We could not complete your login', true],
    ['invalid_response', 400, 'We could not complete your login', true],
    ['level_too_low', 403, 'Your login is not secure enough', true],
    ['session_expired', 401, 'You have been logged out', true],
    ['no_role', 403, 'You do not have access', false],
    ['cross_site', 403, 'The action was stopped', false],
  ] as const)(
    '%s answers %i with a translated page and a way back',
    async (reason, status, heading, canRetry) => {
      const response = await container.renderToResponse(AuthError, {
        props: { reason },
        locals: locals('en'),
        request: new Request('http://localhost/en/x'),
      });
      expect(response.status).toBe(status);
      const html = await response.text();
      expect(html).toMatch(new RegExp(`<h1[^>]*>${heading}</h1>`));
      expect(html).toContain('href="/en/"');
      expect(html.includes('Log in again')).toBe(canRetry);
      expect(html).not.toMatch(/Error:|at .*\.(ts|js):\d+/);
    },
  );

  it('is in Danish on Danish pages', async () => {
    const response = await container.renderToResponse(AuthError, {
      props: { reason: 'level_too_low' },
      locals: locals('da'),
    });
    expect(await response.text()).toMatch(/<h1[^>]*>Dit login er ikke sikkert nok<\/h1>/);
  });
});
