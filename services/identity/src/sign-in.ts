import type { AuditSink, Logger } from '@lianxin/platform';

/** One sign-in attempt, allowed or refused. Never carries the password. */
export interface SignInEvent {
  /** The username as given (it may name no account). */
  username: string;
  outcome: 'allowed' | 'refused';
  /** The OAuth client the person signed in to (`lianxin-console`, `lianxin-cli`). */
  client: string;
  /** The caller's address as the provider saw it. */
  ip: string | undefined;
}

/** Told of every sign-in attempt before it is answered (the audit trail, later). */
export type SignInHook = (event: SignInEvent) => void | Promise<void>;

/** A username worth writing down: shaped like an account's. Anything else might be a mistyped password. */
const accountShaped = /^[a-z0-9][a-z0-9-]{1,63}$/;

/** The hook the process uses for now: one log line per attempt, `{ username, outcome }`. */
export function logSignIns(log: Logger): SignInHook {
  return ({ username, outcome }) => {
    const fields = { username: accountShaped.test(username) ? username : '(not an account name)', outcome };
    if (outcome === 'allowed') log.info(fields, 'sign-in');
    else log.warn(fields, 'sign-in refused');
  };
}

/**
 * Every attempt into the audit trail (kind `sign_in`, allowed or refused, with the client and
 * address; never the password), and then to `next`. A username not shaped like an account name
 * is recorded as such, not as typed: it may be a password in the wrong field.
 */
export function auditSignIns(trail: AuditSink, next: SignInHook): SignInHook {
  return async (event) => {
    const username = accountShaped.test(event.username) ? event.username : '(not an account name)';
    await trail.append({
      kind: 'sign_in',
      actor: { id: username },
      action: 'sign-in',
      outcome: event.outcome,
      details: { client: event.client, ...(event.ip ? { ip: event.ip } : {}) },
    });
    await next(event);
  };
}
