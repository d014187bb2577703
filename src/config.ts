/**
 * The portal's configuration: one zod schema over the environment, parsed once, failing fast with
 * the list of bad variables. Nothing else in the code base reads `process.env`.
 */
import { z } from 'zod';
import { STAFF_ROLES, type StaffRole } from './auth/session-types.ts';
import type { StoreLimits } from './db/db.ts';

/** The secret used when none is configured; refused in production. */
export const DEVELOPMENT_SESSION_SECRET = 'indsigt-development-secret-do-not-use-in-production';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * The ID-token signature algorithms a relying party may accept. Only asymmetric ones: `none` proves
 * nothing, and an HS* token is keyed with something the relying party knows too (the client secret,
 * or in an algorithm-confusion attack the IdP's public key), so neither is allowed, whatever the
 * configuration or the provider's discovery document says.
 */
export const ID_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
export type IdTokenAlgorithm = (typeof ID_TOKEN_ALGORITHMS)[number];

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:4321')
    .transform((value) => new URL(value)),
  DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  ),
  PGLITE_DATA_DIR: z.string().trim().min(1).default('.data/pglite'),
  // Failing safe (issue 10): a store that is down or stalled answers 503 within 2 s.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  DEMO_CITIZENS: z.coerce.number().int().min(10).max(100_000).default(300),
  SESSION_SECRET: z.string().min(32).default(DEVELOPMENT_SESSION_SECRET),
  CITIZEN_OIDC_ISSUER: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  CITIZEN_OIDC_CLIENT_ID: z.string().trim().min(1).default('indsigt-citizen'),
  CITIZEN_OIDC_CLIENT_SECRET: optionalText,
  CITIZEN_CLAIMS_PROFILE: z.enum(['idura', 'signicat', 'signaturgruppen', 'nsis']).default('idura'),
  OIDC_CLIENT_PRIVATE_KEY: optionalText.pipe(
    z.string().startsWith('{', 'must be a private JWK (JSON)').optional(),
  ),
  STAFF_OIDC_ISSUER: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  STAFF_OIDC_CLIENT_ID: z.string().trim().min(1).default('indsigt-staff'),
  STAFF_OIDC_CLIENT_SECRET: optionalText,
  STAFF_ROLE_CLAIM: z.string().trim().min(1).default('roles'),
  STAFF_ROLE_MAP: z
    .string()
    .default('Indsigt.Frontdesk=frontdesk,Indsigt.Publisher=publisher,Indsigt.Caseworker=caseworker')
    .transform((value, ctx) => {
      const map: Record<string, StaffRole> = {};
      for (const pair of value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [claimValue, role] = pair.split('=').map((p) => p.trim());
        const known = STAFF_ROLES.find((r) => r === role);
        if (!claimValue || !known) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not claimValue=${STAFF_ROLES.join('|')}` });
          return z.NEVER;
        }
        map[claimValue] = known;
      }
      return map;
    }),
  OIDC_ID_TOKEN_ALGS: z
    .string()
    .default('RS256,PS256,ES256')
    .transform((value, ctx) => {
      const algorithms = value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      const allowed = new Set<string>(ID_TOKEN_ALGORITHMS);
      const refused = algorithms.filter((a) => !allowed.has(a));
      if (algorithms.length === 0 || refused.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${refused.length > 0 ? `"${refused.join(', ')}" not allowed; ` : ''}list one or more of ${ID_TOKEN_ALGORITHMS.join(', ')} (never none or HS*)`,
        });
        return z.NEVER;
      }
      return algorithms as IdTokenAlgorithm[];
    }),
  OIDC_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  SESSION_ABSOLUTE_MINUTES: z.coerce
    .number()
    .int()
    .min(15)
    .max(24 * 60)
    .default(8 * 60),
  DEV_IDP_PORT: z.coerce.number().int().min(1).max(65534).default(4400),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Front desk (issue 6): whether the citizen's log names the member of staff or only their unit.
  ACCESS_LOG_SHOW_STAFF_NAME: z.stringbool().default(true),
  // Ingest API (issue 7): machine clients authenticate with a JWT access token or mTLS behind a proxy.
  INGEST_AUTH_MODE: z.enum(['jwt', 'mtls']).default('jwt'),
  INGEST_JWKS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  INGEST_ISSUER: optionalText,
  INGEST_AUDIENCE: optionalText,
  INGEST_SCOPE: z.string().trim().min(1).default('indsigt:ingest'),
  INGEST_MTLS_HEADER: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]+$/, 'an HTTP header name')
    .default('x-client-cert-subject'),
  INGEST_MTLS_SUBJECTS: optionalText,
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(67_108_864).default(1_048_576),
  CHECKPOINT_PRIVATE_KEY: optionalText,
  CHECKPOINT_PUBLIC_KEY: optionalText,
  // Operations (issue 15): /metrics behind a bearer token on the main port, or on its own port.
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'at least 16 characters').optional()),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(600).default(25),
  PUBLIC_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  // How often the register's facts are recounted off the request path (also after a publish or ingest).
  REGISTER_FACTS_REFRESH_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  // Power of attorney (issue 14): minutes after login a representative may act before logging in again.
  REPRESENTATION_MAX_AGE_MINUTES: z.coerce.number().int().min(5).max(480).default(60),
  // Issue 10: the ingest API writes as a login in indsigt_ingest, not as the portal's read-only login.
  INGEST_DATABASE_URL: optionalText.pipe(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  ),
  CHECKPOINT_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  // Citizens' requests (issue 11): how many one citizen may send in 24 hours, and the unit that answers
  // requests about a case where no member of staff is on record.
  CITIZEN_REQUEST_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  REQUEST_FALLBACK_UNIT: z.string().trim().min(1).default('Borgerservice'),
  // Digital Post (issue 11): letters to citizens through SF1601, or the development inbox.
  DIGITAL_POST_TRANSPORT: optionalText.pipe(z.enum(['development', 'sf1601', 'off']).optional()),
  DIGITAL_POST_SENDER_CVR: optionalText.pipe(
    z
      .string()
      .regex(/^\d{8}$/, 'a CVR number: 8 digits')
      .optional(),
  ),
  DIGITAL_POST_WORKER: z.stringbool().default(true),
  DIGITAL_POST_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  SF1601_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SF1601_STS_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SF1601_CERTIFICATE_PATH: optionalText,
  SF1601_PRIVATE_KEY_PATH: optionalText,
  SF1601_PRIVATE_KEY_PASSPHRASE: optionalText,
  // Web conventions (issue 12): security.txt's Contact (RFC 9116) and the accessibility statement's
  // feedback address (the municipality's contact e-mail in the store when unset).
  SECURITY_CONTACT: optionalText.pipe(
    z
      .string()
      .transform((value, ctx) => {
        const contacts = value
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
          .map((c) => (/^[^@\s:/]+@[^@\s:/]+\.[^@\s:/]+$/.test(c) ? `mailto:${c}` : c));
        const bad = contacts.filter(
          (c) => !/^(mailto:[^@\s]+@[^@\s]+|https:\/\/\S+|tel:\+?[0-9-]+)$/.test(c),
        );
        if (contacts.length === 0 || bad.length > 0) {
          ctx.addIssue({
            code: 'custom',
            message: `list e-mail addresses or mailto:, https: or tel: URIs, separated by commas${bad.length > 0 ? ` (not: ${bad.join(', ')})` : ''}`,
          });
          return z.NEVER;
        }
        return contacts;
      })
      .optional(),
  ),
  ACCESSIBILITY_CONTACT_EMAIL: optionalText.pipe(z.email().optional()),
  // Branding (issue 12, design system): the municipality as the header and footer show it. Each one set
  // here wins over the store's record of the municipality (src/branding/current.ts).
  MUNICIPALITY_NAME: optionalText,
  MUNICIPALITY_LOGO_SVG: optionalText.pipe(
    z
      .string()
      .regex(/\.svg$/i, 'the path of an SVG file')
      .optional(),
  ),
  MUNICIPALITY_CVR: optionalText.pipe(
    z
      .string()
      .regex(/^\d{8}$/, 'a CVR number: 8 digits')
      .optional(),
  ),
  MUNICIPALITY_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  MUNICIPALITY_ADDRESS: optionalText,
  MUNICIPALITY_PHONE: optionalText.pipe(
    z
      .string()
      .regex(/^\+?[0-9 -]{6,20}$/, 'a telephone number, e.g. +45 99 99 99 99')
      .optional(),
  ),
  MUNICIPALITY_EMAIL: optionalText.pipe(z.email().optional()),
});

