import { z } from 'zod';
import type { AuthConfig } from './auth-config';

/**
 * A service's own token, for calls to another service (the worker asking the cadres service for
 * routing, intake checking references in the register): the OAuth client-credentials grant at
 * the issuer's token endpoint, as client `LIANXIN_SERVICE_CLIENT_ID` with its secret. The token
 * carries the role `service`, which the role × route table allows to read the register only.
 * Kept until a minute before it expires.
 */
const ServiceClientEnv = z.object({
  LIANXIN_SERVICE_CLIENT_ID: z.string().min(1).default('lianxin-services'),
  LIANXIN_SERVICE_CLIENT_SECRET: z.string().min(16, 'LIANXIN_SERVICE_CLIENT_SECRET 未设置或太短'),
});

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().default(300) });

export type ServiceToken = () => Promise<string>;

export function serviceToken(auth: AuthConfig, env: NodeJS.ProcessEnv = process.env, timeoutMs = 5_000): ServiceToken {
  const parsed = ServiceClientEnv.safeParse(env);
  if (!parsed.success) throw new Error(`配置错误 (service client): ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const { LIANXIN_SERVICE_CLIENT_ID: clientId, LIANXIN_SERVICE_CLIENT_SECRET: secret } = parsed.data;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    const discovery = await fetch(`${auth.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!discovery.ok) throw new Error(`identity discovery answered ${discovery.status}`);
    const { token_endpoint: endpoint } = z.object({ token_endpoint: z.string().url() }).parse(await discovery.json());
    const response = await fetch(endpoint, {
      method: 'POST',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'lianxin:service' }).toString(),
    });
    if (!response.ok) throw new Error(`identity token endpoint answered ${response.status} to the service client`);
    const body = TokenResponse.parse(await response.json());
    cached = { token: body.access_token, renewAt: Date.now() + Math.max(10, body.expires_in - 60) * 1000 };
    return body.access_token;
  };
  return async () => {
    if (cached && cached.renewAt > Date.now()) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
