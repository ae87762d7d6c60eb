import { getCiphers, getHashes, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { availableCiphers, chooseCipher, CipherUnavailableError, KeyRingError, keyRingFromEnv, parseKeyRing } from '../src';
import { keyEntry } from './keys';

describe('key rings', () => {
  it('takes the first key as current and keeps every key for opening', () => {
    const ring = parseKeyRing(`${keyEntry('k2')}, ${keyEntry('k1')}`);
    expect(ring.current.id).toBe('k2');
    expect(ring.ids).toEqual(['k2', 'k1']);
    expect(ring.key('k1')?.id).toBe('k1');
    expect(ring.key('k3')).toBeUndefined();
    expect(ring.cipher).toBe('aes-256-gcm');
  });

  it('reads URL-safe base64 too', () => {
    expect(parseKeyRing(`k1:${randomBytes(32).toString('base64url')}`).current.id).toBe('k1');
  });

  it('refuses unusable values with messages that hold no key material', () => {
    const short = randomBytes(16).toString('base64');
    const cases: [string | undefined, RegExp][] = [
      [undefined, /LIANXIN_DATA_KEYS is not set/],
      ['  ', /is not set/],
      [short, /entry 1 has no key id/],
      [`k1:${short}`, /entry 1 \(key id "k1"\): the key is 16 bytes, must be 32/],
      [`${keyEntry('k1')},k1:${randomBytes(32).toString('base64')}`, /entry 2: key id "k1" appears twice/],
      [`k.1:${randomBytes(32).toString('base64')}`, /entry 1: a key id is/],
      [`k1:not base64!`, /entry 1 \(key id "k1"\): the key is not base64/],
      [`${keyEntry('k1')},`, /entry 2 has no key id/],
    ];
    for (const [value, message] of cases) {
      let error: unknown;
      try {
        parseKeyRing(value, { source: 'LIANXIN_DATA_KEYS' });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(KeyRingError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('shows no key material when printed', () => {
    const entry = keyEntry('k1');
    const ring = parseKeyRing(entry);
    const printed = `${inspect(ring, { depth: 10 })} ${JSON.stringify(ring)}`;
    expect(printed).not.toContain(entry.slice(3));
    expect(printed).not.toContain(ring.current.secret.export().toString('base64'));
  });

  it('reads the variable and LIANXIN_CIPHER from the environment', () => {
    const env = { LIANXIN_PAYLOAD_KEYS: keyEntry('p1'), LIANXIN_CIPHER: availableCiphers().at(-1)! };
    const ring = keyRingFromEnv(env, 'LIANXIN_PAYLOAD_KEYS');
    expect(ring.current.id).toBe('p1');
    expect(ring.cipher).toBe(env.LIANXIN_CIPHER);
    expect(() => keyRingFromEnv({}, 'LIANXIN_PAYLOAD_KEYS')).toThrow(/LIANXIN_PAYLOAD_KEYS is not set/);
  });
});

describe('cipher choice', () => {
  it('defaults to aes-256-gcm and refuses unknown names', () => {
    expect(chooseCipher(undefined)).toBe('aes-256-gcm');
    expect(chooseCipher('')).toBe('aes-256-gcm');
    expect(chooseCipher('AES-256-GCM')).toBe('aes-256-gcm');
    expect(() => chooseCipher('des-cbc')).toThrow(CipherUnavailableError);
    expect(() => chooseCipher('des-cbc')).toThrow(/unknown cipher "des-cbc"; use one of aes-256-gcm, sm4-gcm, sm4-ctr-hmac-sm3/);
  });

  it('offers SM4-GCM only where OpenSSL has it, and otherwise names the SM4 alternative', () => {
    const sm4Gcm = availableCiphers().includes('sm4-gcm');
    expect(sm4Gcm).toBe(getCiphers().includes('sm4-gcm'));
    if (sm4Gcm) {
      expect(chooseCipher('sm4-gcm')).toBe('sm4-gcm');
    } else {
      expect(() => chooseCipher('sm4-gcm')).toThrow(/sm4-gcm is not available in this Node's OpenSSL .*; for SM4 use sm4-ctr-hmac-sm3/);
    }
  });

  it('has SM4-CTR with HMAC-SM3 wherever OpenSSL has SM4-CTR and SM3', () => {
    const expected = getCiphers().includes('sm4-ctr') && getHashes().includes('sm3');
    expect(availableCiphers().includes('sm4-ctr-hmac-sm3')).toBe(expected);
  });
});
