import { hashPassword, verifyNothing, verifyPassword } from '../src/accounts/password';

describe('password hashes', () => {
  it('verify the password they were made from, and nothing else', async () => {
    const hash = await hashPassword('lianxin-dev');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain('lianxin-dev');
    expect(await verifyPassword('lianxin-dev', hash)).toBe(true);
    expect(await verifyPassword('lianxin-dev ', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salt each hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuse malformed hashes', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$abc$8$1$c2FsdA==$a2V5')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$16384$8$1$c2FsdA==$dG9vLXNob3J0')).toBe(false);
  });

  it('take the time of a verification for an unknown username', async () => {
    await expect(verifyNothing('anything')).resolves.toBe(false);
  });
});
