import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  acceptedDeclaredType,
  AttachmentId,
  attachmentIdForKey,
  attachmentsConfig,
  checkDeclaredLength,
  checkRoomFor,
  defaultAttachmentLimits,
  inlineDisposition,
  inspectAttachment,
  newAttachmentId,
  readLimited,
  safeFilename,
  sniffContentType,
  type AttachmentLimits,
} from '../src';

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n');
const text = Buffer.from('just some text, not an image');

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { reason?: string }).reason;
  }
  return undefined;
};

describe('sniffing a file by its first bytes', () => {
  it('knows JPEG, PNG, WebP and PDF, and nothing else', () => {
    expect(sniffContentType(jpeg)).toBe('image/jpeg');
    expect(sniffContentType(png)).toBe('image/png');
    expect(sniffContentType(webp)).toBe('image/webp');
    expect(sniffContentType(pdf)).toBe('application/pdf');
    expect(sniffContentType(text)).toBeUndefined();
    expect(sniffContentType(Buffer.from('RIFF\0\0\0\0WAVE'))).toBeUndefined(); // a RIFF that is not WebP
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e]))).toBeUndefined(); // cut short
    expect(sniffContentType(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('the limits', () => {
  const limits: AttachmentLimits = { maxBytes: 64, maxPerOrder: 3, contentTypes: ['image/jpeg', 'image/png', 'image/webp'] };

  it('takes a file whose bytes are the kind it was declared as, with its size and SHA-256', () => {
    expect(inspectAttachment(png, 'image/png', limits)).toEqual({
      contentType: 'image/png',
      size: png.length,
      sha256: createHash('sha256').update(png).digest('hex'),
    });
    expect(inspectAttachment(jpeg, 'image/jpeg', limits).contentType).toBe('image/jpeg');
    expect(inspectAttachment(webp, 'image/webp', limits).contentType).toBe('image/webp');
  });

  it('refuses a text file sent as image/png, a JPEG sent as PNG, a kind not configured, an empty and a too-large file', () => {
    expect(refusal(() => inspectAttachment(text, 'image/png', limits))).toBe('type-mismatch');
    expect(refusal(() => inspectAttachment(jpeg, 'image/png', limits))).toBe('type-mismatch');
    expect(refusal(() => inspectAttachment(pdf, 'application/pdf', limits))).toBe('unsupported-type');
    expect(refusal(() => inspectAttachment(Buffer.alloc(0), 'image/png', limits))).toBe('empty');
    expect(refusal(() => inspectAttachment(Buffer.concat([png, Buffer.alloc(64)]), 'image/png', limits))).toBe('too-large');
    expect(refusal(() => inspectAttachment(Buffer.concat([png, Buffer.alloc(64 - png.length)]), 'image/png', limits))).toBeUndefined(); // exactly the limit
  });

  it('judges the declared Content-Type and Content-Length before reading the body', () => {
    expect(acceptedDeclaredType('Image/PNG; charset=binary', limits)).toBe('image/png');
    expect(refusal(() => acceptedDeclaredType('text/plain', limits))).toBe('unsupported-type');
    expect(refusal(() => acceptedDeclaredType('image/gif', limits))).toBe('unsupported-type');
    expect(refusal(() => acceptedDeclaredType('application/pdf', limits))).toBe('unsupported-type');
    expect(refusal(() => acceptedDeclaredType(undefined, limits))).toBe('unsupported-type');
    expect(refusal(() => checkDeclaredLength('65', limits))).toBe('too-large');
    expect(refusal(() => checkDeclaredLength('64', limits))).toBeUndefined();
    expect(refusal(() => checkDeclaredLength(undefined, limits))).toBeUndefined();
  });

  it('stops reading a body one byte past the limit', async () => {
    expect((await readLimited(Readable.from([png, png]), 64)).equals(Buffer.concat([png, png]))).toBe(true);
    let pulled = 0;
    const endless = Readable.from((function* () {
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(16);
      }
    })());
    await expect(readLimited(endless, 64)).rejects.toMatchObject({ reason: 'too-large', limits: { maxBytes: 64 } });
    expect(pulled).toBeLessThan(10);
  });

  it('allows a set number of attachments per order', () => {
    expect(refusal(() => checkRoomFor(2, limits))).toBeUndefined();
    expect(refusal(() => checkRoomFor(3, limits))).toBe('too-many');
  });

  it('defaults to 5 MiB, 50 per order, JPEG, PNG, WebP and PDF', () => {
    expect(defaultAttachmentLimits).toEqual({ maxBytes: 5 * 1024 * 1024, maxPerOrder: 50, contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] });
    expect(attachmentsConfig({})).toEqual({ store: { kind: 'gridfs' }, limits: defaultAttachmentLimits });
  });
});

