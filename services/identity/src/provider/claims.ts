import type { Account } from '../accounts/store';

/**
 * What a token says about the person: `sub` (the username), `name`, `roles` and `org` (the
 * organisation they act for). ID tokens carry them by scope; access tokens carry them all.
 */
export const claimsByScope = {
  openid: ['sub'],
  profile: ['name'],
  lianxin: ['roles', 'org'],
} as const;

/** The scopes every first-party client is granted. */
export const grantedScopes = Object.keys(claimsByScope).join(' ');

export interface AccountClaims {
  [claim: string]: unknown;
  sub: string;
  name: string;
  roles: string[];
  org: string;
}

export function accountClaims(account: Account): AccountClaims {
  return { sub: account.username, name: account.name, roles: [...account.roles], org: account.organisationId };
}
