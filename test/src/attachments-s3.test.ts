import { createHash } from 'node:crypto';
import { attachmentsConfig, inspectAttachment, defaultAttachmentLimits, openAttachmentStore, s3AttachmentStore, type AttachmentStore, type S3StoreConfig } from '@lianxin/attachments';
import type { Connection } from 'mongoose';
import { startS3Sink, type S3Sink } from '@lianxin/infra';

/**
 * The S3 attachment store against a real S3-compatible HTTP server (infra/src/sinks/s3): the AWS
 * SDK signs every request with SigV4, the server checks each signature with the key pair it
 * knows, and keeps the objects. Nothing is mocked between the store and the server.
 */
const bucket = 'lianxin-attachments';
let sink: S3Sink;

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR — 一张现场照片的字节')]);

function storeFor(overrides: Partial<S3StoreConfig> = {}): AttachmentStore & { close(): void } {
  const config = attachmentsConfig({
    LIANXIN_ATTACHMENTS_STORE: 's3',
    LIANXIN_S3_ENDPOINT: sink.url,
    LIANXIN_S3_BUCKET: bucket,
    LIANXIN_S3_REGION: sink.credentials.region,
    LIANXIN_S3_ACCESS_KEY_ID: sink.credentials.accessKeyId,
    LIANXIN_S3_SECRET_ACCESS_KEY: sink.credentials.secretAccessKey,
  });
  if (config.store.kind !== 's3') throw new Error('expected the s3 store');
  // As the residents service opens it (the S3 code loaded on demand), unless a test overrides a setting.
  if (Object.keys(overrides).length === 0) return openAttachmentStore(config.store, undefined as unknown as Connection) as AttachmentStore & { close(): void };
  const { kind: _kind, ...s3 } = config.store;
  return s3AttachmentStore({ ...s3, ...overrides });
}

const stores: Array<{ close(): void }> = [];
const opened = (store: AttachmentStore & { close(): void }) => {
  stores.push(store);
  return store;
};

beforeAll(async () => {
  sink = await startS3Sink({ buckets: [bucket], accessKeyId: 'LXTESTACCESSKEY', secretAccessKey: 'lianxin-test-secret', region: 'cn-north-1' });
});
afterAll(async () => {
  stores.forEach((store) => store.close());
  await sink?.close();
});

describe('the S3 attachment store against an S3-compatible server', () => {
  it('puts, stats and reads back an object byte for byte, every request SigV4-signed with the configured key', async () => {
    const store = opened(storeFor());
    const inspected = inspectAttachment(png, 'image/png', defaultAttachmentLimits);
    const stored = await store.put('att_0123456789abcdef0123456789abcdef', png, { ...inspected, filename: '东王村路灯.png' });
    expect(stored).toMatchObject({ key: 'att_0123456789abcdef0123456789abcdef', store: 's3', contentType: 'image/png', size: png.length });

    const [object] = sink.objects();
    expect(object).toMatchObject({ bucket, key: 'attachments/att_0123456789abcdef0123456789abcdef', contentType: 'image/png', metadata: { sha256: inspected.sha256 } });
    expect(object!.body.equals(png)).toBe(true);

    expect(await store.stat('att_0123456789abcdef0123456789abcdef')).toEqual({
      key: 'att_0123456789abcdef0123456789abcdef',
      store: 's3',
      contentType: 'image/png',
      size: png.length,
      sha256: createHash('sha256').update(png).digest('hex'),
      filename: '东王村路灯.png',
    });
    const stream = await store.open('att_0123456789abcdef0123456789abcdef');
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(png)).toBe(true);

    const requests = sink.requests();
    expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 200', 'HEAD 200', 'GET 200']);
    for (const request of requests) {
      expect(request.accessKeyId).toBe('LXTESTACCESSKEY');
      expect(request.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-content-sha256']));
      expect(request.path).toBe(`/${bucket}/attachments/att_0123456789abcdef0123456789abcdef`); // path-style
    }
  });

  it('never overwrites a key, and answers undefined for what is not stored', async () => {
    const store = opened(storeFor());
    const inspected = inspectAttachment(png, 'image/png', defaultAttachmentLimits);
    await store.put('att_11111111111111111111111111111111', png, { ...inspected, filename: 'a.png' });
    await expect(store.put('att_11111111111111111111111111111111', png, { ...inspected, filename: 'a.png' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    expect(await store.stat('att_ffffffffffffffffffffffffffffffff')).toBeUndefined();
    expect(await store.open('att_ffffffffffffffffffffffffffffffff')).toBeUndefined();
    await store.remove('att_11111111111111111111111111111111');
    expect(await store.stat('att_11111111111111111111111111111111')).toBeUndefined();
  });

  it('is refused by the server with a wrong secret, an unknown access key, or no signature at all', async () => {
    const inspected = inspectAttachment(png, 'image/png', defaultAttachmentLimits);
    const wrongSecret = opened(storeFor({ secretAccessKey: 'not-the-secret' }));
    await expect(wrongSecret.put('att_22222222222222222222222222222222', png, { ...inspected, filename: 'b.png' })).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    const wrongKey = opened(storeFor({ accessKeyId: 'SOMEONEELSE' }));
    await expect(wrongKey.put('att_22222222222222222222222222222222', png, { ...inspected, filename: 'b.png' })).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
    const unsigned = await fetch(`${sink.url}/${bucket}/attachments/att_22222222222222222222222222222222`, { method: 'PUT', body: png });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>AccessDenied</Code>');
    expect(sink.objects().some((o) => o.key.endsWith('att_22222222222222222222222222222222'))).toBe(false);
  });

  it('refuses an S3 configuration that lacks the bucket or the keys, naming the variables but not the secret', () => {
    expect(() => attachmentsConfig({ LIANXIN_ATTACHMENTS_STORE: 's3', LIANXIN_S3_SECRET_ACCESS_KEY: 'hush-hush' })).toThrow(/LIANXIN_S3_BUCKET.*LIANXIN_S3_ACCESS_KEY_ID/);
    try {
      attachmentsConfig({ LIANXIN_ATTACHMENTS_STORE: 's3', LIANXIN_S3_SECRET_ACCESS_KEY: 'hush-hush' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hush-hush');
    }
    expect(() => attachmentsConfig({ LIANXIN_ATTACHMENTS_STORE: 'ftp' })).toThrow(/LIANXIN_ATTACHMENTS_STORE 应为 gridfs 或 s3/);
  });
});
