import type { HttpClient, TokenSource } from './http';

/** The provider's password-grant client for development tools (services/identity/src/provider/clients.ts). */
const cliClientId = 'lianxin-cli';

interface Cached {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens for the sample accounts, by the identity service's development password grant
 * (as `npm run token` and the tests get theirs), one per account, fetched once and again a
 * minute before it expires or when a service answers 401. Fetching retries through outages.
 */
export class Tokens {
  private readonly cache = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<string>>();
  private tokenEndpoint: Promise<string> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly issuer: string,
    private readonly password: string,
  ) {}

  /** A TokenSource for `username`. */
  of(username: string): TokenSource {
    return {
      get: () => this.get(username),
      invalidate: (token) => {
        if (this.cache.get(username)?.token === token) this.cache.delete(username);
      },
    };
  }

  async get(username: string): Promise<string> {
    const cached = this.cache.get(username);
    if (cached && cached.expiresAt - 60_000 > Date.now()) return cached.token;
    let pending = this.pending.get(username);
    if (!pending) {
      pending = this.fetchToken(username).finally(() => this.pending.delete(username));
      this.pending.set(username, pending);
    }
    return pending;
  }

  private endpoint(): Promise<string> {
    this.tokenEndpoint ??= (async () => {
      const answer = await this.http.request({ label: 'token:discovery', method: 'GET', url: `${this.issuer}/.well-known/openid-configuration` });
      if (answer.kind !== 'ok') {
        this.tokenEndpoint = undefined;
        throw new Error(`identity discovery at ${this.issuer}: ${answer.kind === 'refused' ? `HTTP ${answer.status}` : answer.error}`);
      }
      const endpoint = (answer.body as { token_endpoint?: unknown }).token_endpoint;
      if (typeof endpoint !== 'string') throw new Error(`identity discovery at ${this.issuer}: no token_endpoint`);
      return endpoint;
    })();
    return this.tokenEndpoint;
  }

  private async fetchToken(username: string): Promise<string> {
    const url = await this.endpoint();
    const form = new URLSearchParams({ grant_type: 'password', client_id: cliClientId, username, password: this.password });
    const answer = await this.http.request({ label: 'token', method: 'POST', url, form });
    if (answer.kind === 'refused') throw new Error(`token for ${username}: HTTP ${answer.status} ${answer.code} ${answer.detail}`);
    if (answer.kind === 'failed') throw new Error(`token for ${username}: ${answer.error} after ${answer.attempts} attempts`);
    const body = answer.body as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new Error(`token for ${username}: no access_token in the answer`);
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    this.cache.set(username, { token: body.access_token, expiresAt: Date.now() + expiresIn * 1000 });
    return body.access_token;
  }
}
