/**
 * The prefix of every PostgreSQL database the tests create under TEST_DATABASE_URL (each then gets a
 * random suffix). TEST_DATABASE_PREFIX lets checkouts that share one server tell their databases apart.
 */
export const TEST_DATABASE_PREFIX = process.env['TEST_DATABASE_PREFIX'] ?? 'indsigt';
if (!/^[a-z_][a-z0-9_]{0,30}$/.test(TEST_DATABASE_PREFIX)) {
  throw new Error(
    `TEST_DATABASE_PREFIX must be a lower-case SQL name of at most 31 characters: ${TEST_DATABASE_PREFIX}`,
  );
}
