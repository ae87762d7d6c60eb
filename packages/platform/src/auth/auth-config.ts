import { z } from 'zod';

/**
 * Where tokens come from and how their claims map to Lianxin's actors. The embedded identity
 * service is the default; in production any OpenID provider (Keycloak, a government SSO) by
 * configuration alone: issuer, audience, and which claims hold the roles, organisation and name
 * (a dotted path such as `realm_access.roles` reaches into nested claims).
 */
const AuthEnv = z.object({
  LIANXIN_OIDC_ISSUER: z.string().url().default('http://127.0.0.1:8084'),
  LIANXIN_OIDC_AUDIENCE: z.string().min(1).default('lianxin-api'),
  /** Defaults to the issuer's discovery document's `jwks_uri`. */
  LIANXIN_OIDC_JWKS_URL: z.string().url().optional(),
  LIANXIN_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  LIANXIN_OIDC_ORGANISATION_CLAIM: z.string().min(1).default('org'),
  LIANXIN_OIDC_NAME_CLAIM: z.string().min(1).default('name'),
  /** A prefix the provider puts before Lianxin's role names (e.g. `lianxin-`), stripped before mapping. */
  LIANXIN_OIDC_ROLE_PREFIX: z.string().default(''),
  /** Clock skew allowed on exp/nbf/iat, in seconds. */
  LIANXIN_OIDC_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
});

export interface AuthConfig {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  claims: { roles: string; organisation: string; name: string };
  rolePrefix: string;
  clockToleranceSeconds: number;
  /** Signature algorithms accepted: asymmetric only, never `none` or a shared secret. */
  algorithms: string[];
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = AuthEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`配置错误 (sign-in): ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return {
    issuer: e.LIANXIN_OIDC_ISSUER.replace(/\/+$/, ''),
    audience: e.LIANXIN_OIDC_AUDIENCE,
    ...(e.LIANXIN_OIDC_JWKS_URL ? { jwksUrl: e.LIANXIN_OIDC_JWKS_URL } : {}),
    claims: { roles: e.LIANXIN_OIDC_ROLES_CLAIM, organisation: e.LIANXIN_OIDC_ORGANISATION_CLAIM, name: e.LIANXIN_OIDC_NAME_CLAIM },
    rolePrefix: e.LIANXIN_OIDC_ROLE_PREFIX,
    clockToleranceSeconds: e.LIANXIN_OIDC_CLOCK_TOLERANCE_SECONDS,
    algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
  };
}
