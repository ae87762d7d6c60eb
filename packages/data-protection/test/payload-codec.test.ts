import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  availableCiphers,
  createPayloadCodec,
  decodeEncryptedPayloads,
  DecryptionFailedError,
  encryptingDataConverter,
  parseKeyRing,
  payloadCodecFromEnv,
  UnknownKeyError,
} from '../src';
import { keyEntry } from './keys';

const intake = { resident: { name: '王秀英', phone: '13912345678' }, location: { address: '东湾村3组12号' } };
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

function clearPayload(): Payload {
  return defaultPayloadConverter.toPayload(intake);
}

describe.each(availableCiphers())('the payload codec with %s', (cipher) => {
  it('encrypts the whole payload and labels it with encoding, key id and cipher only', async () => {
    const codec = createPayloadCodec(parseKeyRing(keyEntry('p1'), { cipher }));
    const original = clearPayload();
    const [encoded] = await codec.encode([original]);
    expect(Object.keys(encoded!.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-cipher', 'encryption-key-id']);
    expect(text(encoded!.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(encoded!.metadata?.['encryption-key-id'])).toBe('p1');
    expect(text(encoded!.metadata?.['encryption-cipher'])).toBe(cipher);
    expect(text(encoded!.data)).not.toContain('13912345678');
    expect(text(encoded!.data)).not.toContain('json/plain');
    const [decoded] = await codec.decode([encoded!]);
    expect(text(decoded!.metadata?.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(intake);
  });
});

describe('the payload codec', () => {
  it('decodes payloads encrypted under an older key after rotation', async () => {
    const old = keyEntry('p1');
    const [before] = await createPayloadCodec(parseKeyRing(old)).encode([clearPayload()]);
    const rotated = createPayloadCodec(parseKeyRing(`${keyEntry('p2')},${old}`));
    const [after] = await rotated.encode([clearPayload()]);
    expect(text(after!.metadata?.['encryption-key-id'])).toBe('p2');
    const decoded = await rotated.decode([before!, after!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([intake, intake]);
    await expect(createPayloadCodec(parseKeyRing(old)).decode([after!])).rejects.toThrow(UnknownKeyError);
  });

  it('leaves payloads of other encodings untouched (histories recorded before encryption)', async () => {
    const codec = createPayloadCodec(parseKeyRing(keyEntry('p1')));
    const plain = clearPayload();
    const binaryNull = defaultPayloadConverter.toPayload(undefined);
    const decoded = await codec.decode([plain, binaryNull]);
    expect(decoded[0]).toBe(plain);
    expect(decoded[1]).toBe(binaryNull);
  });

  it('refuses tampered data and a relabelled key id', async () => {
    const material = keyEntry('p1').slice(3);
    const codec = createPayloadCodec(parseKeyRing(`p1:${material},p2:${material}`));
    const [encoded] = await codec.encode([clearPayload()]);
    const data = Buffer.from(encoded!.data!);
    data[data.length - 20]! ^= 1;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(DecryptionFailedError);
    const relabelled = { ...encoded!, metadata: { ...encoded!.metadata, 'encryption-key-id': Buffer.from('p2') } };
    await expect(codec.decode([relabelled])).rejects.toThrow(DecryptionFailedError);
  });

  it('is built from LIANXIN_PAYLOAD_KEYS, and refuses to start without it', async () => {
    const env = { LIANXIN_PAYLOAD_KEYS: keyEntry('p7') };
    const [encoded] = await payloadCodecFromEnv(env).encode([clearPayload()]);
    expect(text(encoded!.metadata?.['encryption-key-id'])).toBe('p7');
    expect(encryptingDataConverter(env).payloadCodecs).toHaveLength(1);
    expect(() => payloadCodecFromEnv({})).toThrow(/LIANXIN_PAYLOAD_KEYS is not set/);
  });

  it('decodes every encrypted payload inside a history, leaving the rest', async () => {
    const codec = createPayloadCodec(parseKeyRing(keyEntry('p1')));
    const [input] = await codec.encode([clearPayload()]);
    const [result] = await codec.encode([defaultPayloadConverter.toPayload({ status: 'closed' })]);
    const plain = defaultPayloadConverter.toPayload('already plain');
    const History = temporal.api.history.v1.History;
    const recorded = History.decode(
      History.encode({
        events: [
          { workflowExecutionStartedEventAttributes: { input: { payloads: [input!] } } },
          { workflowExecutionCompletedEventAttributes: { result: { payloads: [result!, plain] } } },
        ],
      }).finish(),
    );
    const decoded = await decodeEncryptedPayloads(recorded, codec);
    const [started, completed] = decoded.events ?? [];
    expect(defaultPayloadConverter.fromPayload(started!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!)).toEqual(intake);
    const results = completed!.workflowExecutionCompletedEventAttributes!.result!.payloads!;
    expect(results.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ status: 'closed' }, 'already plain']);
    // What is decoded encodes again as a History, as the recorder writes it.
    const again = History.decode(History.encode(decoded).finish());
    expect(again.events).toHaveLength(2);
    expect(text(History.encode(decoded).finish())).toContain('13912345678');
  });
});
