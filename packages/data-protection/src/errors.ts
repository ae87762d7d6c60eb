/**
 * What can go wrong when protecting data. Messages name key ids, cipher names and variable
 * names, never key material, plaintext or ciphertext, so they are safe to log.
 */
export class DataProtectionError extends Error {
  override readonly name: string = 'DataProtectionError';
}

/** A key ring or cipher setting that cannot be used (at start-up). */
export class KeyRingError extends DataProtectionError {
  override readonly name: string = 'KeyRingError';
}

/** The cipher asked for is unknown or not built into this platform's OpenSSL. */
export class CipherUnavailableError extends DataProtectionError {
  override readonly name: string = 'CipherUnavailableError';
  constructor(
    readonly cipher: string,
    message: string,
  ) {
    super(message);
  }
}

/** Not a sealed value or encrypted payload at all, or one cut short. */
export class MalformedCiphertextError extends DataProtectionError {
  override readonly name: string = 'MalformedCiphertextError';
}

/** Sealed with a key id that the ring does not hold (retired, or another environment's). */
export class UnknownKeyError extends DataProtectionError {
  override readonly name: string = 'UnknownKeyError';
  constructor(readonly keyId: string) {
    super(`sealed with key id "${keyId}", which is not in the key ring`);
  }
}

/**
 * The authentication tag does not match: the ciphertext or its key id or cipher was altered,
 * the context (associated data) differs from the one it was sealed with, or the key with this
 * id is not the one it was sealed with. These cannot be told apart, by design.
 */
export class DecryptionFailedError extends DataProtectionError {
  override readonly name: string = 'DecryptionFailedError';
  constructor() {
    super('authentication failed: tampered with, sealed for another context, or under another key with the same id');
  }
}
