import { z } from 'zod';
import { ContactPoint, Member, Organisation, SocialOrg, type MemberRole } from '@lianxin/contracts';
import type { ServiceToken } from '@lianxin/platform';

/**
 * What the notifications service reads of the register, asked of the cadres service with its
 * service token and kept for a short while (the register changes rarely; a notice resolved a
 * minute late against an old register is still addressed to a real person).
 */
export interface RegisterDirectory {
  organisation(id: string): Promise<Organisation | undefined>;
  /** Active members of exactly this organisation holding `role`. */
  membersOf(organisationId: string, role: MemberRole): Promise<Member[]>;
  member(id: string): Promise<Member | undefined>;
  socialOrg(id: string): Promise<SocialOrg | undefined>;
  /** The agencies (县纪委, 县委组织部 …) that act for an organisation's level. */
  agenciesOf(organisationId: string): Promise<Organisation[]>;
  contactOf(id: string): Promise<ContactPoint | undefined>;
}

const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export function registerDirectory(cadresUrl: string, token: ServiceToken, cacheMs = 60_000): RegisterDirectory {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();
  /** GET a cadres path; 404 → undefined; anything else unexpected throws (the consumer retries). */
  const get = <T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> => {
    const hit = cache.get(path);
    if (hit && Date.now() - hit.at < cacheMs) return hit.value as Promise<T | undefined>;
    const value = (async () => {
      const response = await fetch(`${cadresUrl}${path}`, {
        headers: { authorization: `Bearer ${await token()}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status === 404) return undefined;
      if (!response.ok) throw new Error(`cadres answered ${response.status} to GET ${path.split('?')[0]}`);
      return schema.parse(await response.json());
    })();
    cache.set(path, { at: Date.now(), value });
    value.catch(() => cache.delete(path));
    return value;
  };
  const id = encodeURIComponent;
  return {
    organisation: (orgId) => get(`/api/v1/organisations/${id(orgId)}`, Organisation),
    member: (memberId) => get(`/api/v1/members/${id(memberId)}`, Member),
    socialOrg: (orgId) => get(`/api/v1/social-orgs/${id(orgId)}`, SocialOrg),
    contactOf: (personId) => get(`/api/v1/contact-points/${id(personId)}`, ContactPoint),
    async membersOf(organisationId, role) {
      const page = await get(`/api/v1/members?organisationId=${id(organisationId)}&role=${role}&limit=200`, pageOf(Member));
      return (page?.items ?? []).filter((m) => m.active);
    },
    async agenciesOf(organisationId) {
      const page = await get(`/api/v1/organisations?parentId=${id(organisationId)}&level=agency&limit=200`, pageOf(Organisation));
      return page?.items ?? [];
    },
  };
}
