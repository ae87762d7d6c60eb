import { auditKeyFromEnv } from '../env';
import { verifyAuditTrail } from '../verify';
import { exitCodes, runCommand, withAuditDatabase } from './audit-db';

/**
 * `npm run audit:verify`: checks every chain of the audit database (MONGO_URL, MONGO_DB_PREFIX)
 * with LIANXIN_AUDIT_KEY; prints a line per chain; exit 1 when any chain is broken.
 */
runCommand(async () => {
  const key = auditKeyFromEnv();
  const verification = await withAuditDatabase(process.env, (db) => verifyAuditTrail(db, { key }));
  if (verification.chains.length === 0) process.stdout.write('(no audit chains)\n');
  for (const chain of verification.chains) {
    const line = chain.broken
      ? `✗ ${chain.chain}: record ${chain.broken.recordId} (seq ${chain.broken.seq}): ${chain.broken.message}`
      : `✓ ${chain.chain}: ${chain.count} records`;
    process.stdout.write(`${line}\n`);
  }
  return verification.ok ? exitCodes.ok : exitCodes.broken;
});