/** security.txt's Contact outside production when SECURITY_CONTACT is unset (.invalid never delivers). */
export const DEVELOPMENT_SECURITY_CONTACT = 'mailto:security@indsigt.invalid';

/** The sender CVR used outside production when none is set: the dummy of the MeMo examples. */
export const DEVELOPMENT_SENDER_CVR = '12345678';

/** The parsed configuration. `databaseUrl` absent means the embedded PGlite store. */
export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicBaseUrl: URL;
  readonly store:
    | { readonly kind: 'postgres'; readonly url: string }
    | { readonly kind: 'embedded'; readonly dataDir: string };
  /** Time limits on the server's store: each statement, and the wait for a pooled connection. */
  readonly storeLimits: StoreLimits;
  readonly demoCitizens: number;
  readonly sessionSecret: string;
  /** Absent means the local development IdP. */
  readonly citizenIssuer: URL | undefined;
  readonly citizenClient: {
    readonly clientId: string;
    readonly clientSecret: string | undefined;
    readonly claimsProfile: 'idura' | 'signicat' | 'signaturgruppen' | 'nsis';
  };
  /** The portal's private key for private_key_jwt client authentication (a JWK); absent in development. */
  readonly clientPrivateJwk: string | undefined;
  /** Absent means the local development IdP. */
  readonly staffIssuer: URL | undefined;
  readonly staffClient: {
    readonly clientId: string;
    readonly clientSecret: string | undefined;
    readonly roleClaim: string;
    readonly roleMap: Readonly<Record<string, StaffRole>>;
  };
  /** ID-token signature algorithms both relying parties accept (never `none` or HS*). */
  readonly idTokenAlgorithms: readonly IdTokenAlgorithm[];
  /** How far the IdP's clock may be ahead of or behind ours (`iat`, `exp`, `nbf`), in seconds. */
  readonly clockSkewSeconds: number;
  readonly sessionAbsoluteMinutes: number;
  /** Port of the development MitID IdP; the staff IdP listens on the next one. */
  readonly devIdpPort: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The citizen's log (/min-log) shows the staff member's name and title; false: the unit only. */
  readonly accessLogShowStaffName: boolean;
  readonly ingest: IngestConfig;
  /** Where /metrics is served: with a bearer token on the main port and/or alone on its own port. */
  readonly metrics: { readonly token: string | undefined; readonly port: number | undefined };
  /** On SIGTERM, how long requests in flight may take to finish before their connections are cut. */
  readonly shutdownTimeoutSeconds: number;
  /** How long a rendered public page is served (and may be cached by browsers and proxies). */
  readonly publicCacheSeconds: number;
  /** How often one instance recounts the register's facts into portal.register_facts (migration 220). */
  readonly registerFactsRefreshMinutes: number;
  /** Citizens' requests: new requests one citizen may send in 24 hours; the unit of last resort. */
  readonly requests: { readonly perCitizenPerDay: number; readonly fallbackUnit: string };
  /** PEM texts; src/ingest/checkpoint-key.ts turns them into keys (and refuses a development key in production). */
  readonly checkpoint: {
    readonly privateKeyPem: string | undefined;
    readonly publicKeyPem: string | undefined;
    /**
     * How often the server signs a checkpoint when records were written since the last one (0: never);
     * it signs only where it has a signing key (the development key, or CHECKPOINT_PRIVATE_KEY).
     */
    readonly intervalMinutes: number;
  };
  /** Minutes after login a representative may act on a power of attorney before a new login is needed. */
  readonly representationMaxAgeMinutes: number;
  /**
   * The audit store as the write side sees it (ingest API, automatic checkpoints): a PostgreSQL login in
   * the role indsigt_ingest; absent means the same store as `store` (the embedded store, or one login).
   */
  readonly writeStore: { readonly kind: 'postgres'; readonly url: string } | undefined;
  readonly digitalPost: DigitalPostConfig;
  /** Where security problems are reported: security.txt's Contact lines (mailto:, https: or tel: URIs). */
  readonly securityContacts: readonly string[];
  /** The accessibility statement's feedback address; undefined: the municipality's contact e-mail. */
  readonly accessibilityContactEmail: string | undefined;
  /** The municipality as configured; each field set wins over the store's record (src/branding/). */
  readonly branding: BrandingSettings;
}

