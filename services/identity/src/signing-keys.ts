import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { Logger } from '@lianxin/platform';

/** A private RSA signing key as a JWK (RS256, the default algorithm of every client and resource). */
const PrivateRsaJwk = z.looseObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1),
  alg: z.literal('RS256'),
  use: z.literal('sig'),
  n: z.string().min(1),
  e: z.string().min(1),
  d: z.string().min(1),
  p: z.string().min(1),
  q: z.string().min(1),
  dp: z.string().min(1),
  dq: z.string().min(1),
  qi: z.string().min(1),
});
export type SigningJwk = z.infer<typeof PrivateRsaJwk>;

const StoredKey = z.object({ _id: z.string(), jwk: PrivateRsaJwk, createdAt: z.date() });
type StoredKey = z.infer<typeof StoredKey>;

const collectionName = 'signing_keys';

/** The RFC 7638 thumbprint of an RSA public key: a stable `kid`. */
function thumbprint(jwk: JsonWebKey): string {
  return createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n })).digest('base64url');
}

function generateSigningKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return PrivateRsaJwk.parse({ ...jwk, kid: thumbprint(jwk), alg: 'RS256', use: 'sig' });
}

/**
 * The provider's signing keys, newest first (the first signs; all are published, so tokens
 * signed before a rotation still verify). Made on the first start and kept in `signing_keys`,
 * so a restart keeps issued tokens valid. Rotation: insert a newer key and restart.
 */
export async function loadSigningKeys(db: Connection, log: Logger): Promise<SigningJwk[]> {
  const collection = db.collection<StoredKey>(collectionName);
  const read = async () =>
    (await collection.find({}).sort({ createdAt: -1 }).toArray()).flatMap((document) => {
      const parsed = StoredKey.safeParse(document);
      if (!parsed.success) log.error({ kid: document._id }, 'unreadable signing key skipped');
      return parsed.success ? [parsed.data.jwk] : [];
    });
  const existing = await read();
  if (existing.length > 0) return existing;
  const jwk = generateSigningKey();
  await collection.insertOne({ _id: jwk.kid, jwk, createdAt: new Date() });
  log.info({ kid: jwk.kid }, 'signing key created');
  // Read back: a process that started at the same moment may have made one too (both are kept).
  return read();
}
