import type { Connection } from 'mongoose';
import type { AttachmentsConfig } from './config';
import { gridFsAttachmentStore } from './gridfs-store';
import { s3AttachmentStore } from './s3-store';
import type { AttachmentStore } from './store';

/** The configured store: GridFS in `db` (the service's own database), or the S3-compatible one. */
export function openAttachmentStore(config: AttachmentsConfig['store'], db: Connection): AttachmentStore & { close?(): void } {
  if (config.kind === 'gridfs') return gridFsAttachmentStore(db);
  const { kind: _kind, ...s3 } = config;
  return s3AttachmentStore(s3);
}
