import { createHash } from 'node:crypto';
import { attachmentContentTypes, isAttachmentContentType, mediaTypeOf, sniffContentType, type AttachmentContentType } from './content-types';

/** What an order's attachments are held to (configuration: see `attachmentsConfig`). */
export interface AttachmentLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most attachments one order may hold. */
  maxPerOrder: number;
  /** The kinds accepted (each checked by its bytes). */
  contentTypes: readonly AttachmentContentType[];
}

export const defaultAttachmentLimits: AttachmentLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxPerOrder: 50,
  contentTypes: attachmentContentTypes,
};

/**
 * Why a file is not taken: too large (413), a kind not accepted or bytes of another kind than
 * declared (415), empty (400), or the order already full (422).
 */
export type AttachmentRefusalReason = 'too-large' | 'unsupported-type' | 'type-mismatch' | 'empty' | 'too-many';

export class AttachmentRefused extends Error {
  override name = 'AttachmentRefused';
  constructor(
    readonly reason: AttachmentRefusalReason,
    message: string,
    readonly limits: Partial<Pick<AttachmentLimits, 'maxBytes' | 'maxPerOrder' | 'contentTypes'>> = {},
  ) {
    super(message);
  }
}

/** A file that passed the limits: its kind (from its bytes), size and SHA-256 (hex). */
export interface InspectedAttachment {
  contentType: AttachmentContentType;
  size: number;
  sha256: string;
}

/** The declared Content-Type, if it is an accepted kind (checked before any byte is read). */
export function acceptedDeclaredType(header: string | undefined, limits: AttachmentLimits): AttachmentContentType {
  const declared = mediaTypeOf(header);
  if (!isAttachmentContentType(declared) || !limits.contentTypes.includes(declared)) {
    throw new AttachmentRefused('unsupported-type', `unsupported Content-Type ${declared ?? '(none)'}`, { contentTypes: limits.contentTypes });
  }
  return declared;
}

/** A Content-Length above the limit is refused before the body is read. */
export function checkDeclaredLength(header: string | undefined, limits: AttachmentLimits): void {
  if (header === undefined || !/^\d+$/.test(header.trim())) return;
  if (Number(header.trim()) > limits.maxBytes) throw new AttachmentRefused('too-large', `Content-Length ${header} above ${limits.maxBytes}`, { maxBytes: limits.maxBytes });
}

/** The order holds `count` attachments: one more must still fit. */
export function checkRoomFor(count: number, limits: AttachmentLimits): void {
  if (count >= limits.maxPerOrder) throw new AttachmentRefused('too-many', `order holds ${count} attachments`, { maxPerOrder: limits.maxPerOrder });
}

/**
 * Reads a body into memory, at most `maxBytes` of it: one byte more and it stops with
 * `too-large` (the caller drops the rest). Bounded, so a file is held whole only when allowed.
 */
export async function readLimited(source: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.length;
    if (size > maxBytes) throw new AttachmentRefused('too-large', `body above ${maxBytes} bytes`, { maxBytes });
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Checks a whole file against the limits and the kind it was declared as: not empty, not too
 * large, and its first bytes those of the declared kind (a text file sent as image/png is
 * refused). Answers its kind, size and SHA-256.
 */
export function inspectAttachment(bytes: Buffer, declared: AttachmentContentType, limits: AttachmentLimits): InspectedAttachment {
  if (!limits.contentTypes.includes(declared)) throw new AttachmentRefused('unsupported-type', `unsupported type ${declared}`, { contentTypes: limits.contentTypes });
  if (bytes.length === 0) throw new AttachmentRefused('empty', 'empty body');
  if (bytes.length > limits.maxBytes) throw new AttachmentRefused('too-large', `${bytes.length} bytes above ${limits.maxBytes}`, { maxBytes: limits.maxBytes });
  const sniffed = sniffContentType(bytes);
  if (sniffed !== declared) {
    throw new AttachmentRefused('type-mismatch', `declared ${declared}, bytes are ${sniffed ?? 'of no accepted kind'}`, { contentTypes: limits.contentTypes });
  }
  return { contentType: sniffed, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
