/** The roles a person may hold (the `roles` claim of their token; see packages/contracts/src/actor.ts). */
export type Role = 'agent' | 'grid_worker' | 'dispatcher' | 'member' | 'supervisor' | 'social_org' | 'leader' | 'admin';

export const knownRoles: readonly Role[] = ['agent', 'grid_worker', 'dispatcher', 'member', 'supervisor', 'social_org', 'leader', 'admin'];

/** Who is signed in, as their access token says. */
export interface Principal {
  id: string;
  name: string;
  roles: Role[];
  organisationId: string;
}

/** The claims of a JWT (not verified here: the services verify every token; the console only shows who is signed in). */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The person of a token: `sub`, `name`, `roles`, `org` (the identity service's claims). */
export function principalOf(accessToken: string, idTokenClaims: Record<string, unknown> = {}): Principal {
  const claims = { ...idTokenClaims, ...jwtClaims(accessToken) };
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => typeof r === 'string' && (knownRoles as readonly string[]).includes(r)) : [];
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const id = text(claims.sub);
  return { id, name: text(claims.name) || id, roles, organisationId: text(claims.org) };
}

export function holdsAny(principal: Pick<Principal, 'roles'>, roles: readonly string[]): boolean {
  return principal.roles.some((role) => roles.includes(role));
}
