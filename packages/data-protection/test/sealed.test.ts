import {
  availableCiphers,
  CipherUnavailableError,
  DecryptionFailedError,
  isSealed,
  MalformedCiphertextError,
  openText,
  parseKeyRing,
  sealText,
  UnknownKeyError,
  type CipherName,
} from '../src';
import { keyEntry } from './keys';

const phone = '13912345678';
const address = '野山镇东湾村3组12号';

function ring(entries: string, cipher?: CipherName) {
  return parseKeyRing(entries, cipher ? { cipher } : {});
}

describe.each(availableCiphers())('sealed fields with %s', (cipher) => {
  const keys = `${keyEntry('k1')}`;

  it('round-trips, in the compact form, without the clear value', () => {
    const sealed = sealText(ring(keys, cipher), address, 'LX20260101-ABCDEFGH');
    expect(sealed).toMatch(new RegExp(`^lx1\\.k1\\.${cipher}\\.[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain(address);
    expect(isSealed(sealed)).toBe(true);
    expect(openText(ring(keys, cipher), sealed, 'LX20260101-ABCDEFGH')).toBe(address);
  });

  it('seals the same value differently each time', () => {
    expect(sealText(ring(keys, cipher), phone)).not.toBe(sealText(ring(keys, cipher), phone));
  });

  it('refuses a tampered value', () => {
    const sealed = sealText(ring(keys, cipher), phone);
    const data = Buffer.from(sealed.split('.')[3]!, 'base64url');
    for (const index of [0, 20, data.length - 1]) {
      const altered = Buffer.from(data);
      altered[index]! ^= 1;
      const tampered = `lx1.k1.${cipher}.${altered.toString('base64url')}`;
      expect(() => openText(ring(keys, cipher), tampered)).toThrow(DecryptionFailedError);
    }
    expect(() => openText(ring(keys, cipher), `lx1.k1.${cipher}.${data.subarray(0, 10).toString('base64url')}`)).toThrow(MalformedCiphertextError);
  });

  it('refuses another context, or none', () => {
    const sealed = sealText(ring(keys, cipher), phone, 'LX-1');
    expect(() => openText(ring(keys, cipher), sealed, 'LX-2')).toThrow(DecryptionFailedError);
    expect(() => openText(ring(keys, cipher), sealed)).toThrow(DecryptionFailedError);
    expect(() => openText(ring(keys, cipher), sealText(ring(keys, cipher), phone), 'LX-1')).toThrow(DecryptionFailedError);
  });
});

describe('sealed fields across keys and ciphers', () => {
  it('opens what the old key sealed once a new current key is put first', () => {
    const old = keyEntry('k1');
    const before = sealText(ring(old), phone);
    const rotated = ring(`${keyEntry('k2')},${old}`);
    const after = sealText(rotated, phone);
    expect(after.startsWith('lx1.k2.')).toBe(true);
    expect(openText(rotated, before)).toBe(phone);
    expect(openText(rotated, after)).toBe(phone);
    expect(() => openText(ring(old), after)).toThrow(UnknownKeyError);
  });

  it('refuses a key id the ring does not hold, naming only the id', () => {
    const sealed = sealText(ring(keyEntry('k1')), phone);
    expect(() => openText(ring(keyEntry('k9')), sealed)).toThrow(new UnknownKeyError('k1'));
  });

  it('refuses a different key under the same id', () => {
    const sealed = sealText(ring(keyEntry('k1')), phone);
    expect(() => openText(ring(keyEntry('k1')), sealed)).toThrow(DecryptionFailedError);
  });

  it('refuses a relabelled key id or cipher', () => {
    // The same key under two ids: only the authenticated label tells them apart.
    const material = keyEntry('k1').slice('k1:'.length);
    const both = ring(`k1:${material},k2:${material}`);
    const sealed = sealText(both, address); // long enough to be read as either cipher's layout
    expect(() => openText(both, sealed.replace('lx1.k1.', 'lx1.k2.'))).toThrow(DecryptionFailedError);
    if (availableCiphers().includes('sm4-ctr-hmac-sm3')) {
      expect(() => openText(both, sealed.replace('.aes-256-gcm.', '.sm4-ctr-hmac-sm3.'))).toThrow(DecryptionFailedError);
    }
  });

  it('opens values sealed with another cipher than the current one', () => {
    const entry = keyEntry('k1');
    const sealed = availableCiphers().map((cipher) => sealText(ring(entry, cipher), phone));
    for (const value of sealed) expect(openText(ring(entry, 'aes-256-gcm'), value)).toBe(phone);
  });

  it('refuses values that are not sealed, and a cipher this platform lacks', () => {
    const keys = ring(keyEntry('k1'));
    for (const value of ['', phone, 'lx1.k1.aes-256-gcm', 'lx2.k1.aes-256-gcm.AAAA', 'lx1.k1.aes-256-gcm.AA AA']) {
      expect(isSealed(value)).toBe(false);
      expect(() => openText(keys, value)).toThrow(MalformedCiphertextError);
    }
    expect(() => openText(keys, 'lx1.k1.rot13.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toThrow(MalformedCiphertextError);
    if (!availableCiphers().includes('sm4-gcm')) {
      expect(() => openText(keys, 'lx1.k1.sm4-gcm.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toThrow(CipherUnavailableError);
    }
    expect(isSealed(42)).toBe(false);
    expect(isSealed(undefined)).toBe(false);
  });

  it('round-trips the empty string and long text', () => {
    const keys = ring(keyEntry('k1'));
    expect(openText(keys, sealText(keys, ''))).toBe('');
    const long = address.repeat(500);
    expect(openText(keys, sealText(keys, long, 'c'), 'c')).toBe(long);
  });
});
