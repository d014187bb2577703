// npm run dev, first step — migrates the store and seeds the embedded one, then exits.
import { getConfig } from '../src/config.ts';
import { prepareStore } from '../src/db/prepare.ts';

await prepareStore(getConfig());
