import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { KeyRingError } from './errors';

/**
 * Blind indexes: a keyed hash (HMAC-SHA256) of a personal value, so that records can be found
 * by the value (a resident's phone number) without the value being kept. Without the key the
 * hashes cannot be tested against guesses (11-digit phone numbers are few enough that a plain
 * hash would be reversed in minutes); the key lives with the other secrets, never in a database.
 *
 * `LIANXIN_INDEX_KEY`: base64 (or base64url) of at least 32 random bytes. Each use names its
 * purpose (`phone`, …), which is hashed with the value, so one field's hashes never match
 * another's. Changing the key makes what was indexed under the old one unfindable until it is
 * indexed again: it is not rotated like the data keys.
 */
export const indexKeyVariable = 'LIANXIN_INDEX_KEY';

const minimumKeyBytes = 32;
const purposePattern = /^[a-z][a-z0-9-]{0,31}$/;

/** Reads the index key; throws a `KeyRingError` (naming the variable, never the key) if it is unusable. */
export function indexKeyFromEnv(env: NodeJS.ProcessEnv = process.env): KeyObject {
  const raw = env[indexKeyVariable]?.trim();
  const expected = `base64 of at least ${minimumKeyBytes} random bytes, e.g. \`openssl rand -base64 32\``;
  if (!raw) throw new KeyRingError(`${indexKeyVariable} is not set: ${expected}`);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) throw new KeyRingError(`${indexKeyVariable} is not base64: ${expected}`);
  const bytes = Buffer.from(raw, 'base64'); // Node's base64 decoder reads the URL-safe alphabet too
  if (bytes.length < minimumKeyBytes) throw new KeyRingError(`${indexKeyVariable} is ${bytes.length} bytes, must be at least ${minimumKeyBytes}`);
  const key = createSecretKey(bytes);
  bytes.fill(0);
  return key;
}

/**
 * The blind index of one purpose: `value` → 64 hex characters. The caller normalises the value
 * first (the same phone written two ways must give one hash).
 */
export function blindIndex(key: KeyObject, purpose: string): (value: string) => string {
  if (!purposePattern.test(purpose)) throw new KeyRingError(`blind index purpose "${purpose}": 1–32 lower-case letters, digits or '-'`);
  return (value) => createHmac('sha256', key).update(`${purpose}\u0000${value}`, 'utf8').digest('hex');
}

/** The blind index of `purpose` under `LIANXIN_INDEX_KEY` (read once, at start-up). */
export function blindIndexFromEnv(purpose: string, env: NodeJS.ProcessEnv = process.env): (value: string) => string {
  return blindIndex(indexKeyFromEnv(env), purpose);
}
