/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?B?...?=`) in a header value. mailparser decodes the
 * headers it knows; our own (`X-Lianxin-*`) come through encoded when they hold Chinese text.
 */

const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
/** A run of encoded words; the white space between two of them is not part of the text (RFC 2047 §6.2). */
const run = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=(?:\s*=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)*/g;

export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  return value.replace(run, decodeRun);
}

/** Joins the bytes of neighbouring words of one charset first: a character may be split across two. */
function decodeRun(text: string): string {
  let out = '';
  let charset = '';
  let bytes: Buffer[] = [];
  const flush = (): boolean => {
    if (bytes.length === 0) return true;
    try {
      out += new TextDecoder(charset, { fatal: true }).decode(Buffer.concat(bytes));
      bytes = [];
      return true;
    } catch {
      return false;
    }
  };
  for (const [, wordCharset = '', encoding = '', encoded = ''] of text.matchAll(word)) {
    // RFC 2231 allows a language after the charset: UTF-8*zh-CN.
    const next = wordCharset.split('*')[0]!.toLowerCase();
    if (next !== charset && !flush()) return text;
    charset = next;
    bytes.push(encoding.toUpperCase() === 'B' ? Buffer.from(encoded, 'base64') : qBytes(encoded));
  }
  return flush() ? out : text;
}

/** The Q encoding: `_` is a space, `=XX` a byte. */
function qBytes(encoded: string): Buffer {
  return Buffer.from(
    encoded.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}
