import type { Connection } from 'mongoose';
import type { AttachmentsConfig } from './config';
import { gridFsAttachmentStore } from './gridfs-store';
import type { AttachmentStore } from './store';

/** The configured store: GridFS in `db` (the service's own database), or the S3-compatible one. */
export function openAttachmentStore(config: AttachmentsConfig['store'], db: Connection): AttachmentStore & { close?(): void } {
  if (config.kind === 'gridfs') return gridFsAttachmentStore(db);
  const { kind: _kind, ...s3 } = config;
  // Loaded only now: the AWS SDK costs a process about 20 MiB it spares with GridFS. A `require`,
  // not `import()`, so that it works alike from the bundle, from source and in jest.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { s3AttachmentStore } = require('./s3-store') as typeof import('./s3-store');
  return s3AttachmentStore(s3);
}
