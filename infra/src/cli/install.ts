import { ensureInstalled } from '../install';
import { cacheRoot } from '../paths';

/** `npm run infra:install`: builds or fetches every server into the cache and prints the paths. */
const begun = Date.now();
ensureInstalled().then(
  (installed) => {
    console.log(`[infra] cache ${cacheRoot()} (${((Date.now() - begun) / 1000).toFixed(1)} s)`);
    for (const [name, location] of Object.entries(installed)) console.log(`${name.padEnd(20)} ${location}`);
  },
  (error: unknown) => {
    console.error(`[infra] ${(error as Error).message}`);
    process.exit(1);
  },
);
