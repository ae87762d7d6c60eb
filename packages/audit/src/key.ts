/** Shortest HMAC key accepted: 32 bytes (256 bits). */
export const minimumKeyBytes = 32;

export function assertAuditKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length < minimumKeyBytes) {
    throw new Error(`审计日志密钥至少 ${minimumKeyBytes} 字节（当前 ${Buffer.isBuffer(key) ? key.length : 0} 字节）`);
  }
}