/** MUNICIPALITY_*: the municipality's name, logo and contact details, where the environment sets them. */
export interface BrandingSettings {
  readonly name: string | undefined;
  /** Path of the logo, an SVG file; undefined: the portal's own neutral logo. */
  readonly logoSvgPath: string | undefined;
  readonly cvr: string | undefined;
  readonly websiteUrl: string | undefined;
  readonly address: string | undefined;
  readonly phone: string | undefined;
  readonly email: string | undefined;
}

/** How letters to citizens leave the portal (src/digital-post/). */
export interface DigitalPostConfig {
  /**
   * `development`: to the development inbox beside the development IdP. `sf1601`: KOMBIT's KombiPostAfsend.
   * `off`: letters are written to the outbox and wait there; nothing is sent (staff see them waiting).
   */
  readonly transport:
    | { readonly kind: 'development' }
    | { readonly kind: 'off' }
    | {
        readonly kind: 'sf1601';
        readonly baseUrl: URL;
        readonly stsUrl: URL;
        readonly certificatePath: string;
        readonly privateKeyPath: string;
        readonly privateKeyPassphrase: string | undefined;
      };
  /** The municipality's CVR number, the letters' sender. */
  readonly senderCvr: string;
  /** Whether this process runs the outbox worker. */
  readonly worker: boolean;
  readonly maxAttempts: number;
}

