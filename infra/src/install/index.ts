import { ensureFerretDb, ensureTemporalCli } from './go-servers';
import { ensureKafka, ensureTemporalTestServer } from './maven';
import type { Log } from './build';

export interface InstalledServers {
  temporal: string;
  ferretdb: string;
  kafkaLibs: string;
  temporalTestServer: string;
}

const defaultLog: Log = (message) => console.log(`[infra] ${message}`);

/** Builds or fetches every server once into the cache; later calls return at once. */
export async function ensureInstalled(log: Log = defaultLog): Promise<InstalledServers> {
  // Go builds are CPU-heavy on two cores: one after the other, Maven beside them.
  const jars = Promise.all([ensureKafka(log), ensureTemporalTestServer(log)]);
  const temporal = await ensureTemporalCli(log);
  const ferretdb = await ensureFerretDb(log);
  const [kafkaLibs, temporalTestServer] = await jars;
  return { temporal, ferretdb, kafkaLibs, temporalTestServer };
}

export { ensureFerretDb, ensureTemporalCli, ensureKafka, ensureTemporalTestServer };
