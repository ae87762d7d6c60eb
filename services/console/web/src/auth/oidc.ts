import * as oauth from 'oauth4webapi';
import type { ConsoleConfig } from '../config';

/** What the console asks for: an ID token, the person's name, and Lianxin's roles and organisation. */
export const signInScope = 'openid profile lianxin';

/** The tokens of a signed-in tab (kept in sessionStorage: gone when the tab closes). */
export interface StoredTokens {
  accessToken: string;
  idToken: string;
  /** Epoch ms when the access token stops being accepted. */
  expiresAt: number;
  idTokenClaims: Record<string, unknown>;
}

/** A sign-in started here and not yet finished: what the callback checks. */
interface PendingSignIn {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
  startedAt: number;
}

const tokensKey = 'lianxin.console.tokens';
const pendingKey = 'lianxin.console.sign-in';

const insecure = (config: ConsoleConfig) => new URL(config.issuer).protocol === 'http:';
const httpOptions = (config: ConsoleConfig) => ({ [oauth.allowInsecureRequests]: insecure(config) });

export function redirectUri(): string {
  return `${window.location.origin}/callback`;
}

/** Where the provider sends the browser after signing out (registered with the provider for the console). */
export function postLogoutRedirectUri(): string {
  return `${window.location.origin}/`;
}

let discovery: { issuer: string; server: Promise<oauth.AuthorizationServer> } | undefined;

/** The provider's metadata (`<issuer>/.well-known/openid-configuration`), fetched once per page. */
export function authorizationServer(config: ConsoleConfig): Promise<oauth.AuthorizationServer> {
  if (!discovery || discovery.issuer !== config.issuer) {
    const issuer = new URL(config.issuer);
    const server = oauth
      .discoveryRequest(issuer, { algorithm: 'oidc', ...httpOptions(config) })
      .then((response) => oauth.processDiscoveryResponse(issuer, response));
    server.catch(() => {
      discovery = undefined;
    });
    discovery = { issuer: config.issuer, server };
  }
  return discovery.server;
}

function client(config: ConsoleConfig): oauth.Client {
  return { client_id: config.clientId };
}

export function readTokens(): StoredTokens | undefined {
  try {
    const raw = sessionStorage.getItem(tokensKey);
    if (!raw) return undefined;
    const tokens = JSON.parse(raw) as StoredTokens;
    return typeof tokens.accessToken === 'string' && typeof tokens.expiresAt === 'number' ? tokens : undefined;
  } catch {
    return undefined;
  }
}

export function storeTokens(tokens: StoredTokens | undefined): void {
  if (tokens) sessionStorage.setItem(tokensKey, JSON.stringify(tokens));
  else sessionStorage.removeItem(tokensKey);
}

/** Only paths of this app are returned to after sign-in (never another origin). */
export function safeReturnPath(path: string | null | undefined): string {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/callback')) return '/';
  return path;
}

/**
 * Starts the authorization code flow with PKCE: remembers the verifier, state, nonce and where to
 * come back, and sends the browser to the provider's sign-in page.
 */
export async function beginSignIn(config: ConsoleConfig, returnTo: string): Promise<void> {
  const as = await authorizationServer(config);
  if (!as.authorization_endpoint) throw new Error('the identity provider has no authorization endpoint');
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const pending: PendingSignIn = {
    codeVerifier,
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    returnTo: safeReturnPath(returnTo),
    startedAt: Date.now(),
  };
  sessionStorage.setItem(pendingKey, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', signInScope);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  window.location.assign(url.href);
}

/** A sign-in that cannot be finished; `message` is for people (zh-CN). */
export class SignInError extends Error {}

/** Finishes the flow at /callback: checks the answer, exchanges the code (with the verifier) for tokens. */
export async function completeSignIn(config: ConsoleConfig, currentUrl: URL): Promise<{ tokens: StoredTokens; returnTo: string }> {
  const raw = sessionStorage.getItem(pendingKey);
  sessionStorage.removeItem(pendingKey);
  if (!raw) throw new SignInError('登录请求已失效，请重新登录。');
  const pending = JSON.parse(raw) as PendingSignIn;
  const as = await authorizationServer(config);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client(config), currentUrl, pending.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      throw new SignInError(`登录未完成：${error.error_description ?? error.error}`);
    }
    throw new SignInError('登录回调无效，请重新登录。');
  }
  const response = await oauth.authorizationCodeGrantRequest(as, client(config), oauth.None(), params, redirectUri(), pending.codeVerifier, httpOptions(config));
  const result = await oauth.processAuthorizationCodeResponse(as, client(config), response, { expectedNonce: pending.nonce, requireIdToken: true });
  const idTokenClaims = oauth.getValidatedIdTokenClaims(result) ?? {};
  const expiresIn = typeof result.expires_in === 'number' ? result.expires_in : 3600;
  const tokens: StoredTokens = {
    accessToken: result.access_token,
    idToken: result.id_token ?? '',
    expiresAt: Date.now() + expiresIn * 1000,
    idTokenClaims: { ...idTokenClaims },
  };
  storeTokens(tokens);
  return { tokens, returnTo: pending.returnTo };
}

/**
 * Signs out: forgets the tokens and ends the session at the provider (RP-initiated logout), which
 * brings the browser back to the console's start page. The access token is a JWT the provider does
 * not keep (nothing to revoke); it lapses within the hour, and this tab no longer holds it.
 */
export async function signOutAt(config: ConsoleConfig, tokens: StoredTokens | undefined): Promise<void> {
  storeTokens(undefined);
  let as: oauth.AuthorizationServer | undefined;
  try {
    as = await authorizationServer(config);
  } catch {
    as = undefined;
  }
  if (as?.end_session_endpoint) {
    const url = new URL(as.end_session_endpoint);
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUri());
    if (tokens?.idToken) url.searchParams.set('id_token_hint', tokens.idToken);
    window.location.assign(url.href);
    return;
  }
  window.location.assign('/');
}