/** How POST /api/v1/ingest authenticates machine clients; `off` until one mode is fully configured. */
export interface IngestConfig {
  readonly auth:
    | { readonly mode: 'off' }
    | {
        readonly mode: 'jwt';
        readonly jwksUrl: URL;
        readonly issuer: string;
        readonly audience: string;
        readonly scope: string;
      }
    | { readonly mode: 'mtls'; readonly header: string; readonly subjects: readonly string[] };
  readonly maxBodyBytes: number;
}

/** The ingest settings, or the variables to fix. */
function ingestConfig(
  e: z.infer<typeof envSchema>,
): { ok: true; ingest: IngestConfig } | { ok: false; errors: string[] } {
  const maxBodyBytes = e.INGEST_MAX_BODY_BYTES;
  if (e.INGEST_AUTH_MODE === 'mtls') {
    const subjects = (e.INGEST_MTLS_SUBJECTS ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (subjects.length === 0) {
      return {
        ok: false,
        errors: ['INGEST_MTLS_SUBJECTS: list the allowed client certificate subjects, separated by ";"'],
      };
    }
    return {
      ok: true,
      ingest: { auth: { mode: 'mtls', header: e.INGEST_MTLS_HEADER, subjects }, maxBodyBytes },
    };
  }
  const { INGEST_JWKS_URL: jwks, INGEST_ISSUER: issuer, INGEST_AUDIENCE: audience } = e;
  if (jwks === undefined && issuer === undefined && audience === undefined) {
    return { ok: true, ingest: { auth: { mode: 'off' }, maxBodyBytes } };
  }
  if (jwks === undefined || issuer === undefined || audience === undefined) {
    return {
      ok: false,
      errors: [
        'INGEST_JWKS_URL, INGEST_ISSUER, INGEST_AUDIENCE: set all three, or none to turn the ingest API off',
      ],
    };
  }
  if (e.NODE_ENV === 'production' && !jwks.startsWith('https:')) {
    return { ok: false, errors: ['INGEST_JWKS_URL: production fetches the signing keys over https'] };
  }
  return {
    ok: true,
    ingest: {
      auth: { mode: 'jwt', jwksUrl: new URL(jwks), issuer, audience, scope: e.INGEST_SCOPE },
      maxBodyBytes,
    },
  };
}

/** The Digital Post settings, or the variables to fix. Production must choose a transport explicitly. */
function digitalPostConfig(
  e: z.infer<typeof envSchema>,
): { ok: true; digitalPost: DigitalPostConfig } | { ok: false; errors: string[] } {
  const production = e.NODE_ENV === 'production';
  const kind = e.DIGITAL_POST_TRANSPORT ?? (production ? undefined : 'development');
  const sf1601 = {
    SF1601_BASE_URL: e.SF1601_BASE_URL,
    SF1601_STS_URL: e.SF1601_STS_URL,
    SF1601_CERTIFICATE_PATH: e.SF1601_CERTIFICATE_PATH,
    SF1601_PRIVATE_KEY_PATH: e.SF1601_PRIVATE_KEY_PATH,
  };
  const errors: string[] = [];
  if (kind === undefined) {
    errors.push(
      'DIGITAL_POST_TRANSPORT: production must choose: sf1601 (with the SF1601_* settings) or off (letters wait in the outbox)',
    );
  } else if (kind === 'development' && production) {
    errors.push(
      'DIGITAL_POST_TRANSPORT: the development inbox never runs in production; choose sf1601 or off',
    );
  }
  if (production && e.DIGITAL_POST_SENDER_CVR === undefined) {
    errors.push("DIGITAL_POST_SENDER_CVR: set the municipality's CVR number, the letters' sender");
  }
  const missing = Object.entries(sf1601).filter(([, value]) => value === undefined);
  if (kind === 'sf1601') {
    for (const [name] of missing) errors.push(`${name}: required when DIGITAL_POST_TRANSPORT=sf1601`);
    if (production) {
      for (const name of ['SF1601_BASE_URL', 'SF1601_STS_URL'] as const) {
        if (sf1601[name]?.startsWith('http:')) errors.push(`${name}: production calls KOMBIT over https`);
      }
    }
  } else if (missing.length < Object.keys(sf1601).length || e.SF1601_PRIVATE_KEY_PASSPHRASE !== undefined) {
    // Half a configuration is a mistake, not a choice: say so rather than silently not using it.
    errors.push(
      'DIGITAL_POST_TRANSPORT: SF1601_* settings are set; set DIGITAL_POST_TRANSPORT=sf1601 to use them',
    );
  }
  if (errors.length > 0 || kind === undefined) return { ok: false, errors };
  const transport: DigitalPostConfig['transport'] =
    kind === 'sf1601'
      ? {
          kind,
          baseUrl: new URL(sf1601.SF1601_BASE_URL ?? ''),
          stsUrl: new URL(sf1601.SF1601_STS_URL ?? ''),
          certificatePath: sf1601.SF1601_CERTIFICATE_PATH ?? '',
          privateKeyPath: sf1601.SF1601_PRIVATE_KEY_PATH ?? '',
          privateKeyPassphrase: e.SF1601_PRIVATE_KEY_PASSPHRASE,
        }
      : { kind };
  return {
    ok: true,
    digitalPost: {
      transport,
      senderCvr: e.DIGITAL_POST_SENDER_CVR ?? DEVELOPMENT_SENDER_CVR,
      worker: e.DIGITAL_POST_WORKER,
      maxAttempts: e.DIGITAL_POST_MAX_ATTEMPTS,
    },
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/**
 * Parses an environment into a Config. Pure: tests pass their own environment.
 * In production it refuses the development conveniences, naming the variable that fixes each.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  const ingest = ingestConfig(e);
  if (!ingest.ok) return ingest;
  const digitalPost = digitalPostConfig(e);
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'embedded', dataDir: e.PGLITE_DATA_DIR },
    storeLimits: { statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS, acquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS },
    demoCitizens: e.DEMO_CITIZENS,
    sessionSecret: e.SESSION_SECRET,
    citizenIssuer: e.CITIZEN_OIDC_ISSUER ? new URL(e.CITIZEN_OIDC_ISSUER) : undefined,
    citizenClient: {
      clientId: e.CITIZEN_OIDC_CLIENT_ID,
      clientSecret: e.CITIZEN_OIDC_CLIENT_SECRET,
      claimsProfile: e.CITIZEN_CLAIMS_PROFILE,
    },
    clientPrivateJwk: e.OIDC_CLIENT_PRIVATE_KEY,
    staffIssuer: e.STAFF_OIDC_ISSUER ? new URL(e.STAFF_OIDC_ISSUER) : undefined,
    staffClient: {
      clientId: e.STAFF_OIDC_CLIENT_ID,
      clientSecret: e.STAFF_OIDC_CLIENT_SECRET,
      roleClaim: e.STAFF_ROLE_CLAIM,
      roleMap: e.STAFF_ROLE_MAP,
    },
    idTokenAlgorithms: e.OIDC_ID_TOKEN_ALGS,
    clockSkewSeconds: e.OIDC_CLOCK_SKEW_SECONDS,
    sessionAbsoluteMinutes: e.SESSION_ABSOLUTE_MINUTES,
    devIdpPort: e.DEV_IDP_PORT,
    logLevel: e.LOG_LEVEL,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT },
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT_SECONDS,
    publicCacheSeconds: e.PUBLIC_CACHE_SECONDS,
    registerFactsRefreshMinutes: e.REGISTER_FACTS_REFRESH_MINUTES,
    accessLogShowStaffName: e.ACCESS_LOG_SHOW_STAFF_NAME,
    ingest: ingest.ingest,
    checkpoint: {
      privateKeyPem: e.CHECKPOINT_PRIVATE_KEY,
      publicKeyPem: e.CHECKPOINT_PUBLIC_KEY,
      intervalMinutes: e.CHECKPOINT_INTERVAL_MINUTES,
    },
    writeStore: e.INGEST_DATABASE_URL ? { kind: 'postgres', url: e.INGEST_DATABASE_URL } : undefined,
    representationMaxAgeMinutes: e.REPRESENTATION_MAX_AGE_MINUTES,
    requests: { perCitizenPerDay: e.CITIZEN_REQUEST_LIMIT, fallbackUnit: e.REQUEST_FALLBACK_UNIT },
    digitalPost: digitalPost.ok
      ? digitalPost.digitalPost
      : {
          transport: { kind: 'off' },
          senderCvr: DEVELOPMENT_SENDER_CVR,
          worker: false,
          maxAttempts: e.DIGITAL_POST_MAX_ATTEMPTS,
        },
    securityContacts: e.SECURITY_CONTACT ?? [DEVELOPMENT_SECURITY_CONTACT],
    accessibilityContactEmail: e.ACCESSIBILITY_CONTACT_EMAIL,
    branding: {
      name: e.MUNICIPALITY_NAME,
      logoSvgPath: e.MUNICIPALITY_LOGO_SVG,
      cvr: e.MUNICIPALITY_CVR,
      websiteUrl: e.MUNICIPALITY_URL,
      address: e.MUNICIPALITY_ADDRESS,
      phone: e.MUNICIPALITY_PHONE,
      email: e.MUNICIPALITY_EMAIL,
    },
  };
  // Reported with the production checks below when in production, so the list names everything to fix.
  if (!digitalPost.ok && config.env !== 'production') return { ok: false, errors: digitalPost.errors };
  // An https address means a real deployment: without NODE_ENV=production none of the checks below
  // would run, and the development secret and IdPs would be used.
  if (config.env !== 'production' && config.publicBaseUrl.protocol === 'https:') {
    return { ok: false, errors: ['NODE_ENV: set NODE_ENV=production when PUBLIC_BASE_URL is https'] };
  }
  if (config.env === 'production') {
    const errors: string[] = [];
    if (config.store.kind === 'embedded') {
      errors.push(
        'DATABASE_URL: production needs a PostgreSQL server; the embedded store is for development',
      );
    }
    if (!config.citizenIssuer) {
      errors.push(
        'CITIZEN_OIDC_ISSUER: production needs a real MitID broker; the development IdP never runs in production',
      );
    }
    if (!config.staffIssuer) {
      errors.push(
        "STAFF_OIDC_ISSUER: production needs the municipality's staff IdP; the development IdP never runs in production",
      );
    }
    // Discovery, the JWKS and the token exchange all travel to the issuer: over plain http anyone on
    // the path could swap the keys and sign in as anybody.
    if (config.citizenIssuer && config.citizenIssuer.protocol !== 'https:') {
      errors.push('CITIZEN_OIDC_ISSUER: production talks to the MitID broker over https only');
    }
    if (config.staffIssuer && config.staffIssuer.protocol !== 'https:') {
      errors.push('STAFF_OIDC_ISSUER: production talks to the staff IdP over https only');
    }
    if (!config.clientPrivateJwk && !config.staffClient.clientSecret) {
      errors.push('STAFF_OIDC_CLIENT_SECRET: set the staff client secret (or OIDC_CLIENT_PRIVATE_KEY)');
    }
    if (!config.clientPrivateJwk && !config.citizenClient.clientSecret) {
      errors.push(
        'OIDC_CLIENT_PRIVATE_KEY: set the private JWK for private_key_jwt (or CITIZEN_OIDC_CLIENT_SECRET)',
      );
    }
    if (config.sessionSecret === DEVELOPMENT_SESSION_SECRET) {
      errors.push('SESSION_SECRET: set a random secret of at least 32 characters');
    }
    if (config.publicBaseUrl.protocol !== 'https:') {
      errors.push('PUBLIC_BASE_URL: production must be served over https');
    }
    // The portal's own login is in indsigt_portal, which may not write the audit store: without a
    // login of the write side the ingest API would refuse every record.
    if (config.ingest.auth.mode !== 'off' && config.writeStore === undefined) {
      errors.push(
        'INGEST_DATABASE_URL: the ingest API writes as a login in the role indsigt_ingest; set its postgres:// URL',
      );
    }
    if (!digitalPost.ok) errors.push(...digitalPost.errors);
    if (e.SECURITY_CONTACT === undefined) {
      errors.push(
        'SECURITY_CONTACT: set where security problems are reported (an e-mail address or an https: URL), for /.well-known/security.txt',
      );
    }
    if (errors.length > 0) return { ok: false, errors };
  }
  return { ok: true, config };
}

let loaded: Config | undefined;

/** The configuration of this process, parsed from `process.env` on first use. Throws on bad input. */
export function getConfig(): Config {
  if (!loaded) {
    const result = parseConfig(process.env);
    if (!result.ok) {
      throw new Error(`Indsigt cannot start; fix these settings:\n  - ${result.errors.join('\n  - ')}`);
    }
    loaded = result.config;
  }
  return loaded;
}
