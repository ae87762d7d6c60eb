import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { InvalidToken, IssuerUnavailable, loadAuthConfig, tokenVerifier, type TokenVerifier } from '../src';

/**
 * The token check against a real HTTP issuer (discovery + JWKS served on a local port) whose
 * keys this test holds, so each token below is wrong in exactly one way.
 */
let server: Server;
let issuer: string;
let privateKey: KeyLike;
let verify: TokenVerifier;
const kid = 'test-key-1';
const audience = 'lianxin-api';

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: 'ES256', use: 'sig' };
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    if (req.url === '/jwks') return res.end(JSON.stringify({ keys: [jwk] }));
    res.statusCode = 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  verify = tokenVerifier(loadAuthConfig({ LIANXIN_OIDC_ISSUER: issuer, LIANXIN_OIDC_AUDIENCE: audience }));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const claims = { name: '王德明', roles: ['dispatcher', 'member', 'unknown-role'], org: 'org-yeshan' };

function token(options: { key?: KeyLike; iss?: string; aud?: string; exp?: number | string; kid?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? kid })
    .setSubject('mem-yeshan-dispatcher')
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '10m')
    .sign(options.key ?? privateKey);
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function reason(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
    return 'accepted';
  } catch (error) {
    return error instanceof InvalidToken ? 'invalid' : (error as Error).name;
  }
}

describe('bearer token verification', () => {
  it('accepts a good token and maps its claims to a principal (unknown roles dropped)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    expect(await verify(await token({ exp }))).toEqual({ id: 'mem-yeshan-dispatcher', name: '王德明', roles: ['dispatcher', 'member'], organisationId: 'org-yeshan', expiresAt: new Date(exp * 1000) });
  });

  it('refuses expired, badly signed, foreign, misaddressed and unsigned tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = await generateKeyPair('ES256');
    const good = await token();
    const [header, payload] = good.split('.');
    const cases: Record<string, Promise<string>> = {
      expired: token({ exp: now - 120 }), // beyond the 30 s tolerance
      'wrong signature (another key, same kid)': token({ key: other.privateKey }),
      'tampered payload': Promise.resolve(`${header}.${base64url({ ...claims, sub: 'admin', roles: ['admin'], iss: issuer, aud: audience, exp: now + 600 })}.${good.split('.')[2]}`),
      'wrong issuer': token({ iss: 'https://evil.example' }),
      'wrong audience': token({ aud: 'another-api' }),
      'alg none': Promise.resolve(`${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`),
      'alg HS256': Promise.resolve(`${base64url({ alg: 'HS256', kid })}.${payload}.${Buffer.from('forged').toString('base64url')}`),
      'unknown key id': token({ kid: 'nobody' }),
      garbage: Promise.resolve('not-a-jwt'),
    };
    const outcomes: Record<string, string> = {};
    for (const [name, pending] of Object.entries(cases)) outcomes[name] = await reason(verify(await pending));
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(cases).map((name) => [name, 'invalid'])));
  });

  it('tolerates a little clock skew', async () => {
    expect(await reason(verify(await token({ exp: Math.floor(Date.now() / 1000) - 5 })))).toBe('accepted');
  });

  it('an unreachable issuer is not the caller\'s fault: IssuerUnavailable, not an invalid token', async () => {
    const nowhere = tokenVerifier(loadAuthConfig({ LIANXIN_OIDC_ISSUER: 'http://127.0.0.1:9', LIANXIN_OIDC_AUDIENCE: audience }));
    expect(await reason(nowhere(await token()))).toBe(IssuerUnavailable.name);
  });
});
