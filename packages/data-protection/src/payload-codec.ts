import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { decryptBytes, encryptBytes } from './ciphers';
import { MalformedCiphertextError, UnknownKeyError } from './errors';
import { keyRingFromEnv, payloadKeysVariable, type KeyRing } from './key-ring';

/**
 * The Temporal payload codec: every payload a client or worker sends (workflow and activity
 * arguments and results, Update and Query arguments, memos, …) is encrypted whole — the
 * original Payload, serialised, becomes the data of a new one whose metadata says only
 * `encoding: binary/encrypted`, `encryption-key-id: <kid>`, `encryption-cipher: <cipher>`.
 * So Temporal's history holds no personal data in clear. The key id and cipher are
 * authenticated with the ciphertext.
 *
 * Decode opens a payload with the key its metadata names, and leaves payloads of any other
 * encoding as they are: histories written before encryption still replay.
 */
export const encryptedEncoding = 'binary/encrypted';
export const keyIdMetadataKey = 'encryption-key-id';
export const cipherMetadataKey = 'encryption-cipher';

const Proto = temporal.api.common.v1.Payload;

const text = (bytes: Uint8Array | null | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

function associatedData(keyId: string, cipher: string): Buffer {
  return Buffer.from(`lianxin-payload.${keyId}.${cipher}`, 'utf8');
}

export function isEncryptedPayload(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === encryptedEncoding;
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncryptedPayload(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, secret } = this.ring.current;
    const { cipher } = this.ring;
    const serialised = Proto.encode(payload).finish();
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(encryptedEncoding),
        [keyIdMetadataKey]: Buffer.from(id),
        [cipherMetadataKey]: Buffer.from(cipher),
      },
      data: encryptBytes(cipher, secret, serialised, associatedData(id, cipher)),
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[keyIdMetadataKey]);
    const cipher = text(payload.metadata?.[cipherMetadataKey]);
    if (!keyId || !cipher || !payload.data) throw new MalformedCiphertextError('encrypted payload without key id, cipher or data');
    const key = this.ring.key(keyId);
    if (!key) throw new UnknownKeyError(keyId);
    const serialised = decryptBytes(cipher, key.secret, payload.data, associatedData(keyId, cipher));
    return Proto.decode(serialised);
  }
}

export function createPayloadCodec(ring: KeyRing): PayloadCodec {
  return new EncryptionCodec(ring);
}

/** The codec with the key ring in `LIANXIN_PAYLOAD_KEYS` (and cipher in `LIANXIN_CIPHER`). */
export function payloadCodecFromEnv(env: NodeJS.ProcessEnv = process.env): PayloadCodec {
  return createPayloadCodec(keyRingFromEnv(env, payloadKeysVariable));
}

/**
 * The data converter for every Temporal client, worker and replayer of the project: the
 * default payload and failure converters, then the encryption codec from `env`.
 */
export function encryptingDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  return { payloadCodecs: [payloadCodecFromEnv(env)] };
}
