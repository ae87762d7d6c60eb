import { attachmentExtensions, type AttachmentContentType } from './content-types';

const maxNameLength = 100;

/**
 * A name to save the file under, from what the uploader said (`X-Filename`, percent-encoded
 * UTF-8 or plain ASCII): no path, no control characters or quotes, at most 100 characters, and
 * the extension of the kind its bytes are. Without a usable name: `<id>.<ext>`.
 */
export function safeFilename(raw: string | undefined, id: string, contentType: AttachmentContentType): string {
  const extension = attachmentExtensions[contentType];
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // not percent-encoded: taken as it is
  }
  name = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f-\u009f"'`;:*?<>|]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  const stem = name.replace(/\.[^.]*$/, '').trim();
  const kept = [...stem].slice(0, maxNameLength - extension.length - 1).join('');
  return kept ? `${kept}.${extension}` : `${id}.${extension}`;
}

/** `Content-Disposition: inline` with an ASCII fallback name and the UTF-8 one (RFC 6266, 8187). */
export function inlineDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
