/**
 * The portal's configuration: one zod schema over the environment, parsed once, failing fast with
 * the list of bad variables. Nothing else in the code base reads `process.env`.
 */
import { z } from 'zod';
import type { StoreLimits } from './db/db.ts';

/** The secret used when none is configured; refused in production. */
export const DEVELOPMENT_SESSION_SECRET = 'indsigt-development-secret-do-not-use-in-production';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

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
  CITIZEN_OIDC_ISSUER: optionalText.pipe(z.url().optional()),
  CITIZEN_OIDC_CLIENT_ID: z.string().trim().min(1).default('indsigt-citizen'),
  CITIZEN_OIDC_CLIENT_SECRET: optionalText,
  CITIZEN_CLAIMS_PROFILE: z.enum(['idura', 'signicat', 'signaturgruppen', 'nsis']).default('idura'),
  OIDC_CLIENT_PRIVATE_KEY: optionalText.pipe(
    z.string().startsWith('{', 'must be a private JWK (JSON)').optional(),
  ),
  STAFF_OIDC_ISSUER: optionalText.pipe(z.url().optional()),
  STAFF_OIDC_CLIENT_ID: z.string().trim().min(1).default('indsigt-staff'),
  STAFF_OIDC_CLIENT_SECRET: optionalText,
  STAFF_ROLE_CLAIM: z.string().trim().min(1).default('roles'),
  STAFF_ROLE_MAP: z
    .string()
    .default('Indsigt.Frontdesk=frontdesk,Indsigt.Publisher=publisher')
    .transform((value, ctx) => {
      const map: Record<string, 'frontdesk' | 'publisher'> = {};
      for (const pair of value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [claimValue, role] = pair.split('=').map((p) => p.trim());
        if (!claimValue || (role !== 'frontdesk' && role !== 'publisher')) {
          ctx.addIssue({ code: 'custom', message: `"${pair}" is not claimValue=frontdesk|publisher` });
          return z.NEVER;
        }
        map[claimValue] = role;
      }
      return map;
    }),
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
});

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
    readonly roleMap: Readonly<Record<string, 'frontdesk' | 'publisher'>>;
  };
  readonly sessionAbsoluteMinutes: number;
  /** Port of the development MitID IdP; the staff IdP listens on the next one. */
  readonly devIdpPort: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** The citizen's log (/min-log) shows the staff member's name and title; false: the unit only. */
  readonly accessLogShowStaffName: boolean;
  readonly ingest: IngestConfig;
  /** PEM texts; src/ingest/checkpoint-key.ts turns them into keys (and refuses a development key in production). */
  readonly checkpoint: {
    readonly privateKeyPem: string | undefined;
    readonly publicKeyPem: string | undefined;
  };
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
    sessionAbsoluteMinutes: e.SESSION_ABSOLUTE_MINUTES,
    devIdpPort: e.DEV_IDP_PORT,
    logLevel: e.LOG_LEVEL,
    accessLogShowStaffName: e.ACCESS_LOG_SHOW_STAFF_NAME,
    ingest: ingest.ingest,
    checkpoint: { privateKeyPem: e.CHECKPOINT_PRIVATE_KEY, publicKeyPem: e.CHECKPOINT_PUBLIC_KEY },
  };
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
