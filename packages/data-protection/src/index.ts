export { availableCiphers, chooseCipher, cipherNames, defaultCipher, isCipherName, type CipherName } from './ciphers';
export { CipherUnavailableError, DataProtectionError, DecryptionFailedError, KeyRingError, MalformedCiphertextError, UnknownKeyError } from './errors';
export { cipherVariable, dataKeysVariable, keyRingFromEnv, parseKeyRing, payloadKeysVariable, type DataKey, type KeyRing, type KeyRingOptions } from './key-ring';
export { isSealed, openText, sealText } from './sealed';
export {
  cipherMetadataKey,
  createPayloadCodec,
  encryptedEncoding,
  encryptingDataConverter,
  EncryptionCodec,
  isEncryptedPayload,
  keyIdMetadataKey,
  payloadCodecFromEnv,
} from './payload-codec';
export { CodecBody, codecServerRouter, type CodecServerOptions } from './codec-server';
export { decodeEncryptedPayloads } from './decode-history';
export { personalDataOpener, personalDataSealer, textSealer } from './personal-data';
export { blindIndex, blindIndexFromEnv, indexKeyFromEnv, indexKeyVariable } from './blind-index';
