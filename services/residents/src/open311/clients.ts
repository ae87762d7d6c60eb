import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';

/**
 * Open311 client systems (接入系统: a city app, FixMyStreet, a partner's CRM) and their API keys.
 * A key is `o311.<client id>.<43 base64url characters>` — 32 random bytes — and is shown once,
 * when issued; the database keeps only its SHA-256, so a reader of the collection cannot submit
 * in a client's name. The client id inside the key lets a check read one document by `_id` and
 * compare hashes in constant time. A revoked key stays on record (who, when) and is refused.
 */
export interface Open311ClientRecord {
  _id: string;
  name: string;
  keyHash: string;
  createdAt: Date;
  createdBy: string;
  revokedAt?: Date;
  revokedBy?: string;
}

const schema = new Schema<Open311ClientRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    keyHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    revokedAt: { type: Date },
    revokedBy: { type: String },
  },
  { collection: 'open311_clients', versionKey: false },
);

export type Open311Clients = Model<Open311ClientRecord>;

export function open311ClientsModel(db: Connection): Open311Clients {
  return db.models['Open311ClientRecord'] ?? db.model<Open311ClientRecord>('Open311ClientRecord', schema);
}

/** A client system as it submits: id and name (never the key or its hash). */
export interface Open311Client {
  id: string;
  name: string;
}

const idAlphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
export const apiKeyPattern = /^o311\.([a-z2-9]{12})\.([A-Za-z0-9_-]{43})$/;

function newClientId(): string {
  let id = '';
  for (const byte of randomBytes(12)) id += idAlphabet[byte % idAlphabet.length];
  return id;
}

function hashOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Registers a client system and answers its key, the only time the key is seen. */
export async function issueClientKey(clients: Open311Clients, name: string, issuedBy: string): Promise<{ client: Open311ClientRecord; apiKey: string }> {
  const id = newClientId();
  const apiKey = `o311.${id}.${randomBytes(32).toString('base64url')}`;
  const client = await clients.create({ _id: id, name, keyHash: hashOf(apiKey), createdAt: new Date(), createdBy: issuedBy });
  return { client: client.toObject(), apiKey };
}

/** Revokes a client's key; undefined when there is no such client. Revoking twice keeps the first record. */
export async function revokeClientKey(clients: Open311Clients, id: string, revokedBy: string): Promise<Open311ClientRecord | undefined> {
  await clients.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date(), revokedBy } });
  return (await clients.findById(id, { keyHash: 0 }).lean<Open311ClientRecord>()) ?? undefined;
}

/** The client system a key belongs to, if the key is one we issued and it is not revoked. */
export async function clientOfKey(clients: Open311Clients, apiKey: string): Promise<Open311Client | undefined> {
  const match = apiKeyPattern.exec(apiKey);
  if (!match) return undefined;
  const record = await clients.findById(match[1]).lean<Open311ClientRecord>();
  if (!record || record.revokedAt) return undefined;
  const expected = Buffer.from(record.keyHash, 'hex');
  const given = Buffer.from(hashOf(apiKey), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? { id: record._id, name: record.name } : undefined;
}

/** A client system as the admins' routes show it: never the key or its hash. */
export const Open311ClientView = z.strictObject({
  id: z.string().meta({ description: '接入系统编号 (12 characters, also inside its API key)' }),
  name: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().meta({ description: 'The admin who issued the key' }),
  revokedAt: z.iso.datetime().optional().meta({ description: 'Once revoked: the key is refused from then on' }),
  revokedBy: z.string().optional(),
});
export type Open311ClientView = z.infer<typeof Open311ClientView>;

/** The answer to issuing a key: the client system, and its key — the only time the key is shown. */
export const IssuedOpen311Client = Open311ClientView.extend({
  apiKey: z.string().regex(apiKeyPattern).meta({ description: '`o311.<client id>.<43 base64url characters>`: sent as `api_key` with POST requests; shown only this once' }),
  notice: z.string(),
});
export type IssuedOpen311Client = z.infer<typeof IssuedOpen311Client>;

/** The list of client systems, newest first (at most 500). */
export const Open311ClientList = z.strictObject({ items: z.array(Open311ClientView), total: z.number().int().nonnegative() });
export type Open311ClientList = z.infer<typeof Open311ClientList>;

/** What a listing shows of a client: never the key's hash. */
export function publicClient(record: Open311ClientRecord): Open311ClientView {
  return {
    id: record._id,
    name: record.name,
    createdAt: record.createdAt.toISOString(),
    createdBy: record.createdBy,
    ...(record.revokedAt ? { revokedAt: record.revokedAt.toISOString() } : {}),
    ...(record.revokedBy ? { revokedBy: record.revokedBy } : {}),
  };
}
