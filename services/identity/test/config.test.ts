import { loadIdentityConfig } from '../src/config';

const cookieKeys = 'first-cookie-key-0123456789,second-cookie-key-0123456789';

describe('identity configuration', () => {
  it('has development defaults for everything but the secrets', () => {
    expect(loadIdentityConfig({ LIANXIN_IDENTITY_COOKIE_KEYS: cookieKeys, LIANXIN_DEV_PASSWORD: 'lianxin-dev' })).toEqual({
      port: 8084,
      issuer: 'http://127.0.0.1:8084',
      audience: 'lianxin-api',
      cookieKeys: ['first-cookie-key-0123456789', 'second-cookie-key-0123456789'],
      sampleAccounts: { password: 'lianxin-dev' },
      passwordGrant: true,
      consoleRedirectUris: ['http://127.0.0.1:8085/callback'],
      lockout: { maxFailures: 5, windowSeconds: 900, lockSeconds: 900 },
      accessTokenSeconds: 3600,
    });
  });

  it('reads every variable', () => {
    const config = loadIdentityConfig({
      IDENTITY_PORT: '9000',
      LIANXIN_OIDC_ISSUER: 'https://id.example.org/',
      LIANXIN_OIDC_AUDIENCE: 'https://api.example.org',
      LIANXIN_IDENTITY_COOKIE_KEYS: cookieKeys,
      LIANXIN_IDENTITY_SAMPLE_ACCOUNTS: 'off',
      LIANXIN_IDENTITY_PASSWORD_GRANT: 'off',
      LIANXIN_CONSOLE_REDIRECT_URIS: 'https://console.example.org/callback, http://127.0.0.1:8085/callback',
      LIANXIN_SIGN_IN_MAX_FAILURES: '3',
      LIANXIN_SIGN_IN_FAILURE_WINDOW_SECONDS: '600',
      LIANXIN_SIGN_IN_LOCK_SECONDS: '1800',
      LIANXIN_ACCESS_TOKEN_SECONDS: '900',
    });
    expect(config).toEqual({
      port: 9000,
      issuer: 'https://id.example.org',
      audience: 'https://api.example.org',
      cookieKeys: ['first-cookie-key-0123456789', 'second-cookie-key-0123456789'],
      passwordGrant: false,
      consoleRedirectUris: ['https://console.example.org/callback', 'http://127.0.0.1:8085/callback'],
      lockout: { maxFailures: 3, windowSeconds: 600, lockSeconds: 1800 },
      accessTokenSeconds: 900,
    });
  });

  it('registers the services\' client only when its secret is given', () => {
    const base = { LIANXIN_IDENTITY_COOKIE_KEYS: cookieKeys, LIANXIN_DEV_PASSWORD: 'lianxin-dev' };
    expect(loadIdentityConfig(base).serviceClient).toBeUndefined();
    expect(loadIdentityConfig({ ...base, LIANXIN_SERVICE_CLIENT_SECRET: 'service-secret-0123456789' }).serviceClient).toEqual({
      id: 'lianxin-services',
      secret: 'service-secret-0123456789',
    });
    expect(() => loadIdentityConfig({ ...base, LIANXIN_SERVICE_CLIENT_SECRET: 'short' })).toThrow(/LIANXIN_SERVICE_CLIENT_SECRET/);
  });

  it('requires the cookie keys, and the development password while the sample accounts are on', () => {
    expect(() => loadIdentityConfig({ LIANXIN_DEV_PASSWORD: 'lianxin-dev' })).toThrow(/LIANXIN_IDENTITY_COOKIE_KEYS/);
    expect(() => loadIdentityConfig({ LIANXIN_IDENTITY_COOKIE_KEYS: cookieKeys })).toThrow(/LIANXIN_DEV_PASSWORD/);
    expect(() => loadIdentityConfig({ LIANXIN_IDENTITY_COOKIE_KEYS: 'short', LIANXIN_DEV_PASSWORD: 'lianxin-dev' })).toThrow(/16/);
    expect(loadIdentityConfig({ LIANXIN_IDENTITY_COOKIE_KEYS: cookieKeys, LIANXIN_IDENTITY_SAMPLE_ACCOUNTS: 'off' }).sampleAccounts).toBeUndefined();
  });

  it('refuses what is not on or off, not a URL or not a port, without echoing the secrets', () => {
    const base = { LIANXIN_IDENTITY_COOKIE_KEYS: cookieKeys, LIANXIN_DEV_PASSWORD: 'lianxin-dev' };
    expect(() => loadIdentityConfig({ ...base, LIANXIN_IDENTITY_PASSWORD_GRANT: 'yes' })).toThrow(/LIANXIN_IDENTITY_PASSWORD_GRANT/);
    expect(() => loadIdentityConfig({ ...base, LIANXIN_OIDC_ISSUER: 'not a url' })).toThrow(/LIANXIN_OIDC_ISSUER/);
    expect(() => loadIdentityConfig({ ...base, LIANXIN_CONSOLE_REDIRECT_URIS: 'ftp://x/cb' })).toThrow(/LIANXIN_CONSOLE_REDIRECT_URIS/);
    expect(() => loadIdentityConfig({ ...base, IDENTITY_PORT: '70000' })).toThrow(/IDENTITY_PORT/);
    const tooShort = () => loadIdentityConfig({ LIANXIN_IDENTITY_COOKIE_KEYS: 'short-secret', LIANXIN_DEV_PASSWORD: 'short' });
    expect(tooShort).toThrow(/LIANXIN_IDENTITY_COOKIE_KEYS/);
    expect(tooShort).not.toThrow(/short-secret/);
  });
});
