/**
 * The kinds of file an order may carry (现场照片 and scanned documents), each known by its first
 * bytes: a file is what its bytes say, not what its Content-Type header or its name claims.
 */
export const attachmentContentTypes = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentContentType = (typeof attachmentContentTypes)[number];

/** The file-name extension each kind is saved with. */
export const attachmentExtensions: Record<AttachmentContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/** How many leading bytes `sniffContentType` reads. */
export const sniffLength = 12;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Magic numbers: JPEG's SOI marker, PNG's 8-byte signature, a RIFF container of WEBP, `%PDF-`. */
const signatures: Record<AttachmentContentType, (bytes: Uint8Array) => boolean> = {
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/webp': (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  'application/pdf': (b) => startsWith(b, ascii('%PDF-')),
};

/** The kind of file `bytes` begin with, or undefined when it is none of the accepted kinds. */
export function sniffContentType(bytes: Uint8Array): AttachmentContentType | undefined {
  return attachmentContentTypes.find((type) => signatures[type](bytes));
}

/** `image/PNG; charset=x` → `image/png`; undefined without a header. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

export function isAttachmentContentType(type: string | undefined): type is AttachmentContentType {
  return (attachmentContentTypes as readonly string[]).includes(type ?? '');
}
