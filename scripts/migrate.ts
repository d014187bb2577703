// npm run db:migrate — applies the numbered migrations to the configured store. Idempotent.
import { getConfig } from '../src/config.ts';
import { migrate } from '../src/db/migrate.ts';
import { openStore } from '../src/db/open.ts';
import { sealUnsealedRequests } from '../src/db/requests.ts';

const config = getConfig();
const db = await openStore(config.store);
try {
  const applied = await migrate(db);
  const sealed = await sealUnsealedRequests(db);
  if (sealed > 0)
    console.log(`Sealed the receipt of ${String(sealed)} request(s) stored before requests had steps.`);
  console.log(applied.length > 0 ? `Applied migrations: ${applied.join(', ')}` : 'The store is up to date.');
} finally {
  await db.close();
}
