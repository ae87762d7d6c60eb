import type { ClientMetadata } from 'oidc-provider';
import type { IdentityConfig } from '../config';
import { grantedScopes } from './claims';

/** The browser consoles: public, authorization code with PKCE. */
export const consoleClientId = 'lianxin-console';

/** The token CLI and the tests: public, the password grant (development only). */
export const cliClientId = 'lianxin-cli';

/** The grant type of `lianxin-cli` (OAuth 2.0's resource owner password credentials, registered by hand). */
export const passwordGrantType = 'password';

/** Lianxin's own clients: the person signed in to Lianxin, so no consent screen is shown. */
export const firstPartyClientIds: ReadonlySet<string> = new Set([consoleClientId, cliClientId]);

export function staticClients(config: IdentityConfig): ClientMetadata[] {
  const consoleClient: ClientMetadata = {
    client_id: consoleClientId,
    client_name: '连心桥工作台',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: config.consoleRedirectUris,
    // Signing out (RP-initiated logout) returns to the console's start page.
    post_logout_redirect_uris: [...consoleOrigins(config)].map((origin) => `${origin}/`),
    scope: grantedScopes,
  };
  const cliClient: ClientMetadata = {
    client_id: cliClientId,
    client_name: '连心桥命令行',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: [passwordGrantType],
    response_types: [],
    redirect_uris: [],
    scope: grantedScopes,
  };
  return [consoleClient, ...(config.passwordGrant ? [cliClient] : []), ...(config.serviceClient ? [serviceClient(config.serviceClient)] : [])];
}

/** The scope of the services' own tokens (role `service`: reading the register, nothing else). */
export const serviceScope = 'lianxin:service';

/**
 * The platform's services calling each other: confidential, client credentials only. Its tokens
 * may carry only `lianxin:service` (the resource server offers it nothing else; see
 * create-provider.ts) and the role `service`.
 */
function serviceClient({ id, secret }: { id: string; secret: string }): ClientMetadata {
  return {
    client_id: id,
    client_secret: secret,
    client_name: '连心桥平台服务',
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  };
}

/** The origins the consoles run at (CORS for their token requests). */
export function consoleOrigins(config: IdentityConfig): ReadonlySet<string> {
  return new Set(config.consoleRedirectUris.map((uri) => new URL(uri).origin));
}
