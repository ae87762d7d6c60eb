import { errors, type Provider, type TokenEndpointGrantContext } from 'oidc-provider';
import { z } from 'zod';
import type { AccountStore } from '../accounts/store';
import type { SignInHook } from '../sign-in';
import { apiResourceIndicator, apiResourceServer, apiScope } from './api-resource';
import { accountClaims, grantedScopes } from './claims';
import { passwordGrantType } from './clients';

const PasswordGrantParams = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

interface PasswordGrantDependencies {
  accounts: AccountStore;
  onSignIn: SignInHook;
  audience: string;
  accessTokenSeconds: number;
}

/**
 * The password grant (`grant_type=password&username=…&password=…`) of `lianxin-cli`: an access
 * token for the services and an ID token, for the token CLI and tests. Development only: a
 * client that sees the password is exactly what OpenID Connect is there to avoid. A wrong
 * password or unknown username is `invalid_grant` (400), the same for both.
 */
export function registerPasswordGrant(provider: Provider, { accounts, onSignIn, audience, accessTokenSeconds }: PasswordGrantDependencies): void {
  const handler = async (ctx: TokenEndpointGrantContext<{ username?: string; password?: string }>) => {
    const params = PasswordGrantParams.safeParse(ctx.oidc.params);
    if (!params.success) throw new errors.InvalidRequest('username and password are required');
    const { username, password } = params.data;
    const { client } = ctx.oidc;
    const account = await accounts.verify(username, password, ctx.ip);
    await onSignIn({ username, outcome: account ? 'allowed' : 'refused', client: client.clientId, ip: ctx.ip });
    if (!account) throw new errors.InvalidGrant('wrong username or password');

    const grant = new provider.Grant({ accountId: account.username, clientId: client.clientId });
    grant.addOIDCScope(grantedScopes);
    grant.addResourceScope(apiResourceIndicator, apiScope);
    const grantId = await grant.save();

    const accessToken = new provider.AccessToken({ accountId: account.username, client, grantId, gty: passwordGrantType, scope: apiScope });
    accessToken.resourceServer = new provider.ResourceServer(apiResourceIndicator, apiResourceServer(audience, accessTokenSeconds));
    const accessTokenValue = await accessToken.save();

    const idToken = Object.assign(new provider.IdToken({ ...accountClaims(account) }, { ctx }), { scope: grantedScopes });
    ctx.body = {
      access_token: accessTokenValue,
      token_type: 'Bearer',
      expires_in: accessToken.expiration,
      id_token: await idToken.issue({ use: 'idtoken' }),
      scope: grantedScopes,
    };
  };
  provider.registerGrantType(passwordGrantType, handler, ['username', 'password', 'scope']);
}
