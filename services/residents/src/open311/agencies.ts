import type { ServiceToken } from '@lianxin/platform';

/** An organisation's name by id, or undefined when it cannot be told now. */
export type OrganisationName = (id: string) => Promise<string | undefined>;

const keptForMs = 10 * 60_000;

/**
 * Names of organisations (`agency_responsible` of an order no one handles yet), asked of the
 * register's owner, the cadres service (`GET /api/v1/organisations/:id`, with the service's
 * own token), and kept ten minutes. A public read must not fail because the register does not
 * answer: then the name is simply left out.
 */
export function organisationNames(cadresUrl: string, token: ServiceToken, timeoutMs = 3_000): OrganisationName {
  const known = new Map<string, { name: string; until: number }>();
  return async (id) => {
    const kept = known.get(id);
    if (kept && kept.until > Date.now()) return kept.name;
    try {
      const response = await fetch(`${cadresUrl}/api/v1/organisations/${encodeURIComponent(id)}`, {
        signal: AbortSignal.timeout(timeoutMs),
        headers: { accept: 'application/json', authorization: `Bearer ${await token()}` },
      });
      if (!response.ok) return undefined;
      const body = (await response.json()) as { name?: unknown };
      if (typeof body.name !== 'string') return undefined;
      known.set(id, { name: body.name, until: Date.now() + keptForMs });
      return body.name;
    } catch {
      return undefined;
    }
  };
}
