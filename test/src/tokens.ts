/**
 * Access tokens for tests, from the run's OpenID provider (`npm test` starts one and sets
 * `LIANXIN_OIDC_ISSUER`, `LIANXIN_OIDC_AUDIENCE` and `LIANXIN_DEV_PASSWORD`), by the password
 * grant of `lianxin-cli`. Every sample account (`@lianxin/sample-register`) signs in with the
 * development password.
 */

/** The test client of the provider and its grant (see services/identity/src/provider/clients.ts). */
const cliClientId = 'lianxin-cli';
const passwordGrantType = 'password';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with \`npm test\` (it starts the identity service).`);
  return value;
}

/** The run's issuer (its base URL). */
export function oidcIssuer(): string {
  return requiredEnv('LIANXIN_OIDC_ISSUER').replace(/\/+$/, '');
}

/** The audience of the run's access tokens. */
export function oidcAudience(): string {
  return requiredEnv('LIANXIN_OIDC_AUDIENCE');
}

/** The password of every sample account in this run. */
export function developmentPassword(): string {
  return requiredEnv('LIANXIN_DEV_PASSWORD');
}

/** The raw answer of the token endpoint to a password grant. */
export function requestPasswordGrant(username: string, password: string): Promise<Response> {
  return fetch(`${oidcIssuer()}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: passwordGrantType, client_id: cliClientId, username, password }),
    signal: AbortSignal.timeout(15_000),
  });
}

const cached = new Map<string, Promise<string>>();

/**
 * An access token (a JWT for the run's audience, an hour long) for the sample account
 * `username`, signed in with the development password; one per username per test file.
 */
export function tokenFor(username: string): Promise<string> {
  let token = cached.get(username);
  if (!token) {
    token = (async () => {
      const response = await requestPasswordGrant(username, developmentPassword());
      const body = (await response.json()) as { access_token?: unknown };
      if (!response.ok || typeof body.access_token !== 'string') {
        throw new Error(`no token for ${username}: HTTP ${response.status} ${JSON.stringify(body)}`);
      }
      return body.access_token;
    })();
    token.catch(() => cached.delete(username));
    cached.set(username, token);
  }
  return token;
}

/** `Authorization` header carrying `username`'s token. */
export async function bearerFor(username: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(username)}` };
}

/**
 * Signs in with a password that should be refused: resolves to the status and OAuth error of
 * the answer (400 `invalid_grant` for a wrong password or an unknown username).
 */
export async function signInFails(username: string, password: string): Promise<{ status: number; error: string | undefined }> {
  const response = await requestPasswordGrant(username, password);
  const body = (await response.json().catch(() => ({}))) as { error?: unknown; access_token?: unknown };
  if (response.ok) throw new Error(`signing in as ${username} was expected to fail but succeeded`);
  return { status: response.status, error: typeof body.error === 'string' ? body.error : undefined };
}
