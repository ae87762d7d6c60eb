/** What Express's `trust proxy` setting takes: off, every hop, a number of hops, or addresses / subnets. */
export type TrustProxy = boolean | number | string[];

/**
 * `LIANXIN_TRUST_PROXY`: which proxies may set the client address in `X-Forwarded-For`. Unset,
 * empty, `false`, `off` or `0`: none (the default; the socket's peer is the client). `true`:
 * every hop (only behind a proxy that overwrites the header). A number: that many hops. Else
 * comma-separated addresses or subnets (`10.0.0.0/8`) or Express's names (`loopback`, `uniquelocal`).
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env): TrustProxy {
  const raw = env.LIANXIN_TRUST_PROXY?.trim() ?? '';
  if (raw === '' || raw === 'false' || raw === 'off' || raw === '0') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw.split(',').map((part) => part.trim()).filter(Boolean);
}
