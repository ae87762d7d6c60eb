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
