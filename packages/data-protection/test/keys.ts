import { randomBytes } from 'node:crypto';

/** A key ring entry `kid:<base64 of 32 random bytes>`. */
export function keyEntry(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}
