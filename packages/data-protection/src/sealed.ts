import { decryptBytes, encryptBytes } from './ciphers';
import { MalformedCiphertextError, UnknownKeyError } from './errors';
import type { KeyRing } from './key-ring';

/**
 * Sealed fields: one personal value (a phone number, an address) encrypted into a compact
 * string that can sit in a Kafka event or a MongoDB document in place of the clear value:
 *
 *     lx1.<kid>.<cipher>.<base64url(iv | ciphertext | tag)>
 *
 * The version, key id and cipher are authenticated with the ciphertext, and so is the optional
 * `context` (associated data, e.g. the order id): a value sealed for one order does not open for
 * another. No context and an empty context are the same.
 */
const version = 'lx1';
const sealedPattern = /^lx1\.([A-Za-z0-9_-]{1,64})\.([a-z0-9-]{1,32})\.([A-Za-z0-9_-]+)$/;

function associatedData(keyId: string, cipher: string, context: string | undefined): Buffer {
  // The header holds no NUL, so header and context cannot be confused for another split.
  return Buffer.from(`${version}.${keyId}.${cipher}\u0000${context ?? ''}`, 'utf8');
}

/** Seals `plaintext` with the ring's current key and cipher. */
export function sealText(ring: KeyRing, plaintext: string, context?: string): string {
  const { id } = ring.current;
  const sealed = encryptBytes(ring.cipher, ring.current.secret, Buffer.from(plaintext, 'utf8'), associatedData(id, ring.cipher, context));
  return `${version}.${id}.${ring.cipher}.${sealed.toString('base64url')}`;
}

/**
 * The plaintext of a sealed value. Throws `MalformedCiphertextError` (not a sealed value),
 * `UnknownKeyError` (key id not in the ring), `CipherUnavailableError`, or
 * `DecryptionFailedError` (tampered with, or another context).
 */
export function openText(ring: KeyRing, sealed: string, context?: string): string {
  const match = sealedPattern.exec(sealed);
  if (!match) throw new MalformedCiphertextError('not a sealed value (lx1.<kid>.<cipher>.<data>)');
  const [, keyId, cipher, data] = match as unknown as [string, string, string, string];
  const key = ring.key(keyId);
  if (!key) throw new UnknownKeyError(keyId);
  return decryptBytes(cipher, key.secret, Buffer.from(data, 'base64url'), associatedData(keyId, cipher, context)).toString('utf8');
}

/** Whether `value` has the form of a sealed value (it is not opened). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && sealedPattern.test(value);
}
