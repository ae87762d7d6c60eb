/**
 * Keeps phone numbers out of what we record: attempts, errors and logs name a number only masked
 * (139****5678), and text from a provider is shortened and masked before it goes into an error.
 */

/** 13912345678 → 139****5678; anything too short to mask that way becomes `****`. */
export function maskPhone(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

const mobileInText = /(?<!\d)(\+?86)?(1\d{2})\d{4}(\d{4})(?!\d)/g;

/** A provider's answer or message, fit for an error: one line, at most `max` characters, numbers masked. */
export function excerpt(text: unknown, max = 200): string {
  if (typeof text !== 'string') return '';
  const line = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(mobileInText, (_match, prefix: string | undefined, head: string, tail: string) => `${prefix ?? ''}${head}****${tail}`);
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
