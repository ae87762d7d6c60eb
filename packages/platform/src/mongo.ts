import mongoose, { type Connection } from 'mongoose';
import type { PlatformConfig } from './config';

/** The database name of one service: `<prefix>_<service>` (each service owns its data). */
export function databaseName(config: PlatformConfig, service: string): string {
  return `${config.mongo.dbPrefix}_${service}`;
}

/**
 * Connects to the service's own database. Works against FerretDB (embedded default) and a real
 * MongoDB replica set alike: no transactions, no change streams, only plain CRUD and indexes.
 */
export async function connectMongo(config: PlatformConfig, service: string): Promise<Connection> {
  const connection = mongoose.createConnection(config.mongo.url, {
    dbName: databaseName(config, service),
    serverSelectionTimeoutMS: 10_000,
    autoIndex: true,
  });
  await connection.asPromise();
  return connection;
}

export async function mongoReady(connection: Connection): Promise<boolean> {
  try {
    if (!connection.db) return false;
    await connection.db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * A write refused for a duplicate key (E11000): a single write's error, or an ordered bulk
 * insert's whose first failed write was a duplicate. The retry-safe writes of every service turn
 * it into "already stored".
 */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: { code?: unknown }[] | { code?: unknown } };
  const first = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  return code === 11000 || first?.code === 11000;
}
