import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultDevelopmentPassword } from '@lianxin/sample-register';
import { cliClientId, passwordGrantType } from '../provider/clients';

/**
 * `npm run token -- <username> [password] [--json]`: an access token for a sample account from
 * the running provider (`LIANXIN_OIDC_ISSUER`, default http://127.0.0.1:8084), by the password
 * grant of `lianxin-cli` (development only). The password defaults to `LIANXIN_DEV_PASSWORD`,
 * else the development default `lianxin-dev`. Prints the access token, or with `--json` the
 * whole token response (access token, ID token, expiry).
 *
 *   curl -H "Authorization: Bearer $(npm run -s token -- mem-yeshan-dispatcher)" …
 */

const usage = '用法: npm run token -- <用户名> [密码] [--json]\n  例如: npm run token -- mem-yeshan-dispatcher\n';

const Discovery = z.object({ token_endpoint: z.url() });
const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number(),
  id_token: z.string().optional(),
  scope: z.string().optional(),
});
const ErrorResponse = z.object({ error: z.string(), error_description: z.string().optional() });

class CliError extends Error {}

function explain(error: z.infer<typeof ErrorResponse>): string {
  switch (error.error) {
    case 'invalid_grant':
      return '用户名或密码错误';
    case 'unsupported_grant_type':
    case 'invalid_client':
    case 'unauthorized_client':
      return '身份服务未开放密码登录（LIANXIN_IDENTITY_PASSWORD_GRANT=off？）';
    default:
      return `身份服务拒绝了请求: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
  }
}

async function call(url: string, init: RequestInit, issuer: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new CliError(`无法连接身份服务 ${issuer}（npm start 在运行吗？或设置 LIANXIN_OIDC_ISSUER）`);
  }
}

async function requestToken(issuer: string, username: string, password: string): Promise<z.infer<typeof TokenResponse>> {
  const discovery = await call(`${issuer}/.well-known/openid-configuration`, {}, issuer);
  if (!discovery.ok) throw new CliError(`身份服务 ${issuer} 的发现文档不可用 (HTTP ${discovery.status})`);
  const { token_endpoint: tokenEndpoint } = Discovery.parse(await discovery.json());
  const body = new URLSearchParams({ grant_type: passwordGrantType, client_id: cliClientId, username, password });
  const response = await call(tokenEndpoint, { method: 'POST', body }, issuer);
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ErrorResponse.safeParse(answer);
    throw new CliError(error.success ? explain(error.data) : `身份服务出错 (HTTP ${response.status})`);
  }
  return TokenResponse.parse(answer);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  const [username, givenPassword] = positionals;
  if (values.help || !username || positionals.length > 2) {
    process.stderr.write(usage);
    return values.help ? 0 : 2;
  }
  const issuer = (process.env.LIANXIN_OIDC_ISSUER || 'http://127.0.0.1:8084').replace(/\/+$/, '');
  const password = givenPassword ?? (process.env.LIANXIN_DEV_PASSWORD || defaultDevelopmentPassword);
  try {
    const tokens = await requestToken(issuer, username, password);
    process.stdout.write(values.json ? `${JSON.stringify(tokens, null, 2)}\n` : `${tokens.access_token}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
