import { ensureInstalled } from '../install';

/** `npm run infra:install`: builds or fetches every server into the cache and prints the paths. */
ensureInstalled().then(
  (installed) => {
    for (const [name, location] of Object.entries(installed)) console.log(`${name.padEnd(20)} ${location}`);
  },
  (error: unknown) => {
    console.error(`[infra] ${(error as Error).message}`);
    process.exit(1);
  },
);
