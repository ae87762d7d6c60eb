import { createSecretKey, type KeyObject } from 'node:crypto';
import { chooseCipher, type CipherName } from './ciphers';
import { KeyRingError } from './errors';

/**
 * Key rings: `kid:base64key[,kid:base64key…]`, each key 32 random bytes. The first key is the
 * current one, which seals new data; every key opens what was sealed with it. To rotate, put a
 * new key first and keep the old ones after it until nothing sealed with them is left.
 *
 * Keys are held as KeyObjects, so printing or logging a ring shows no key material; errors name
 * the variable, the entry's position and its key id, never the key.
 */
export const payloadKeysVariable = 'LIANXIN_PAYLOAD_KEYS';
export const dataKeysVariable = 'LIANXIN_DATA_KEYS';
export const cipherVariable = 'LIANXIN_CIPHER';

export const keyLength = 32;

export interface DataKey {
  readonly id: string;
  readonly secret: KeyObject;
}

export interface KeyRing {
  /** The cipher new data is sealed with; data sealed with any other available cipher still opens. */
  readonly cipher: CipherName;
  /** The key new data is sealed with: the first of the list. */
  readonly current: DataKey;
  /** Every key id, current first. */
  readonly ids: readonly string[];
  /** The key with this id, if the ring holds it. */
  key(id: string): DataKey | undefined;
}

/** Key ids go into sealed values (`lx1.<kid>.…`) and payload metadata: short, no separators. */
const keyIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
/** Standard or URL-safe base64, padded or not. */
const base64Pattern = /^[A-Za-z0-9+/_-]+={0,2}$/;

const expected = `expected kid:base64key[,kid:base64key…] with ${keyLength}-byte keys, e.g. k1:<base64 of ${keyLength} random bytes>`;

export interface KeyRingOptions {
  /** Named in error messages, e.g. the environment variable. */
  source?: string;
  cipher?: CipherName;
}

/** Parses a key ring; throws a `KeyRingError` (without key material) if any entry is unusable. */
export function parseKeyRing(value: string | undefined, options: KeyRingOptions = {}): KeyRing {
  const source = options.source ?? 'key ring';
  if (value === undefined || value.trim() === '') throw new KeyRingError(`${source} is not set: ${expected}`);
  const keys = new Map<string, DataKey>();
  value.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const position = `${source} entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new KeyRingError(`${position} has no key id: ${expected}`);
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!keyIdPattern.test(id)) throw new KeyRingError(`${position}: a key id is 1–64 letters, digits, '-' or '_'`);
    if (keys.has(id)) throw new KeyRingError(`${position}: key id "${id}" appears twice`);
    if (!base64Pattern.test(encoded)) throw new KeyRingError(`${position} (key id "${id}"): the key is not base64`);
    const bytes = Buffer.from(encoded, 'base64'); // Node's base64 decoder reads the URL-safe alphabet too
    if (bytes.length !== keyLength) {
      throw new KeyRingError(`${position} (key id "${id}"): the key is ${bytes.length} bytes, must be ${keyLength}`);
    }
    keys.set(id, { id, secret: createSecretKey(bytes) });
    bytes.fill(0);
  });
  const ids = [...keys.keys()];
  const current = keys.get(ids[0]!)!;
  return {
    cipher: options.cipher ?? chooseCipher(undefined),
    current,
    ids,
    key: (id) => keys.get(id),
  };
}

/**
 * The key ring in `env[variable]` (`LIANXIN_PAYLOAD_KEYS` or `LIANXIN_DATA_KEYS`), sealing with
 * the cipher in `LIANXIN_CIPHER` (default aes-256-gcm). Throws at start-up when either is unusable.
 */
export function keyRingFromEnv(env: NodeJS.ProcessEnv, variable: string): KeyRing {
  return parseKeyRing(env[variable], { source: variable, cipher: chooseCipher(env[cipherVariable]) });
}
