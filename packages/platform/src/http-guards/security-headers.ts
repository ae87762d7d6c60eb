import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** A Content-Security-Policy directive name and its sources, e.g. `'script-src': ["'self'"]`. */
export type ContentSecurityPolicyDirectives = Record<string, readonly string[]>;

/** The policy of a JSON API: it loads nothing, runs nothing and may be framed by no one. */
export const apiContentSecurityPolicy: ContentSecurityPolicyDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export interface SecurityHeadersOptions {
  /**
   * The Content-Security-Policy, as directives; default `apiContentSecurityPolicy`. An app that
   * serves an HTML console passes its own, e.g. `{ 'default-src': ["'self'"], … }`.
   */
  contentSecurityPolicy?: ContentSecurityPolicyDirectives;
}

/**
 * helmet's security headers with a strict CSP (no default directives mixed in, so what is
 * given is the whole policy), frames refused, and resources readable by the same site (the
 * consoles on another port of the same host are same-site).
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): RequestHandler {
  const directives = Object.fromEntries(
    Object.entries(options.contentSecurityPolicy ?? apiContentSecurityPolicy).map(([name, sources]) => [name, [...sources]]),
  );
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    crossOriginResourcePolicy: { policy: 'same-site' },
    frameguard: { action: 'deny' },
  });
}
