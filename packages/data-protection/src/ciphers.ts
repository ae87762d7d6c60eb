import { createCipheriv, createDecipheriv, createHmac, createSecretKey, getCiphers, getHashes, hkdfSync, randomBytes, timingSafeEqual, type CipherGCMTypes, type KeyObject } from 'node:crypto';
import { CipherUnavailableError, DecryptionFailedError, MalformedCiphertextError } from './errors';

/**
 * The authenticated ciphers data can be sealed with, chosen by `LIANXIN_CIPHER`:
 *
 * - `aes-256-gcm` (default): AES-256 in GCM, 12-byte random IV, 16-byte tag.
 * - `sm4-gcm`: the national standard SM4 (GB/T 32907) in GCM, 12-byte random IV, 16-byte tag —
 *   only where the platform's OpenSSL has it. Node 20's bundled OpenSSL 3.0 has SM4 (ECB, CBC,
 *   CFB, OFB, CTR) and SM3 but no SM4-GCM, so asking for `sm4-gcm` there refuses at start-up
 *   and names the alternative below; a Node linked against an OpenSSL with SM4-GCM uses it.
 * - `sm4-ctr-hmac-sm3`: SM4 in CTR mode (16-byte random IV) then HMAC-SM3 over the associated
 *   data, IV and ciphertext (encrypt-then-MAC, 32-byte tag, compared in constant time): an
 *   authenticated SM4 cipher built only from what OpenSSL 3.0 has, with SM algorithms only.
 *
 * Every cipher is used with keys derived from the ring's 32-byte key by HKDF (SHA-256 for AES,
 * SM3 for the SM4 ciphers) with the cipher's name as info, so one key never serves two ciphers.
 * The cipher is recorded with each ciphertext: changing `LIANXIN_CIPHER` affects new data only,
 * and everything sealed before still opens (where this platform has its cipher).
 */
export const cipherNames = ['aes-256-gcm', 'sm4-gcm', 'sm4-ctr-hmac-sm3'] as const;
export type CipherName = (typeof cipherNames)[number];
export const defaultCipher: CipherName = 'aes-256-gcm';

interface CipherSuite {
  /** Whether this platform's OpenSSL has what the cipher needs. */
  available(): boolean;
  /** `iv | ciphertext | tag`. */
  seal(key: KeyObject, plaintext: Uint8Array, associatedData: Uint8Array): Buffer;
  open(key: KeyObject, sealed: Uint8Array, associatedData: Uint8Array): Buffer;
}

const derivedKeys = new WeakMap<KeyObject, Map<string, KeyObject>>();

/** A subkey of `key` for one purpose, derived once and kept as a KeyObject (never printed). */
function derive(key: KeyObject, hash: 'sha256' | 'sm3', info: string, length: number): KeyObject {
  let byInfo = derivedKeys.get(key);
  if (!byInfo) {
    byInfo = new Map();
    derivedKeys.set(key, byInfo);
  }
  let derived = byInfo.get(info);
  if (!derived) {
    derived = createSecretKey(Buffer.from(hkdfSync(hash, key, Buffer.alloc(0), `lianxin/${info}`, length)));
    byInfo.set(info, derived);
  }
  return derived;
}

function listed(cipher: string, hash?: string): boolean {
  return getCiphers().includes(cipher) && (hash === undefined || getHashes().includes(hash));
}

function gcm(name: 'aes-256-gcm' | 'sm4-gcm', keyLength: number, hash: 'sha256' | 'sm3'): CipherSuite {
  const ivLength = 12;
  const tagLength = 16;
  // Node's typings list only the AES and ChaCha GCM/AEAD names; OpenSSL decides what exists.
  const algorithm = name as CipherGCMTypes;
  return {
    available: () => listed(name, hash),
    seal(key, plaintext, associatedData) {
      const iv = randomBytes(ivLength);
      const cipher = createCipheriv(algorithm, derive(key, hash, name, keyLength), iv, { authTagLength: tagLength });
      cipher.setAAD(associatedData);
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
    },
    open(key, sealed, associatedData) {
      if (sealed.length < ivLength + tagLength) throw new MalformedCiphertextError(`${name} ciphertext is too short`);
      const iv = sealed.subarray(0, ivLength);
      const tag = sealed.subarray(sealed.length - tagLength);
      const decipher = createDecipheriv(algorithm, derive(key, hash, name, keyLength), iv, { authTagLength: tagLength });
      decipher.setAAD(associatedData);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(sealed.subarray(ivLength, sealed.length - tagLength)), decipher.final()]);
      } catch {
        throw new DecryptionFailedError();
      }
    },
  };
}

