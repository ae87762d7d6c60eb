import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useConfig } from '../config';
import { beginSignIn, readTokens, signOutAt, storeTokens, type StoredTokens } from './oidc';
import { principalOf, type Principal } from './principal';

/** The signed-in person of this tab. */
export interface Session {
  principal: Principal;
  accessToken: string;
  signOut(): Promise<void>;
}

interface AuthValue {
  session: Session | null;
  /** Whether the last session ended by expiring (a 401, or the token's time ran out). */
  expired: boolean;
  signIn(returnTo?: string): Promise<void>;
  /** After /callback: the tokens of the new session. */
  establish(tokens: StoredTokens): void;
  /** The token is no longer accepted: forget it (RequireSession then signs in again). */
  expire(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Renewal happens this long before the token's end, so no request goes out with a dying token. */
const expiryMarginMs = 30_000;

const currentPath = () => `${window.location.pathname}${window.location.search}${window.location.hash}`;

/** Keeps the tab's session (tokens in sessionStorage) and ends it when the token expires. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const config = useConfig();
  const [tokens, setTokens] = useState<StoredTokens | undefined>(() => {
    const stored = readTokens();
    return stored && stored.expiresAt - expiryMarginMs > Date.now() ? stored : undefined;
  });
  const [expired, setExpired] = useState(false);

  const expire = useCallback(() => {
    storeTokens(undefined);
    setTokens(undefined);
    setExpired(true);
  }, []);

  useEffect(() => {
    if (!tokens) return undefined;
    const timer = window.setTimeout(expire, Math.max(0, tokens.expiresAt - expiryMarginMs - Date.now()));
    return () => window.clearTimeout(timer);
  }, [tokens, expire]);

  const signIn = useCallback((returnTo?: string) => beginSignIn(config, returnTo ?? currentPath()), [config]);
  const establish = useCallback((next: StoredTokens) => {
    setTokens(next);
    setExpired(false);
  }, []);

  const session = useMemo<Session | null>(() => {
    if (!tokens) return null;
    return {
      principal: principalOf(tokens.accessToken, tokens.idTokenClaims),
      accessToken: tokens.accessToken,
      signOut: async () => {
        setTokens(undefined);
        await signOutAt(config, tokens);
      },
    };
  }, [tokens, config]);

  const value = useMemo(() => ({ session, expired, signIn, establish, expire }), [session, expired, signIn, establish, expire]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in person (only inside RequireSession): {principal, accessToken, signOut}. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session (wrap the route in RequireSession)');
  return session;
}

/** The session if someone is signed in (public pages). */
export function useOptionalSession(): Session | null {
  return useAuth().session;
}
