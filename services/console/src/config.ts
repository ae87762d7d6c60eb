import { z } from 'zod';

/** An unset variable and an empty one mean the same: the default. */
const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

/** A base URL without trailing slashes (what the browser and the CSP are given). */
const baseUrl = (fallback: string) =>
  z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/ }).default(fallback)).transform((url) => url.replace(/\/+$/, ''));

/**
 * The console's environment. The service URLs are the addresses the *browser* reaches the
 * services at (in production their public origins), so they go into `/config.json` and into the
 * Content-Security-Policy's `connect-src` as they are.
 */
const ConsoleEnv = z.object({
  CONSOLE_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).default(8085)),
  /** The OpenID provider the console signs people in with (the same issuer the services trust). */
  LIANXIN_OIDC_ISSUER: baseUrl('http://127.0.0.1:8084'),
  /** The console's client at the provider (public, authorization code + PKCE). */
  LIANXIN_CONSOLE_CLIENT_ID: z.preprocess(unsetIfEmpty, z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/).default('lianxin-console')),
  RESIDENTS_URL: baseUrl('http://127.0.0.1:8081'),
  CADRES_URL: baseUrl('http://127.0.0.1:8082'),
  NOTIFICATIONS_URL: baseUrl('http://127.0.0.1:8083'),
});

export interface ConsoleServices {
  residents: string;
  cadres: string;
  notifications: string;
}

export interface ConsoleConfig {
  port: number;
  issuer: string;
  clientId: string;
  services: ConsoleServices;
}

/** Reads and checks the console's environment; a bad one is a start-up error naming each problem. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = ConsoleEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`配置错误 (console environment): ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.CONSOLE_PORT,
    issuer: e.LIANXIN_OIDC_ISSUER,
    clientId: e.LIANXIN_CONSOLE_CLIENT_ID,
    services: { residents: e.RESIDENTS_URL, cadres: e.CADRES_URL, notifications: e.NOTIFICATIONS_URL },
  };
}
