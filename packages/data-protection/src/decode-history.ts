import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { isEncryptedPayload } from './payload-codec';

function isPayload(value: object): value is Payload {
  const metadata = (value as Payload).metadata;
  return typeof metadata === 'object' && metadata !== null && metadata[METADATA_ENCODING_KEY] instanceof Uint8Array;
}

/**
 * Every encrypted payload found anywhere in `value` — typically a fetched
 * `temporal.api.history.v1.History` — replaced, in place, by what `codec` decodes it to. For
 * recording histories that replay without the keys they were encrypted with.
 */
export async function decodeEncryptedPayloads<T>(value: T, codec: PayloadCodec): Promise<T> {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  if (isPayload(value)) return (isEncryptedPayload(value) ? (await codec.decode([value]))[0] : value) as T;
  const container = value as Record<string, unknown>;
  for (const key of Object.keys(container)) {
    const child = container[key];
    if (typeof child === 'object' && child !== null) container[key] = await decodeEncryptedPayloads(child, codec);
  }
  return value;
}
