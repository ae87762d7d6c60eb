import type { Connection } from 'mongoose';
import { auditDatabaseName, auditKeyFromEnv } from './env';
import { auditTrail, type AuditTrail } from './trail';

/**
 * The audit trail of one service: its own chain in the shared audit database, on the service's
 * MongoDB connection, keyed by LIANXIN_AUDIT_KEY.
 */
export function serviceAuditTrail(db: Connection, dbPrefix: string, chain: string, env: NodeJS.ProcessEnv = process.env): AuditTrail {
  return auditTrail(db.useDb(auditDatabaseName(dbPrefix), { useCache: true }), { chain, key: auditKeyFromEnv(env) });
}
