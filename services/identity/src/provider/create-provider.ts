import { errors, Provider, type AdapterFactory, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '@lianxin/platform';
import type { AccountStore } from '../accounts/store';
import type { IdentityConfig } from '../config';
import { errorPage, logoutPage, signedOutPage } from '../interaction/pages';
import type { SignInHook } from '../sign-in';
import type { SigningJwk } from '../signing-keys';
import { apiResourceIndicator, apiResourceServer, apiScope } from './api-resource';
import { accountClaims, claimsByScope, grantedScopes } from './claims';
import { consoleClientId, consoleOrigins, firstPartyClientIds, serviceScope, staticClients } from './clients';
import { registerPasswordGrant } from './password-grant';

export interface ProviderDependencies {
  config: IdentityConfig;
  /** Where the provider keeps sessions, grants, codes and interactions. */
  adapter: AdapterFactory;
  accounts: AccountStore;
  signingKeys: SigningJwk[];
  onSignIn: SignInHook;
  log: Logger;
}

const hour = 60 * 60;

/**
 * A first-party client needs no consent: the first time a session signs in to it, the grant of
 * every scope it may ask for is made here instead of on a consent screen.
 */
async function loadOrGrantFirstParty(ctx: KoaContextWithOIDC) {
  const { client, session, result, provider } = ctx.oidc;
  if (!client) return undefined;
  const grantId = (result?.consent as { grantId?: string } | undefined)?.grantId ?? session?.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (existing || !firstPartyClientIds.has(client.clientId) || !session?.accountId) return existing;
  const grant = new provider.Grant({ accountId: session.accountId, clientId: client.clientId });
  grant.addOIDCScope(grantedScopes);
  grant.addResourceScope(apiResourceIndicator, apiScope);
  await grant.save();
  return grant;
}

function configuration({ config, adapter, accounts, signingKeys }: ProviderDependencies): Configuration {
  const origins = consoleOrigins(config);
  const serviceClientId = config.serviceClient?.id;
  return {
    adapter,
    clients: staticClients(config),
    jwks: { keys: signingKeys },
    cookies: { keys: config.cookieKeys },
    claims: Object.fromEntries(Object.entries(claimsByScope).map(([scope, claims]) => [scope, [...claims]])),
    scopes: Object.keys(claimsByScope),
    async findAccount(_ctx, sub) {
      const account = await accounts.find(sub);
      return account && { accountId: account.username, claims: () => accountClaims(account) };
    },
    async extraTokenClaims(_ctx, token) {
      // The services' own tokens (client credentials): the role `service`, no person.
      if (token.kind === 'ClientCredentials') return token.clientId === serviceClientId ? { roles: ['service'] } : undefined;
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const account = accountId ? await accounts.find(accountId) : undefined;
      if (!account) return undefined;
      const { name, roles, org } = accountClaims(account);
      return { name, roles, org };
    },
    features: {
      devInteractions: { enabled: false },
      // Every access token is a JWT for the services (`aud` = the configured audience).
      resourceIndicators: {
        enabled: true,
        defaultResource: () => apiResourceIndicator,
        useGrantedResource: () => true,
        // Asked for by name: `urn:lianxin:api`, or the audience itself when that is an absolute URI.
        getResourceServerInfo(_ctx, indicator, client) {
          if (indicator !== apiResourceIndicator && indicator !== config.audience) throw new errors.InvalidTarget();
          return apiResourceServer(config.audience, config.accessTokenSeconds, client.clientId === serviceClientId ? serviceScope : apiScope);
        },
      },
      clientCredentials: { enabled: serviceClientId !== undefined },
      revocation: { enabled: true },
      // 退出登录 from the consoles: a zh-CN confirmation, then back to the console (its registered post-logout page).
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = signedOutPage();
        },
      },
    },
    // The authorization code flow only (no implicit or hybrid tokens in the browser), always with PKCE.
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientBasedCORS: (_ctx, origin, client) => client.clientId === consoleClientId && origins.has(origin),
    loadExistingGrant: loadOrGrantFirstParty,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: config.accessTokenSeconds,
      ClientCredentials: config.accessTokenSeconds,
      IdToken: hour,
      AuthorizationCode: 60,
      Interaction: 15 * 60,
      Session: 8 * hour,
      Grant: 8 * hour,
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(out.error_description ?? out.error);
    },
  };
}

/**
 * The OpenID provider: discovery, JWKS, authorization (with the login page of
 * `interaction/routes.ts`), token, userinfo and revocation endpoints; and, when configured, the
 * password grant for the CLI.
 */
export function createProvider(dependencies: ProviderDependencies): Provider {
  const { config, log } = dependencies;
  const provider = new Provider(config.issuer, configuration(dependencies));
  if (config.passwordGrant) {
    registerPasswordGrant(provider, { accounts: dependencies.accounts, onSignIn: dependencies.onSignIn, audience: config.audience, accessTokenSeconds: config.accessTokenSeconds });
  }
  provider.on('server_error', (_ctx, error) => log.error({ err: error }, 'provider error'));
  return provider;
}