function sm4CtrHmacSm3(): CipherSuite {
  const name = 'sm4-ctr-hmac-sm3';
  const ivLength = 16;
  const tagLength = 32;
  const keys = (key: KeyObject) => ({
    encryption: derive(key, 'sm3', `${name}/sm4`, 16),
    authentication: derive(key, 'sm3', `${name}/hmac`, 32),
  });
  const tagOf = (macKey: KeyObject, associatedData: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(associatedData.length);
    return createHmac('sm3', macKey).update(length).update(associatedData).update(iv).update(ciphertext).digest();
  };
  return {
    available: () => listed('sm4-ctr', 'sm3'),
    seal(key, plaintext, associatedData) {
      const { encryption, authentication } = keys(key);
      const iv = randomBytes(ivLength);
      const cipher = createCipheriv('sm4-ctr', encryption, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([iv, ciphertext, tagOf(authentication, associatedData, iv, ciphertext)]);
    },
    open(key, sealed, associatedData) {
      if (sealed.length < ivLength + tagLength) throw new MalformedCiphertextError(`${name} ciphertext is too short`);
      const { encryption, authentication } = keys(key);
      const iv = sealed.subarray(0, ivLength);
      const ciphertext = sealed.subarray(ivLength, sealed.length - tagLength);
      const tag = sealed.subarray(sealed.length - tagLength);
      if (!timingSafeEqual(tag, tagOf(authentication, associatedData, iv, ciphertext))) throw new DecryptionFailedError();
      const decipher = createDecipheriv('sm4-ctr', encryption, iv);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    },
  };
}

const suites: Record<CipherName, CipherSuite> = {
  'aes-256-gcm': gcm('aes-256-gcm', 32, 'sha256'),
  'sm4-gcm': gcm('sm4-gcm', 16, 'sm3'),
  'sm4-ctr-hmac-sm3': sm4CtrHmacSm3(),
};

export function isCipherName(value: string): value is CipherName {
  return (cipherNames as readonly string[]).includes(value);
}

/** The ciphers this platform's OpenSSL can run. */
export function availableCiphers(): CipherName[] {
  return cipherNames.filter((name) => suites[name].available());
}

function unavailable(name: string): CipherUnavailableError {
  if (!isCipherName(name)) {
    return new CipherUnavailableError(name, `unknown cipher "${name}"; use one of ${cipherNames.join(', ')}`);
  }
  const alternative = name === 'sm4-gcm' && suites['sm4-ctr-hmac-sm3'].available() ? '; for SM4 use sm4-ctr-hmac-sm3 (SM4-CTR with an HMAC-SM3 tag)' : '';
  return new CipherUnavailableError(
    name,
    `cipher ${name} is not available in this Node's OpenSSL ${process.versions.openssl}${alternative}; available: ${availableCiphers().join(', ')}`,
  );
}

/** `value` (e.g. `LIANXIN_CIPHER`) as a cipher this platform runs, the default when empty. */
export function chooseCipher(value: string | undefined): CipherName {
  const name = value === undefined || value.trim() === '' ? defaultCipher : value.trim().toLowerCase();
  if (!isCipherName(name) || !suites[name].available()) throw unavailable(name);
  return name;
}

/** Encrypts `plaintext` bound to `associatedData`: `iv | ciphertext | tag`. */
export function encryptBytes(cipher: CipherName, key: KeyObject, plaintext: Uint8Array, associatedData: Uint8Array): Buffer {
  return suites[cipher].seal(key, plaintext, associatedData);
}

/** The plaintext of `sealed`, whose cipher name comes from the ciphertext's own label. */
export function decryptBytes(cipher: string, key: KeyObject, sealed: Uint8Array, associatedData: Uint8Array): Buffer {
  if (!isCipherName(cipher)) throw new MalformedCiphertextError('ciphertext names no known cipher');
  if (!suites[cipher].available()) throw unavailable(cipher);
  return suites[cipher].open(key, sealed, associatedData);
}
