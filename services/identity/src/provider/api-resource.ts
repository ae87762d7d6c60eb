import type { ResourceServer } from 'oidc-provider';

/**
 * The one resource server: Lianxin's services. Its access tokens are JWTs with `aud` set to the
 * configured audience, so a service verifies them with the issuer's JWKS and no call back here.
 * (A resource indicator must be an absolute URI; the audience need not be one.)
 */
export const apiResourceIndicator = 'urn:lianxin:api';

/** The scope of access tokens for the services. */
export const apiScope = 'lianxin';

/** Access tokens live an hour. */
export const accessTokenSeconds = 60 * 60;

/** The resource server's definition; `scope` is what the asking client may have on it. */
export function apiResourceServer(audience: string, scope: string = apiScope): ResourceServer {
  return {
    scope,
    audience,
    accessTokenTTL: accessTokenSeconds,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}
