import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isAttachmentContentType } from './content-types';
import { collectExactly, type AttachmentMetadata, type AttachmentStore, type StoredObject } from './store';

/** Where an S3-compatible store is and how to sign in to it (see `attachmentsConfig`). */
export interface S3StoreConfig {
  /** e.g. `https://oss-cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:9000` (MinIO); AWS itself when absent. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (MinIO and most self-hosted stores). */
  forcePathStyle: boolean;
  /** Put before every key, e.g. `attachments/`. */
  prefix: string;
}

/** The client for `config`: SigV4-signed, checksums only where the protocol requires them (S3-compatible stores vary). */
export function s3Client(config: S3StoreConfig): S3Client {
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

const isMissing = (error: unknown) => {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
};

/** S3 user metadata is ASCII: the name travels percent-encoded. */
const decodeName = (value: string | undefined, key: string) => {
  try {
    return value ? decodeURIComponent(value) : key;
  } catch {
    return key;
  }
};

/**
 * Attachments in an S3-compatible object store (AWS S3, MinIO, Aliyun OSS, Tencent COS …), one
 * object per key under `prefix`, with the kind as Content-Type and the hash and name as user
 * metadata. Files are sent whole with their length (their size is bounded by the limits).
 */
export function s3AttachmentStore(config: S3StoreConfig, client: S3Client = s3Client(config)): AttachmentStore & { close(): void } {
  const objectKey = (key: string) => `${config.prefix}${key}`;

  const recordOf = (key: string, head: { ContentLength?: number; ContentType?: string; Metadata?: Record<string, string> }): StoredObject => {
    const contentType = head.ContentType?.split(';')[0]?.trim().toLowerCase();
    if (!isAttachmentContentType(contentType)) throw new Error(`stored object ${key} has no accepted content type`);
    return {
      key,
      store: 's3',
      contentType,
      size: head.ContentLength ?? 0,
      sha256: head.Metadata?.['sha256'] ?? '',
      filename: decodeName(head.Metadata?.['filename'], key),
    };
  };

  return {
    kind: 's3',
    async put(key: string, body: Buffer | Readable, metadata: AttachmentMetadata): Promise<StoredObject> {
      const bytes = Buffer.isBuffer(body) ? body : await collectExactly(body, metadata.size);
      if (bytes.length !== metadata.size) throw new Error(`${bytes.length} bytes for ${key}, ${metadata.size} announced`);
      await client.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: metadata.contentType,
          Metadata: { sha256: metadata.sha256, filename: encodeURIComponent(metadata.filename) },
          // Never overwrite: a key is one file for ever.
          IfNoneMatch: '*',
        }),
      );
      return { key, store: 's3', ...metadata };
    },
    async open(key: string): Promise<Readable | undefined> {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
        if (!(object.Body instanceof Readable)) throw new Error(`no readable body for ${key}`);
        return object.Body;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async stat(key: string): Promise<StoredObject | undefined> {
      try {
        return recordOf(key, await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: objectKey(key) })));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async remove(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: objectKey(key) }));
    },
    close() {
      client.destroy();
    },
  };
}
