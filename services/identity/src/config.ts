import { z } from 'zod';

/** An unset variable and an empty one mean the same: the default. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

const onOff = (fallback: 'on' | 'off') =>
  z.preprocess(unsetIfEmpty, z.enum(['on', 'off']).default(fallback)).transform((value) => value === 'on');

const commaList = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((raw) => raw.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item).min(1));

const httpUrl = z.url({ protocol: /^https?$/ });

/** The identity service's own environment (the servers it reaches come from the platform config). */
const IdentityEnv = z
  .object({
    IDENTITY_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).default(8084)),
    /** The issuer identifier: the provider's public base URL, as services and clients reach it. */
    LIANXIN_OIDC_ISSUER: z.preprocess(unsetIfEmpty, httpUrl.default('http://127.0.0.1:8084')).transform((url) => url.replace(/\/+$/, '')),
    /** The `aud` of every access token: what the services check. */
    LIANXIN_OIDC_AUDIENCE: z.preprocess(unsetIfEmpty, z.string().min(1).max(200).default('lianxin-api')),
    /** Secrets that sign the provider's cookies, newest first (comma-separated, 16+ characters each). */
    LIANXIN_IDENTITY_COOKIE_KEYS: commaList(z.string().min(16, 'each cookie key needs at least 16 characters')),
    /** Loads the sample accounts into an empty account collection (development data). */
    LIANXIN_IDENTITY_SAMPLE_ACCOUNTS: onOff('on'),
    /** The password of every sample account (development only). */
    LIANXIN_DEV_PASSWORD: z.preprocess(unsetIfEmpty, z.string().min(8).max(256).optional()),
    /** The password grant of `lianxin-cli`, for the token CLI and tests: development only. */
    LIANXIN_IDENTITY_PASSWORD_GRANT: onOff('on'),
    /** Where the browser consoles (`lianxin-console`) may receive their authorization codes. */
    LIANXIN_CONSOLE_REDIRECT_URIS: z.preprocess(unsetIfEmpty, z.string().default('http://127.0.0.1:8085/callback')).pipe(commaList(httpUrl)),
    /** The platform's own services (client credentials, role `service`): registered only when the secret is set. */
    LIANXIN_SERVICE_CLIENT_ID: z.preprocess(unsetIfEmpty, z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/).default('lianxin-services')),
    LIANXIN_SERVICE_CLIENT_SECRET: z.preprocess(unsetIfEmpty, z.string().min(16, 'needs at least 16 characters').optional()),
    /** 登录失败处理: this many wrong passwords for one username within the window lock it for the lock time. */
    LIANXIN_SIGN_IN_MAX_FAILURES: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(100).default(5)),
    LIANXIN_SIGN_IN_FAILURE_WINDOW_SECONDS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).default(900)),
    LIANXIN_SIGN_IN_LOCK_SECONDS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).default(900)),
    /** How long an access token is good for; a live stream opened with one ends then. */
    LIANXIN_ACCESS_TOKEN_SECONDS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(60).max(86_400).default(3_600)),
  })
  .superRefine((env, ctx) => {
    if (env.LIANXIN_IDENTITY_SAMPLE_ACCOUNTS && env.LIANXIN_DEV_PASSWORD === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['LIANXIN_DEV_PASSWORD'],
        message: 'required while LIANXIN_IDENTITY_SAMPLE_ACCOUNTS=on (the password of the sample accounts)',
      });
    }
  });

export interface IdentityConfig {
  port: number;
  issuer: string;
  audience: string;
  cookieKeys: string[];
  /** The sample accounts and their password, when they are to be loaded. */
  sampleAccounts?: { password: string };
  passwordGrant: boolean;
  consoleRedirectUris: string[];
  /** The client the services use for their own tokens (client credentials), when configured. */
  serviceClient?: { id: string; secret: string };
  /** Locking a username after repeated wrong passwords. */
  lockout: { maxFailures: number; windowSeconds: number; lockSeconds: number };
  /** The lifetime of access tokens (the services' and the console's), in seconds. */
  accessTokenSeconds: number;
}

/** Reads and checks the identity service's environment; a bad one is a start-up error naming each problem. */
export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const parsed = IdentityEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`配置错误 (identity environment): ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.IDENTITY_PORT,
    issuer: e.LIANXIN_OIDC_ISSUER,
    audience: e.LIANXIN_OIDC_AUDIENCE,
    cookieKeys: e.LIANXIN_IDENTITY_COOKIE_KEYS,
    ...(e.LIANXIN_IDENTITY_SAMPLE_ACCOUNTS && e.LIANXIN_DEV_PASSWORD !== undefined ? { sampleAccounts: { password: e.LIANXIN_DEV_PASSWORD } } : {}),
    passwordGrant: e.LIANXIN_IDENTITY_PASSWORD_GRANT,
    consoleRedirectUris: e.LIANXIN_CONSOLE_REDIRECT_URIS,
    ...(e.LIANXIN_SERVICE_CLIENT_SECRET ? { serviceClient: { id: e.LIANXIN_SERVICE_CLIENT_ID, secret: e.LIANXIN_SERVICE_CLIENT_SECRET } } : {}),
    lockout: {
      maxFailures: e.LIANXIN_SIGN_IN_MAX_FAILURES,
      windowSeconds: e.LIANXIN_SIGN_IN_FAILURE_WINDOW_SECONDS,
      lockSeconds: e.LIANXIN_SIGN_IN_LOCK_SECONDS,
    },
    accessTokenSeconds: e.LIANXIN_ACCESS_TOKEN_SECONDS,
  };
}
