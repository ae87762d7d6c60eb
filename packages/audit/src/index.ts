export type { AuditEntry, AuditKind } from './entry';
export { auditTrail, type AuditTrail, type AuditTrailOptions } from './trail';
export { verifyAuditTrail, type AuditBreak, type AuditBreakKind, type AuditChainVerification, type AuditVerification } from './verify';
export { pruneAuditTrail, type AuditChainPrune, type AuditPruneOptions, type AuditPruneResult } from './prune';
export { auditDatabaseName, auditKeyFromEnv, auditRetentionDaysFromEnv, defaultAuditRetentionDays } from './env';
export { serviceAuditTrail } from './service-trail';
