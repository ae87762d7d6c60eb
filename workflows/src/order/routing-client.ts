import { OrderRouting, type OrderRoutingQuery } from '@lianxin/contracts';
import type { ServiceToken } from '@lianxin/platform';

/** Asks where an order goes; rejects while the answer cannot be had (the activity retries). */
export type RouteOrder = (query: OrderRoutingQuery) => Promise<OrderRouting>;

/**
 * Order routing from the cadres service, which owns the register: GET /api/v1/routing. The
 * worker reads no other service's collections and asks with its own service token; while cadres
 * (or the identity provider) is down, the setup activity retries.
 */
export function routingFromCadres(cadresUrl: string, token: ServiceToken, timeoutMs = 10_000): RouteOrder {
  return async (query) => {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const url = `${cadresUrl}/api/v1/routing?${params.toString()}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json', authorization: `Bearer ${await token()}` } });
    if (!response.ok) throw new Error(`cadres routing answered ${response.status} for ${url}`);
    return OrderRouting.parse(await response.json());
  };
}
