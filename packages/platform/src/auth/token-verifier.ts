import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { ActorRole } from '@lianxin/contracts';
import type { AuthConfig } from './auth-config';

/** Who a verified token says the caller is. */
export interface Principal {
  id: string;
  name?: string;
  /** Lianxin roles only; roles the provider knows and Lianxin does not are dropped. */
  roles: ActorRole[];
  organisationId?: string;
  /** When the token it was read from expires (its `exp`): a stream opened with it ends then. */
  expiresAt?: Date;
}

/** The token is missing, malformed, expired, badly signed or not for us: a 401. */
export class InvalidToken extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** The provider's keys cannot be had now: a 503, not the caller's fault. */
export class IssuerUnavailable extends Error {
  constructor(cause: unknown) {
    super('identity provider keys unavailable', { cause });
    this.name = 'IssuerUnavailable';
  }
}

export type TokenVerifier = (token: string) => Promise<Principal>;

function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function rolesFrom(raw: unknown, prefix: string): ActorRole[] {
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = values
    .filter((v): v is string => typeof v === 'string' && v.startsWith(prefix))
    .map((v) => ActorRole.safeParse(v.slice(prefix.length)))
    .flatMap((r) => (r.success && r.data !== 'system' && r.data !== 'resident' ? [r.data] : []));
  return [...new Set(roles)];
}

async function discoverJwksUrl(issuer: string): Promise<string> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const document = (await response.json()) as { issuer?: string; jwks_uri?: string };
  if (document.issuer?.replace(/\/+$/, '') !== issuer || !document.jwks_uri) throw new Error('discovery document does not match the issuer');
  return document.jwks_uri;
}

/**
 * Verifies bearer JWTs against the issuer's published keys (fetched once, refreshed when a token
 * names an unknown key id): signature with an asymmetric algorithm, issuer, audience, expiry with
 * a small clock tolerance. `alg: none`, HS256 with the public key and the like are refused.
 */
export function tokenVerifier(config: AuthConfig): TokenVerifier {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (!keys) {
      try {
        keys = createRemoteJWKSet(new URL(config.jwksUrl ?? (await discoverJwksUrl(config.issuer))), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
      } catch (error) {
        throw new IssuerUnavailable(error);
      }
    }
    return keys;
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: config.algorithms,
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof IssuerUnavailable) throw error;
      if (error instanceof errors.JWKSTimeout) throw new IssuerUnavailable(error);
      if (error instanceof errors.JOSEError) throw new InvalidToken(error.code);
      // Not a verdict on the token: the keys could not be fetched (refused, reset, not JSON).
      throw new IssuerUnavailable(error);
    }
    const name = claimAt(payload, config.claims.name);
    const organisationId = claimAt(payload, config.claims.organisation);
    return {
      id: payload.sub!,
      ...(typeof name === 'string' && name ? { name: name.slice(0, 50) } : {}),
      roles: rolesFrom(claimAt(payload, config.claims.roles), config.rolePrefix),
      ...(typeof organisationId === 'string' && organisationId ? { organisationId } : {}),
      expiresAt: new Date(payload.exp! * 1000),
    };
  };
}
