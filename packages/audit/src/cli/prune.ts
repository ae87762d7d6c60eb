import { auditKeyFromEnv, auditRetentionDaysFromEnv } from '../env';
import { pruneAuditTrail } from '../prune';
import { exitCodes, runCommand, withAuditDatabase } from './audit-db';

/**
 * `npm run audit:prune`: removes audit records older than LIANXIN_AUDIT_RETENTION_DAYS (default
 * 180) from the start of each chain and re-anchors it; a chain that does not verify is left
 * whole and reported (exit 1).
 */
runCommand(async () => {
  const key = auditKeyFromEnv();
  const retentionDays = auditRetentionDaysFromEnv();
  const result = await withAuditDatabase(process.env, (db) => pruneAuditTrail(db, { key, retentionDays }));
  if (result.chains.length === 0) process.stdout.write('(no audit chains)\n');
  for (const chain of result.chains) {
    const line = chain.notPruned
      ? `✗ ${chain.chain}: not pruned: record ${chain.notPruned.recordId} (seq ${chain.notPruned.seq}): ${chain.notPruned.message}`
      : `✓ ${chain.chain}: removed ${chain.removed} records older than ${retentionDays} days, kept from seq ${chain.firstSeq}`;
    process.stdout.write(`${line}\n`);
  }
  return result.chains.some((chain) => chain.notPruned) ? exitCodes.broken : exitCodes.ok;
});
