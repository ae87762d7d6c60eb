import type { Readable } from 'node:stream';
import type { AttachmentContentType } from './content-types';

/** What is stored with a file's bytes. */
export interface AttachmentMetadata {
  contentType: AttachmentContentType;
  /** Bytes, known before storing (the limits were checked on the whole file). */
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  /** The safe name it is offered under (see `safeFilename`). */
  filename: string;
}

/** A file as the store holds it. */
export interface StoredObject extends AttachmentMetadata {
  key: string;
  /** Which kind of store holds it. */
  store: AttachmentStoreKind;
}

export type AttachmentStoreKind = 'gridfs' | 's3';

/**
 * Where the bytes of attachments live, by key: GridFS in the service's own database by default,
 * or an S3-compatible object store. Only bytes and their metadata; which order a file belongs to,
 * and who may read it, is the service's business.
 */
export interface AttachmentStore {
  readonly kind: AttachmentStoreKind;
  /** Stores the bytes under `key` (a key already taken is an error). */
  put(key: string, body: Buffer | Readable, metadata: AttachmentMetadata): Promise<StoredObject>;
  /** The bytes, as a stream; undefined when nothing is stored under `key`. */
  open(key: string): Promise<Readable | undefined>;
  /** Size and metadata without the bytes; undefined when nothing is stored under `key`. */
  stat(key: string): Promise<StoredObject | undefined>;
  /** Forgets `key` (nothing happens when nothing is stored there). */
  remove(key: string): Promise<void>;
}

/** Reads a stream whole, refusing one longer than `expected` bytes or shorter. */
export async function collectExactly(body: Readable, expected: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    if (size > expected) throw new Error(`body longer than the ${expected} bytes announced`);
    chunks.push(bytes);
  }
  if (size !== expected) throw new Error(`body of ${size} bytes, ${expected} announced`);
  return Buffer.concat(chunks, size);
}
