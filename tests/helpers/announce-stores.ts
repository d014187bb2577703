// Vitest global setup: says which stores the integration tests run against, once per run.
export default function announceStores(): void {
  const url = process.env['TEST_DATABASE_URL'];
  const target = url ? new URL(url) : undefined;
  console.log(
    target
      ? `Integration tests run against PGlite and PostgreSQL (${target.host}${target.pathname}).`
      : 'Integration tests run against PGlite only: set TEST_DATABASE_URL to include PostgreSQL.',
  );
}
