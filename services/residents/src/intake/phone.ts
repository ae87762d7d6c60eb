/** A mainland mobile number, as intake keeps it: 11 digits starting with 1 and 3–9. */
export const mainlandMobilePattern = /^1[3-9]\d{9}$/;

/** A mainland mobile number as people write it: spaces, dashes and a +86 / 0086 prefix do not matter. */
export function normalisePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '').replace(/^(?:\+86|0086)/, '');
}
