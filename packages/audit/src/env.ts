import { assertAuditKey, minimumKeyBytes } from './key';

/**
 * The audit trail's HMAC key: `LIANXIN_AUDIT_KEY`, base64, at least 32 bytes once decoded.
 * Keep it out of the database it protects (a secret store, the deployment's environment).
 */
export function auditKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer {
  const raw = env.LIANXIN_AUDIT_KEY?.trim();
  if (!raw) {
    throw new Error(
      `配置错误: 未设置 LIANXIN_AUDIT_KEY（审计日志的 HMAC 密钥，base64 编码，至少 ${minimumKeyBytes} 字节；可用 \`openssl rand -base64 32\` 生成）`,
    );
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw) && !/^[A-Za-z0-9_-]+={0,2}$/.test(raw)) {
    throw new Error('配置错误: LIANXIN_AUDIT_KEY 不是 base64 编码');
  }
  const key = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
  try {
    assertAuditKey(key);
  } catch {
    throw new Error(`配置错误: LIANXIN_AUDIT_KEY 解码后只有 ${key.length} 字节，至少需要 ${minimumKeyBytes} 字节`);
  }
  return key;
}

/** Default retention: 180 days (等保三级 asks to keep audit records at least six months). */
export const defaultAuditRetentionDays = 180;

/** How long audit records are kept: `LIANXIN_AUDIT_RETENTION_DAYS`, whole days, default 180. */
export function auditRetentionDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LIANXIN_AUDIT_RETENTION_DAYS?.trim();
  if (!raw) return defaultAuditRetentionDays;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(days) || days < 1) {
    throw new Error(`配置错误: LIANXIN_AUDIT_RETENTION_DAYS=${raw} 应为正整数（天）`);
  }
  return days;
}

/** The audit database of a deployment: `<prefix>_audit`, apart from every service's own. */
export function auditDatabaseName(dbPrefix: string): string {
  return `${dbPrefix}_audit`;
}
