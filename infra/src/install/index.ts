import { defaultLog, type Log } from '../paths';
import { InstallError } from './build';
import { ensureChromium, type InstalledChromium } from './chromium';
import { ensureFerretDb } from './ferretdb';
import { ensureKafka } from './kafka';
import { ensurePostgres } from './postgresql';
import { ensureTemporalCli } from './temporal-cli';
import { ensureTemporalTestServer } from './temporal-test-server';

export interface InstalledServers {
  /** `<cache>/temporal-cli-<v>/bin/temporal` */
  temporal: string;
  /** `<cache>/ferretdb-<v>-<patch>/bin/ferretdb` */
  ferretdb: string;
  /** `<cache>/postgresql-<v>/bin` (initdb, postgres) */
  postgresql: string;
  /** `<cache>/kafka-<v>/libs` (classpath `<libs>/*`) */
  kafkaLibs: string;
  /** `<cache>/temporal-test-server-<v>/bin/temporal-test-server` */
  temporalTestServer: string;
}

/** Builds or fetches every server once into the cache; later calls return at once. */
export async function ensureInstalled(log: Log = defaultLog): Promise<InstalledServers> {
  // The two Go builds are CPU-heavy (2 cores here): one after the other, Maven beside them.
  const [goBuilds, fetched] = await Promise.allSettled([
    (async () => {
      const temporal = await ensureTemporalCli(log);
      const ferretdb = await ensureFerretDb(log);
      return { temporal, ferretdb };
    })(),
    Promise.all([ensureKafka(log), ensureTemporalTestServer(log), ensurePostgres(log)]),
  ]);
  if (goBuilds.status === 'fulfilled' && fetched.status === 'fulfilled') {
    const [kafkaLibs, temporalTestServer, postgresql] = fetched.value;
    return { ...goBuilds.value, postgresql, kafkaLibs, temporalTestServer };
  }
  // every missing tool at once, not one per run
  const failures = [goBuilds, fetched].flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length === 1) throw failures[0]!;
  throw new InstallError(failures.map((e) => e.message).join('\n'));
}

export { ensureChromium, ensureFerretDb, ensureKafka, ensurePostgres, ensureTemporalCli, ensureTemporalTestServer, type InstalledChromium };
export { InstallError };
