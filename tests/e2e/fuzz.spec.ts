/**
 * Fuzzing every route and form of the built server (issue 10): at least 10,000 generated requests,
 * anonymous, as a logged-in citizen, as a logged-in member of staff (front desk and publisher), and
 * to the API, with hostile paths, query strings, methods and bodies (NUL and control characters, bad
 * %-escapes, huge values, wrong types, other people's and unknown ids). Not one may answer >= 500.
 * The generator is seeded (FUZZ_SEED, default below), so a failure names the seed and request and
 * reproduces.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createRandom, type Random } from '../../src/demo/random.ts';
import { PORT } from '../../playwright.config.ts';
import { loginAsCitizen, loginAsStaff } from './helpers.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261123);
const ORIGIN = `http://localhost:${String(PORT)}`;

const NASTY = [
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m',
  '\u007f\u0085\u009b',
  '\t\n\r',
  '%00',
  '%zz',
  '%25zz',
  '%E0%A4%A',
  '%C0%AF',
  '../../etc/passwd',
  '/.//evil.example',
  '\\\\evil',
  "' or 1=1 --",
  '"; drop table audit.case; --',
  '<script>alert(1)</script>',
  '{{constructor.constructor("x")()}}',
  '${7*7}',
  '0101600006',
  '010160-0006',
  '9999990000',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '-1',
  '1e309',
  'NaN',
  'true',
  '[]',
  '{}',
  '😀',
  'Æøå ÆØÅ',
  '\ud800',
  '\ufeff',
  '',
  ' ',
];

function nasty(rng: Random): string {
  const kind = rng.int(0, 5);
  if (kind === 0) return 'x'.repeat(rng.int(1000, 5000));
  if (kind === 1)
    return Array.from({ length: rng.int(1, 40) }, () => String.fromCharCode(rng.int(0, 0x2ff))).join('');
  if (kind === 2) return `${rng.pick(NASTY)}${rng.pick(NASTY)}`;
  return rng.pick(NASTY);
}

/** A path segment that may be percent-escaped badly. */
function segment(rng: Random, real: readonly string[]): string {
  if (real.length > 0 && rng.chance(0.5)) return rng.pick(real);
  const raw = nasty(rng).slice(0, 200);
  if (rng.chance(0.3)) return raw.replace(/[^A-Za-z0-9%._-]/g, '') || '%';
  // Raw: printable ASCII only, as a request target allows; bad %-escapes stay in. Never empty, so
  // a path never starts with "//" (which a client reads as another host).
  return (
    (rng.chance(0.5)
      ? encodeURIComponent(raw.replace(/[\ud800-\udfff]/g, ''))
      : raw.replace(/[^\x21-\x7e]|[/?#\\]/g, '')) || 'x'
  );
}

interface Target {
  readonly path: (rng: Random) => string;
  readonly fields: readonly string[];
}

function targets(ids: { cases: string[]; slugs: string[]; systems: string[] }): Target[] {
  const id = (rng: Random, real: readonly string[]): string => segment(rng, real);
  const publisherFields = [
    'action',
    'systemId',
    'da.purpose',
    'en.purpose',
    'da.name',
    'caseAreas',
    'dataCategories',
    'legalBasis.reference',
    'legalBasis.url',
    'supplier',
    'dpiaDate',
    'inUseSince',
    'retiredOn',
    'contact.email',
    'changeSummary.da',
    'changeSummary.en',
    'lifecycleStatus',
    'risks.0.da.risk',
    'risks.99.en.mitigation',
    'impactAssessments.0.url',
    'impactAssessments.0.date',
    'seniorResponsibleOwner.name',
    'technicalDocumentationUrl',
    'appealUrl',
  ];
  return [
    { path: () => '/', fields: [] },
    { path: () => '/ai-systemer', fields: ['q', 'area', 'kind', 'status'] },
    { path: (r) => `/ai-systemer/${id(r, ids.slugs)}`, fields: [] },
    { path: () => '/log-ind', fields: ['returnTo'] },
    { path: () => '/medarbejder/log-ind', fields: ['returnTo'] },
    { path: () => '/logget-ud', fields: [] },
    { path: () => '/auth/callback', fields: ['code', 'state', 'iss', 'error'] },
    { path: () => '/auth/staff/callback', fields: ['code', 'state', 'iss', 'error'] },
    { path: () => '/auth/backchannel-logout', fields: ['logout_token'] },
    { path: () => '/auth/staff/backchannel-logout', fields: ['logout_token'] },
    { path: () => '/mine-sager', fields: [] },
    { path: (r) => `/mine-sager/${id(r, ids.cases)}`, fields: [] },
    { path: (r) => `/mine-sager/${id(r, ids.cases)}/anmod`, fields: ['kind', 'message', 'type'] },
    { path: (r) => `/mine-sager/${id(r, ids.cases)}/data.json`, fields: [] },
    { path: (r) => `/mine-sager/${id(r, ids.cases)}/udskriv`, fields: [] },
    { path: () => '/mine-anmodninger', fields: ['sendt'] },
    { path: () => '/min-log', fields: [] },
    { path: () => '/medarbejder', fields: ['cpr', 'purpose', 'purposeText', 'afsluttet'] },
    { path: () => '/medarbejder/borger', fields: ['print', 'action'] },
    { path: (r) => `/medarbejder/borger/sager/${id(r, ids.cases)}`, fields: ['print'] },
    { path: () => '/medarbejder/ai-systemer', fields: ['systemId', 'published', 'version'] },
    { path: (r) => `/medarbejder/ai-systemer/${id(r, ids.systems)}`, fields: publisherFields },
    { path: (r) => `/medarbejder/ai-systemer/${id(r, ids.systems)}/forhaandsvisning`, fields: [] },
    { path: () => '/healthz', fields: [] },
    { path: () => '/readyz', fields: [] },
    { path: () => '/api/v1/ai-systems', fields: [] },
    { path: () => '/api/v1/ai-systems.csv', fields: [] },
    { path: () => '/api/v1/ai-systems.schema.json', fields: [] },
    { path: (r) => `/api/v1/ai-systems/${id(r, ids.slugs)}/atrs.json`, fields: [] },
    { path: (r) => `/api/v1/ai-systems/${id(r, ids.slugs)}/algoritmeregister.json`, fields: [] },
    { path: () => '/api/v1/atrs.schema.json', fields: [] },
    { path: () => '/api/v1/case-record.schema.json', fields: [] },
    { path: () => '/api/v1/checkpoints', fields: [] },
    { path: () => '/api/v1/openapi.json', fields: [] },
    { path: () => '/api/v1/ingest', fields: ['records'] },
    { path: () => '/.well-known/jwks.json', fields: [] },
    { path: (r) => `/${segment(r, [])}`, fields: ['a'] },
    { path: (r) => `/${segment(r, [])}/${segment(r, [])}`, fields: ['a'] },
  ];
}

interface Generated {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
}

function generate(rng: Random, all: readonly Target[], allowLogout: boolean): Generated {
  let target = rng.pick(all);
  while (!allowLogout && /backchannel-logout/.test(target.path(createRandom(0)))) target = rng.pick(all);
  const base = target.path(rng);
  const path = rng.chance(0.4) ? `/en${base === '/' ? '/' : base}` : base;
  const query = rng.chance(0.4)
    ? `?${[...target.fields, 'x', 'cpr']
        .filter(() => rng.chance(0.5))
        .map(
          (f) =>
            `${f}=${
              rng.chance(0.5)
                ? encodeURIComponent(
                    nasty(rng)
                      .slice(0, 300)
                      .replace(/[\ud800-\udfff]/g, ''),
                  )
                : segment(rng, [])
            }`,
        )
        .join('&')}`
    : '';
  const method = rng.pick([
    'GET',
    'GET',
    'POST',
    'POST',
    'POST',
    'PUT',
    'DELETE',
    'HEAD',
    'PATCH',
    'OPTIONS',
  ]);
  const headers: Record<string, string> = {};
  if (rng.chance(0.85)) headers['origin'] = ORIGIN;
  let body: string | Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const kind = rng.int(0, 4);
    if (kind <= 2) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams();
      for (const field of [...target.fields, 'extra']) {
        if (rng.chance(0.7)) form.append(field, nasty(rng).replace(/[\ud800-\udfff]/g, ''));
        if (rng.chance(0.1)) form.append(field, nasty(rng).replace(/[\ud800-\udfff]/g, ''));
      }
      body = kind === 2 ? form.toString().replace(/%[0-9A-F]{2}/, '%zz') : form.toString();
    } else if (kind === 3) {
      headers['content-type'] = rng.pick(['application/json', 'application/json; charset=utf-8']);
      body = rng.pick([
        JSON.stringify({ records: [{ idempotencyKey: nasty(rng), kind: 'ai_event' }] }),
        JSON.stringify({ records: [] }),
        `{"records": [{"a": "\\u0000${rng.int(0, 9)}"}]}`,
        '{',
        JSON.stringify(nasty(rng)),
        'null',
      ]);
    } else {
      headers['content-type'] = rng.pick([
        'multipart/form-data; boundary=x',
        'text/plain',
        'application/xml',
        '',
      ]);
      body = Buffer.from(Array.from({ length: rng.int(0, 2000) }, () => rng.int(0, 255)));
    }
  }
  return { method, url: `${path}${query}`, headers, ...(body === undefined ? {} : { body }) };
}

async function fuzz(
  request: APIRequestContext,
  rng: Random,
  all: readonly Target[],
  count: number,
  label: string,
  allowLogout = true,
): Promise<void> {
  const failures: string[] = [];
  const inputs = Array.from({ length: count }, (_, i) => ({ i, input: generate(rng, all, allowLogout) }));
  const CONCURRENCY = 12;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const item = inputs[next];
      next += 1;
      if (!item) return;
      const { i, input } = item;
      const send = () =>
        request.fetch(input.url, {
          method: input.method,
          headers: input.headers,
          ...(input.body === undefined ? {} : { data: input.body }),
          maxRedirects: 0,
          failOnStatusCode: false,
          timeout: 30_000,
        });
      // A kept-alive socket the server closes as the client reuses it is the client's race, not an
      // answer: such a request is sent once more.
      const response = await send().catch(send);
      // The ingest API is off in this run (no INGEST_* settings): its documented 503 is not a failure.
      const ingestOff =
        response.status() === 503 &&
        /^(\/en)?\/api\/v1\/ingest(\?|$)/.test(input.url) &&
        (await response.text()).includes('"ingest_disabled"');
      if (response.status() >= 500 && !ingestOff) {
        failures.push(
          `${label} #${String(i)} (seed ${String(SEED)}): ${input.method} ${input.url.slice(0, 200)} -> ${String(response.status())}`,
        );
      }
      await response.dispose();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(failures).toEqual([]);
}

async function hrefs(page: Page, pattern: RegExp): Promise<string[]> {
  const links = await page
    .locator('a[href]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(links.flatMap((h) => pattern.exec(h)?.slice(1, 2) ?? []))];
}

test.describe('fuzzing every route and form', () => {
  // About 2 minutes on an idle 2-core machine; four when other work shares the cores.
  test.describe.configure({ timeout: 480_000 });
  const ids = { cases: [] as string[], slugs: [] as string[], systems: [] as string[] };

  test('10,000+ generated requests, anonymous, citizen, staff and API: none answers >= 500', async ({
    browser,
    request,
  }) => {
    const pub = await browser.newPage();
    await pub.goto('/ai-systemer');
    ids.slugs = await hrefs(pub, /^\/ai-systemer\/([a-z0-9-]+)$/);
    await pub.close();

    const citizenContext = await browser.newContext();
    const citizen = await citizenContext.newPage();
    await loginAsCitizen(citizen, 'Mette Sørensen');
    await citizen.waitForURL(/mine-sager/);
    ids.cases = await hrefs(citizen, /^\/mine-sager\/([0-9a-f-]{36})$/);

    const staffContext = await browser.newContext();
    const staff = await staffContext.newPage();
    await loginAsStaff(staff, 'Morten Dahl');
    await staff.waitForURL(/medarbejder/);
    await staff.goto('/medarbejder/ai-systemer');
    ids.systems = await hrefs(staff, /^\/medarbejder\/ai-systemer\/([^/]+)$/);
    expect(ids.cases.length).toBeGreaterThan(0);
    expect(ids.slugs.length).toBeGreaterThan(0);
    expect(ids.systems.length).toBeGreaterThan(0);

    const all = targets(ids);
    const rng = createRandom(SEED);
    // Logged in: no back-channel logout and no /log-ud, which would end the session being fuzzed.
    const loggedIn = all.filter((t) => !/log-ud|backchannel/.test(t.path(createRandom(1))));
    await fuzz(request, rng, all, 3500, 'anonymous');
    await fuzz(citizenContext.request, rng, loggedIn, 3000, 'citizen', false);
    await fuzz(staffContext.request, rng, loggedIn, 3000, 'staff', false);
    const api = all.filter((t) => /^\/(api|\.well-known|readyz|healthz)/.test(t.path(createRandom(2))));
    await fuzz(request, rng, api, 1000, 'api');

    // The sessions survived the fuzzing, so the logged-in requests were really logged in.
    expect((await citizenContext.request.get('/mine-sager', { maxRedirects: 0 })).status()).toBe(200);
    expect((await staffContext.request.get('/medarbejder', { maxRedirects: 0 })).status()).toBe(200);
    await citizenContext.close();
    await staffContext.close();
  });
});
