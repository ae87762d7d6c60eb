import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { freePort, identityEnvironment, startIdentityProcess } from '@lianxin/infra/src/cli/identity-process';
import { developmentPassword, oidcAudience, oidcIssuer, requestPasswordGrant, signInFails, tokenFor } from './tokens';

/**
 * The OpenID provider of the run (started by `npm test` as its own process): discovery, JWKS,
 * the password grant of the CLI, and the browser sign-in of the consoles (authorization code
 * with PKCE), over plain HTTP.
 */

const issuer = oidcIssuer();
const audience = oidcAudience();
const jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));

const consoleClientId = 'lianxin-console';
const consoleRedirectUri = (process.env.LIANXIN_CONSOLE_REDIRECT_URIS ?? 'http://127.0.0.1:8085/callback').split(',')[0]!.trim();

async function verifiedAccessToken(token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, jwks, { issuer, audience, typ: 'at+jwt' });
  return payload;
}

/** The cookies of one browser, by name (the provider's cookie names do not repeat across paths). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=').slice(1).join('=')) < Date.now());
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** One browser request: no redirects followed, cookies sent and kept. */
async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('cookie', jar.header());
  const response = await fetch(new URL(url, issuer), { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  jar.take(response);
  return response;
}

function location(response: Response): URL {
  const value = response.headers.get('location');
  if (!value) throw new Error(`expected a redirect, got HTTP ${response.status}`);
  return new URL(value, issuer);
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('identity service (OpenID provider)', () => {
  it('serves health, discovery and its signing keys', async () => {
    expect((await fetch(`${issuer}/healthz`)).status).toBe(200);
    const ready = await fetch(`${issuer}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { mongo: true } });

    const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    const metadata = (await discovery.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer,
      scopes_supported: expect.arrayContaining(['openid', 'profile', 'lianxin']),
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'password', 'client_credentials']));
    expect(metadata.grant_types_supported).not.toContain('implicit');

    const keys = (await (await fetch(String(metadata.jwks_uri))).json()) as { keys: Array<Record<string, unknown>> };
    expect(keys.keys.length).toBeGreaterThan(0);
    for (const key of keys.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
      expect(key).not.toHaveProperty('d'); // public halves only
    }
  });

  it('gives a sample dispatcher an access token whose verified claims say who they are', async () => {
    const token = await tokenFor('mem-yeshan-dispatcher');
    const keys = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(keys.keys.map((k) => k.kid)).toContain(decodeProtectedHeader(token).kid);
    const claims = await verifiedAccessToken(token);
    expect(claims).toMatchObject({
      sub: 'mem-yeshan-dispatcher',
      name: '王德明',
      roles: ['member', 'dispatcher'],
      org: 'org-yeshan',
      client_id: 'lianxin-cli',
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    // The same token is not accepted for another audience.
    await expect(jwtVerify(token, jwks, { issuer, audience: 'someone-else' })).rejects.toThrow();
  });

  it('answers the password grant with an ID token carrying the same claims', async () => {
    const response = await requestPasswordGrant('soc-women', developmentPassword());
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const { payload } = await jwtVerify(body.id_token, jwks, { issuer, audience: 'lianxin-cli' });
    expect(payload).toMatchObject({ sub: 'soc-women', name: '冶山镇巾帼志愿服务队', roles: ['social_org'], org: 'soc-women' });
  });

  it("issues the platform's services their own token: client credentials, role service, no person", async () => {
    const clientId = process.env.LIANXIN_SERVICE_CLIENT_ID || 'lianxin-services';
    const secret = process.env.LIANXIN_SERVICE_CLIENT_SECRET;
    expect(secret).toBeTruthy();
    const ask = (credentials: string) =>
      fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'lianxin:service' }),
      });
    const response = await ask(`${clientId}:${secret}`);
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const claims = await verifiedAccessToken(token);
    expect(claims).toMatchObject({ sub: clientId, roles: ['service'], scope: 'lianxin:service' });
    expect(claims).not.toHaveProperty('org');

    const refused = await ask(`${clientId}:not-the-secret-at-all`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a wrong password, an unknown user and an inactive member alike: 400 invalid_grant', async () => {
    expect(await signInFails('mem-yeshan-dispatcher', 'not-the-password')).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await signInFails('nobody-at-all', developmentPassword())).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await signInFails('mem-tongcheng-tongcheng-retired-1', developmentPassword())).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it('locks an account after five wrong passwords (登录失败处理): then even the right one is refused', async () => {
    const username = 'mem-tongcheng-longgang-gw'; // used by no other test: the run shares one provider
    const before = await requestPasswordGrant(username, developmentPassword());
    expect(before.status).toBe(200);
    await before.arrayBuffer();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(await signInFails(username, `guess-${attempt}`)).toEqual({ status: 400, error: 'invalid_grant' });
    }
    expect(await signInFails(username, developmentPassword())).toEqual({ status: 400, error: 'invalid_grant' });
    // Others are not affected.
    expect((await requestPasswordGrant('mem-tongcheng-longgang-1', developmentPassword())).status).toBe(200);
  });

  it('signs a person in to the console with the authorization code flow and PKCE', async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkce();
    const state = randomBytes(8).toString('hex');
    const nonce = randomBytes(8).toString('hex');
    const authorization = new URL('/auth', issuer);
    authorization.search = new URLSearchParams({
      client_id: consoleClientId,
      response_type: 'code',
      redirect_uri: consoleRedirectUri,
      scope: 'openid profile lianxin',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
      nonce,
    }).toString();

    // The authorization request sends the browser to the login page.
    const started = await browse(jar, authorization.href);
    expect([302, 303]).toContain(started.status);
    const loginUrl = location(started);
    expect(loginUrl.pathname).toMatch(/^\/interaction\/[\w-]+$/);

    const form = await browse(jar, loginUrl.href);
    expect(form.status).toBe(200);
    const csp = form.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('form-action'); // the form posts here, then the browser goes on to the console
    const html = await form.text();
    for (const text of ['用户名', '密码', '登录', 'name="username"', 'name="password"']) expect(html).toContain(text);
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    expect(action).toBe(`${loginUrl.pathname}/login`);

    // A wrong password shows the form again with the error.
    const refused = await browse(jar, action!, {
      method: 'POST',
      body: new URLSearchParams({ username: 'mem-yeshan-dongwang-2', password: 'wrong-password' }),
    });
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain('用户名或密码错误');

    // The right one goes back to the authorization endpoint, which redirects to the console with a code.
    const signedIn = await browse(jar, action!, {
      method: 'POST',
      body: new URLSearchParams({ username: 'mem-yeshan-dongwang-2', password: developmentPassword() }),
    });
    expect([302, 303]).toContain(signedIn.status);
    let next = location(signedIn);
    for (let hops = 0; next.origin === new URL(issuer).origin && hops < 5; hops += 1) {
      const hop = await browse(jar, next.href);
      expect([302, 303]).toContain(hop.status); // no consent screen for a first-party client
      next = location(hop);
    }
    expect(`${next.origin}${next.pathname}`).toBe(consoleRedirectUri);
    expect(next.searchParams.get('state')).toBe(state);
    expect(next.searchParams.get('iss')).toBe(issuer);
    const code = next.searchParams.get('code');
    expect(code).toBeTruthy();

    // The console exchanges the code with its PKCE verifier (a public client: no secret).
    const exchange = () =>
      fetch(`${issuer}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: consoleClientId,
          code: code!,
          redirect_uri: consoleRedirectUri,
          code_verifier: verifier,
        }),
      });
    const tokens = await exchange();
    expect(tokens.status).toBe(200);
    const body = (await tokens.json()) as { access_token: string; id_token: string; token_type: string };
    expect(body.token_type).toBe('Bearer');
    expect(await verifiedAccessToken(body.access_token)).toMatchObject({
      sub: 'mem-yeshan-dongwang-2',
      name: '李秀英',
      roles: ['member'],
      org: 'org-yeshan-dongwang',
      client_id: consoleClientId,
    });
    const { payload: idToken } = await jwtVerify(body.id_token, jwks, { issuer, audience: consoleClientId });
    expect(idToken).toMatchObject({ sub: 'mem-yeshan-dongwang-2', nonce, name: '李秀英', roles: ['member'], org: 'org-yeshan-dongwang' });

    // A code is good once.
    const again = await exchange();
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });

    // Signed in, the same browser gets the next code without the login page.
    let sso = location(await browse(jar, authorization.href));
    for (let hops = 0; sso.origin === new URL(issuer).origin && hops < 5; hops += 1) {
      expect(sso.pathname).not.toMatch(/^\/interaction\//);
      sso = location(await browse(jar, sso.href));
    }
    expect(`${sso.origin}${sso.pathname}`).toBe(consoleRedirectUri);
    expect(sso.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a code exchange without the right PKCE verifier', async () => {
    const jar = new CookieJar();
    const { challenge } = pkce();
    const authorization = new URL('/auth', issuer);
    authorization.search = new URLSearchParams({
      client_id: consoleClientId,
      response_type: 'code',
      redirect_uri: consoleRedirectUri,
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    const loginUrl = location(await browse(jar, authorization.href));
    let next = location(
      await browse(jar, `${loginUrl.pathname}/login`, {
        method: 'POST',
        body: new URLSearchParams({ username: 'agent-hotline-1', password: developmentPassword() }),
      }),
    );
    while (next.origin === new URL(issuer).origin) next = location(await browse(jar, next.href));
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: consoleClientId,
        code: next.searchParams.get('code')!,
        redirect_uri: consoleRedirectUri,
        code_verifier: pkce().verifier,
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('an identity service configured with LIANXIN_ACCESS_TOKEN_SECONDS', () => {
  it('issues access tokens of that lifetime', async () => {
    const port = await freePort();
    const env = {
      ...process.env,
      ...identityEnvironment({}, port),
      LIANXIN_ACCESS_TOKEN_SECONDS: '120',
      LIANXIN_DEV_PASSWORD: developmentPassword(),
      MONGO_DB_PREFIX: `${process.env.MONGO_DB_PREFIX ?? 'lxtest'}_ttl`,
    };
    const identity = await startIdentityProcess(env, process.env.LIANXIN_TEST_LOG_DIR ?? os.tmpdir());
    try {
      const response = await fetch(`http://127.0.0.1:${port}/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'lianxin-cli', username: 'mem-yeshan-dispatcher', password: developmentPassword() }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { access_token: string; expires_in: number };
      expect(body.expires_in).toBe(120);
      const claims = decodeJwt(body.access_token);
      expect(claims.exp! - claims.iat!).toBe(120);
    } finally {
      await identity.stop();
    }
  }, 60_000);
});
