import { createHmac } from 'node:crypto';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with every object's keys sorted, so the same record always gives the same text, however its fields were ordered. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Json)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** HMAC-SHA256 of `text` under `key`, hex. */
export function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** The text as the store will give it back: lone surrogates (which UTF-8 cannot hold) become U+FFFD. */
export function storable(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
