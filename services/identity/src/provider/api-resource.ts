import type { ResourceServer } from 'oidc-provider';

/**
 * The one resource server: Lianxin's services. Its access tokens are JWTs with `aud` set to the
 * configured audience, so a service verifies them with the issuer's JWKS and no call back here.
 * (A resource indicator must be an absolute URI; the audience need not be one.)
 */
export const apiResourceIndicator = 'urn:lianxin:api';

/** The scope of access tokens for the services. */
export const apiScope = 'lianxin';

/** The resource server's definition; `scope` is what the asking client may have on it; its tokens live `accessTokenSeconds`. */
export function apiResourceServer(audience: string, accessTokenSeconds: number, scope: string = apiScope): ResourceServer {
  return {
    scope,
    audience,
    accessTokenTTL: accessTokenSeconds,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}