describe('configuration', () => {
  it('reads the limits and the S3 store from the environment', () => {
    const config = attachmentsConfig({
      LIANXIN_ATTACHMENTS_MAX_BYTES: '1048576',
      LIANXIN_ATTACHMENTS_MAX_PER_ORDER: '20',
      LIANXIN_ATTACHMENTS_TYPES: 'image/jpeg, image/png',
      LIANXIN_ATTACHMENTS_STORE: 's3',
      LIANXIN_S3_ENDPOINT: 'http://127.0.0.1:9000',
      LIANXIN_S3_BUCKET: 'lianxin-attachments',
      LIANXIN_S3_ACCESS_KEY_ID: 'minio',
      LIANXIN_S3_SECRET_ACCESS_KEY: 'minio-secret',
    });
    expect(config).toEqual({
      store: { kind: 's3', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'lianxin-attachments', accessKeyId: 'minio', secretAccessKey: 'minio-secret', forcePathStyle: true, prefix: 'attachments/' },
      limits: { maxBytes: 1048576, maxPerOrder: 20, contentTypes: ['image/jpeg', 'image/png'] },
    });
  });

  it('stops at start on a malformed value, naming the variable', () => {
    expect(() => attachmentsConfig({ LIANXIN_ATTACHMENTS_MAX_BYTES: 'lots' })).toThrow(/配置错误 \(附件存储\): LIANXIN_ATTACHMENTS_MAX_BYTES/);
    expect(() => attachmentsConfig({ LIANXIN_ATTACHMENTS_MAX_PER_ORDER: '0' })).toThrow(/LIANXIN_ATTACHMENTS_MAX_PER_ORDER 至少为 1/);
    expect(() => attachmentsConfig({ LIANXIN_ATTACHMENTS_TYPES: 'image/gif' })).toThrow(/LIANXIN_ATTACHMENTS_TYPES/);
    expect(() => attachmentsConfig({ LIANXIN_ATTACHMENTS_STORE: 's3', LIANXIN_S3_BUCKET: 'ok-bucket', LIANXIN_S3_ACCESS_KEY_ID: 'k', LIANXIN_S3_SECRET_ACCESS_KEY: 's', LIANXIN_S3_ENDPOINT: 'ftp://x' })).toThrow(/LIANXIN_S3_ENDPOINT/);
  });
});

describe('ids and names', () => {
  it('makes opaque ids, the same one for the same Idempotency-Key on the same order', () => {
    const id = newAttachmentId();
    expect(AttachmentId.safeParse(id).success).toBe(true);
    expect(newAttachmentId()).not.toBe(id);
    expect(attachmentIdForKey('LX1', 'key-12345678')).toBe(attachmentIdForKey('LX1', 'key-12345678'));
    expect(attachmentIdForKey('LX1', 'key-12345678')).not.toBe(attachmentIdForKey('LX2', 'key-12345678'));
    expect(AttachmentId.safeParse(attachmentIdForKey('LX1', 'key-12345678')).success).toBe(true);
    expect(AttachmentId.safeParse('att_../../etc/passwd').success).toBe(false);
  });

  it('keeps a safe name with the extension of the kind the bytes are', () => {
    expect(safeFilename(encodeURIComponent('东王村 路灯.JPG'), 'att_x', 'image/jpeg')).toBe('东王村 路灯.jpg');
    expect(safeFilename('../../etc/passwd', 'att_x', 'image/png')).toBe('passwd.png');
    expect(safeFilename('C:\\photos\\a"b;c.png', 'att_x', 'image/png')).toBe('abc.png');
    expect(safeFilename('evil.html', 'att_x', 'image/png')).toBe('evil.png');
    expect(safeFilename('\u0000\u0007', 'att_x', 'image/webp')).toBe('att_x.webp');
    expect(safeFilename(undefined, 'att_x', 'application/pdf')).toBe('att_x.pdf');
    expect([...safeFilename('长'.repeat(300), 'att_x', 'image/png')].length).toBeLessThanOrEqual(100);
    expect(safeFilename('%E0%A4%A', 'att_x', 'image/png')).toBe('%E0%A4%A.png'); // not valid percent-encoding: taken as is
  });

  it('offers it inline with an ASCII fallback and the UTF-8 name', () => {
    expect(inlineDisposition('东王村路灯.jpg')).toBe(`inline; filename="_____.jpg"; filename*=UTF-8''${encodeURIComponent('东王村路灯')}.jpg`);
    expect(inlineDisposition("it's (1).png")).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});
