import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/** The first four groups of an IPv6 address (its /64 network), written without leading zeros. */
function ipv6Network64(address: string): string {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])));
  const before = groupsOf(head);
  const after = tail === undefined ? [] : groupsOf(tail);
  const groups = tail === undefined ? before : [...before, ...Array<string>(Math.max(0, 8 - before.length - after.length)).fill('0'), ...after];
  return `${groups.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

/**
 * Who is calling, for per-client limits: `req.ip` (which honours the app's `trust proxy`, see
 * `trustProxyFromEnv`), an IPv4-mapped address as IPv4, and an IPv6 address as its /64 network
 * (one subscriber usually holds a whole /64, so counting single addresses would not limit them).
 */
export function clientAddress(req: Request): string {
  const raw = (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/%.*$/, '');
  if (raw.startsWith('::ffff:') && raw.includes('.')) return raw.slice('::ffff:'.length);
  return isIPv6(raw) ? ipv6Network64(raw) : raw;
}
