import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo, type Connection } from 'mongoose';
import { isAttachmentContentType } from './content-types';
import type { AttachmentMetadata, AttachmentStore, StoredObject } from './store';

/** The bucket's collections: `attachments.files` and `attachments.chunks`. */
export const gridFsBucketName = 'attachments';

interface FileMetadata {
  contentType: string;
  sha256: string;
  filename: string;
}

/**
 * GridFS keys files by any value; the driver's types say ObjectId only. Keys here are the
 * service's own strings (`att_…`), so they are passed through as they are.
 */
const asFileId = (key: string) => key as unknown as mongo.ObjectId;

/**
 * Attachments in GridFS (`attachments.files` / `attachments.chunks`) of the service's own
 * database: the default, needing nothing but the MongoDB-compatible store the service already has.
 * A file's `_id` is its key; its kind, hash and name are in `metadata`.
 */
export function gridFsAttachmentStore(db: Connection, bucketName = gridFsBucketName): AttachmentStore {
  const bucket = () => {
    if (!db.db) throw new Error('the database connection is not open');
    return new mongo.GridFSBucket(db.db, { bucketName });
  };

  async function stat(key: string): Promise<StoredObject | undefined> {
    const [file] = await bucket().find({ _id: asFileId(key) }).limit(1).toArray();
    if (!file) return undefined;
    const metadata = (file.metadata ?? {}) as Partial<FileMetadata>;
    if (!isAttachmentContentType(metadata.contentType)) throw new Error(`stored file ${key} has no accepted content type`);
    return { key, store: 'gridfs', size: file.length, contentType: metadata.contentType, sha256: metadata.sha256 ?? '', filename: metadata.filename ?? file.filename };
  }

  async function remove(key: string): Promise<void> {
    try {
      await bucket().delete(asFileId(key));
    } catch (error) {
      if (!/not found/i.test((error as Error).message)) throw error;
    }
  }

  return {
    kind: 'gridfs',
    async put(key: string, body: Buffer | Readable, metadata: AttachmentMetadata): Promise<StoredObject> {
      const fileMetadata: FileMetadata = { contentType: metadata.contentType, sha256: metadata.sha256, filename: metadata.filename };
      const upload = bucket().openUploadStreamWithId(asFileId(key), metadata.filename, { metadata: fileMetadata });
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, upload);
      const stored = await stat(key);
      if (!stored || stored.size !== metadata.size) {
        await remove(key);
        throw new Error(`stored ${stored?.size ?? 0} bytes under ${key}, ${metadata.size} announced`);
      }
      return stored;
    },
    async open(key: string): Promise<Readable | undefined> {
      if (!(await stat(key))) return undefined;
      return bucket().openDownloadStream(asFileId(key));
    },
    stat,
    remove,
  };
}
