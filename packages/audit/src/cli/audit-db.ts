import { loadConfig } from '@lianxin/platform';
import mongoose, { type Connection } from 'mongoose';
import { auditDatabaseName } from '../env';

/** Exit codes of the audit commands: 0 all well, 1 a chain is broken, 2 could not check at all. */
export const exitCodes = { ok: 0, broken: 1, failed: 2 } as const;

/** Opens the audit database named by MONGO_URL and MONGO_DB_PREFIX, runs `use`, closes it. */
export async function withAuditDatabase<T>(env: NodeJS.ProcessEnv, use: (db: Connection) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const db = mongoose.createConnection(config.mongo.url, {
    dbName: auditDatabaseName(config.mongo.dbPrefix),
    serverSelectionTimeoutMS: 10_000,
    autoIndex: false,
  });
  try {
    await db.asPromise();
    return await use(db);
  } finally {
    await db.close();
  }
}

/** Runs a command's main and exits with its code; an error (configuration, no database) is exit 2 with the reason. */
export function runCommand(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(exitCodes.failed);
    },
  );
}
