// npm run checkpoint — signs the chain heads of every case into a checkpoint, stored in the audit store and
// published at /api/v1/checkpoints. Run it periodically (e.g. nightly) with CHECKPOINT_PRIVATE_KEY set.
import { getConfig } from '../src/config.ts';
import { openStore } from '../src/db/open.ts';
import { createCheckpoint } from '../src/ingest/checkpoint.ts';
import { loadSigningKey } from '../src/ingest/checkpoint-key.ts';

const config = getConfig();
const key = loadSigningKey({ env: config.env, ...config.checkpoint });
if (!key.ok) {
  console.error(`No checkpoint was made: ${key.error}`);
  process.exit(2);
}
if (key.key.development) console.error('Signing with the generated development key (not for production).');
const db = await openStore(config.store);
try {
  const c = await createCheckpoint(db, key.key);
  console.log(
    `Checkpoint ${c.id}: ${c.caseCount.toLocaleString('en')} cases, ${c.recordCount.toLocaleString('en')} records, root ${c.root}, key ${c.keyId}.`,
  );
} finally {
  await db.close();
}
