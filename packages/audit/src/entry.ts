export { AuditEntrySchema, auditKinds, type AuditEntry, type AuditKind } from '@lianxin/contracts';
