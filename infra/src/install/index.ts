import { defaultLog, type Log } from '../paths';
import { ensureFerretDb } from './ferretdb';
import { ensureKafka } from './kafka';
import { ensureTemporalCli } from './temporal-cli';
import { ensureTemporalTestServer } from './temporal-test-server';

export interface InstalledServers {
  /** `<cache>/temporal-cli-<v>/bin/temporal` */
  temporal: string;
  /** `<cache>/ferretdb-<v>/bin/ferretdb` */
  ferretdb: string;
  /** `<cache>/kafka-<v>/libs` (classpath `<libs>/*`) */
  kafkaLibs: string;
  /** `<cache>/temporal-test-server-<v>/bin/temporal-test-server` */
  temporalTestServer: string;
}

/** Builds or fetches every server once into the cache; later calls return at once. */
export async function ensureInstalled(log: Log = defaultLog): Promise<InstalledServers> {
  // The two Go builds are CPU-heavy (2 cores here): one after the other, Maven beside them.
  const jars = Promise.all([ensureKafka(log), ensureTemporalTestServer(log)]);
  const goBuilds = (async () => {
    const temporal = await ensureTemporalCli(log);
    const ferretdb = await ensureFerretDb(log);
    return { temporal, ferretdb };
  })();
  const [{ temporal, ferretdb }, [kafkaLibs, temporalTestServer]] = await Promise.all([goBuilds, jars]);
  return { temporal, ferretdb, kafkaLibs, temporalTestServer };
}

export { ensureFerretDb, ensureKafka, ensureTemporalCli, ensureTemporalTestServer };
export { InstallError } from './build';
