import { unavailableProblem, type ServiceToken } from '@lianxin/platform';

/** What intake needs to know of the register, which the cadres service owns. */
export interface RegisterLookup {
  /** Whether the grid / organisation exists. */
  has(kind: 'grids' | 'organisations', id: string): Promise<boolean>;
  /** Ids and names to offer when a reference is unknown (at most 200). */
  choices(kind: 'grids' | 'organisations'): Promise<{ id: string; name: string }[]>;
}

const knownForMs = 60_000;

/**
 * The register as the cadres service's HTTP API answers it, asked with the service's own token.
 * Ids found are remembered for a minute (the register changes rarely); an unreachable cadres
 * service (or identity provider) is a 503 problem.
 */
export function registerFromCadres(cadresUrl: string, token: ServiceToken, timeoutMs = 5_000): RegisterLookup {
  const known = new Map<string, number>();
  const get = async (path: string): Promise<Response> => {
    try {
      const headers = { accept: 'application/json', authorization: `Bearer ${await token()}` };
      return await fetch(`${cadresUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs), headers });
    } catch {
      throw unavailableProblem('register-unavailable', '名册服务暂不可用', '请稍后重试');
    }
  };
  return {
    async has(kind, id) {
      const key = `${kind}/${id}`;
      if ((known.get(key) ?? 0) > Date.now()) return true;
      const response = await get(`/api/v1/${kind}/${encodeURIComponent(id)}`);
      if (response.status === 404) return false;
      if (!response.ok) throw unavailableProblem('register-unavailable', '名册服务暂不可用', `名册服务返回 ${response.status}`);
      known.set(key, Date.now() + knownForMs);
      return true;
    },
    async choices(kind) {
      const response = await get(`/api/v1/${kind}?limit=200`);
      if (!response.ok) return [];
      const body = (await response.json()) as { items: { _id: string; name: string }[] };
      return body.items.map((item) => ({ id: item._id, name: item.name }));
    },
  };
}
