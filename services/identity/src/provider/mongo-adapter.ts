import type { Collection, Connection } from 'mongoose';
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { Logger } from '@lianxin/platform';

/**
 * One record of the provider's state (a session, grant, interaction, code …). The payload is
 * kept as JSON text: its keys (resource indicators, claim names) are the provider's, and not all
 * of them are valid field names everywhere. The fields the provider looks records up by sit
 * beside it.
 */
interface ModelDocument {
  _id: string;
  payload: string;
  uid?: string;
  userCode?: string;
  grantId?: string;
  /** When the record stops counting; expired records are never returned (a TTL index removes them). */
  expiresAt?: Date;
  /** When a code or token was used (epoch seconds), set in one atomic update. */
  consumed?: number;
}

const collectionPrefix = 'oidc_';

/** `AuthorizationCode` → `oidc_authorization_code`. */
function collectionNameOf(model: string): string {
  return `${collectionPrefix}${model.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

const lookupFields = ['uid', 'userCode', 'grantId'] as const;

async function ensureIndexes(collection: Collection<ModelDocument>, log: Logger): Promise<void> {
  for (const field of lookupFields) await collection.createIndex({ [field]: 1 }, { sparse: true });
  try {
    await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  } catch (error) {
    // FerretDB 1.x has no TTL indexes: the sweep removes expired records instead (reads skip them anyway).
    log.debug({ err: error, collection: collection.collectionName }, 'no TTL index; the sweep removes expired records');
    await collection.createIndex({ expiresAt: 1 }, { sparse: true });
  }
}

function isExpired(document: ModelDocument): boolean {
  return document.expiresAt !== undefined && document.expiresAt.getTime() <= Date.now();
}

function payloadOf(document: ModelDocument | null): AdapterPayload | undefined {
  if (!document || isExpired(document)) return undefined;
  const payload = JSON.parse(document.payload) as AdapterPayload;
  return document.consumed === undefined ? payload : { ...payload, consumed: document.consumed };
}

export interface ModelStore {
  /** oidc-provider's `adapter` option. */
  adapter: AdapterFactory;
  /** Removes the expired records of every model; resolves to how many went. */
  sweepExpired(): Promise<number>;
}

/**
 * The storage of oidc-provider's models in the identity database: a collection per model
 * (`oidc_session`, `oidc_grant`, `oidc_interaction` …), each record with its expiry. Expired
 * records are never returned; a TTL index (MongoDB) or `sweepExpired` (any store) removes them.
 */
export function mongoModelStore(db: Connection, log: Logger): ModelStore {
  const adapter = (model: string): Adapter => {
    const collection = db.collection<ModelDocument>(collectionNameOf(model));
    let indexed: Promise<void> | undefined;
    const ready = () => {
      indexed ??= ensureIndexes(collection, log).catch((error: unknown) => {
        indexed = undefined;
        throw error;
      });
      return indexed;
    };
    const findOne = async (filter: Partial<Pick<ModelDocument, '_id' | 'uid' | 'userCode'>>) => {
      await ready();
      return payloadOf(await collection.findOne(filter));
    };
    return {
      async upsert(id, payload, expiresIn) {
        await ready();
        const document: ModelDocument = {
          _id: id,
          payload: JSON.stringify(payload),
          ...(payload.uid ? { uid: payload.uid } : {}),
          ...(payload.userCode ? { userCode: payload.userCode } : {}),
          ...(payload.grantId ? { grantId: payload.grantId } : {}),
          ...(expiresIn ? { expiresAt: new Date(Date.now() + expiresIn * 1000) } : {}),
        };
        await collection.replaceOne({ _id: id }, document, { upsert: true });
      },
      find: (id) => findOne({ _id: id }),
      findByUid: (uid) => findOne({ uid }),
      findByUserCode: (userCode) => findOne({ userCode }),
      async consume(id) {
        await ready();
        await collection.updateOne({ _id: id }, { $set: { consumed: Math.floor(Date.now() / 1000) } });
      },
      async destroy(id) {
        await ready();
        await collection.deleteOne({ _id: id });
      },
      async revokeByGrantId(grantId) {
        await ready();
        await collection.deleteMany({ grantId });
      },
    };
  };
  return {
    adapter,
    async sweepExpired() {
      let removed = 0;
      const names = (await db.listCollections()).map((c) => c.name).filter((name) => name.startsWith(collectionPrefix));
      for (const name of names) {
        removed += (await db.collection<ModelDocument>(name).deleteMany({ expiresAt: { $lte: new Date() } })).deletedCount;
      }
      return removed;
    },
  };
}
