import { createHash, createHmac, randomBytes } from 'node:crypto';
import { blindIndex, blindIndexFromEnv, indexKeyFromEnv, KeyRingError } from '../src';

describe('blind indexes', () => {
  const raw = randomBytes(32);
  const env = { LIANXIN_INDEX_KEY: raw.toString('base64') };

  it('is HMAC-SHA256 of the purpose and the value under the index key: stable, not a plain hash', () => {
    const phone = blindIndexFromEnv('phone', env);
    const hash = phone('13912345678');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(phone('13912345678')).toBe(hash);
    expect(phone('13912345679')).not.toBe(hash);
    expect(hash).toBe(createHmac('sha256', raw).update('phone\u000013912345678').digest('hex'));
    expect(hash).not.toBe(createHash('sha256').update('13912345678').digest('hex'));
  });

  it('gives other hashes under another key and for another purpose', () => {
    const other = blindIndexFromEnv('phone', { LIANXIN_INDEX_KEY: randomBytes(32).toString('base64url') });
    expect(other('13912345678')).not.toBe(blindIndexFromEnv('phone', env)('13912345678'));
    expect(blindIndexFromEnv('id-card', env)('13912345678')).not.toBe(blindIndexFromEnv('phone', env)('13912345678'));
  });

  it('refuses a missing, malformed or short key, naming the variable and never the key', () => {
    const short = randomBytes(16).toString('base64');
    for (const value of [undefined, '', 'not base64!', short]) {
      let error: unknown;
      try {
        indexKeyFromEnv({ LIANXIN_INDEX_KEY: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(KeyRingError);
      expect((error as Error).message).toContain('LIANXIN_INDEX_KEY');
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => blindIndex(indexKeyFromEnv(env), 'Phone Numbers')).toThrow(KeyRingError);
  });
});
