import type { Connection } from 'mongoose';
import { z } from 'zod';
import { AccountRole, type SampleAccount } from '@lianxin/sample-register';
import { isDuplicateKey, type Logger } from '@lianxin/platform';
import type { SignInLockout } from './lockout';
import { hashPassword, verifyNothing, verifyPassword } from './password';

/** A sign-in account as the provider sees it (the claims of its tokens come from here). */
export interface Account {
  username: string;
  name: string;
  roles: AccountRole[];
  organisationId: string;
}

/** An account as stored in `accounts`; the password only as a salted scrypt hash. */
const StoredAccount = z.object({
  _id: z.string().min(1),
  name: z.string().min(1),
  roles: z.array(AccountRole).min(1),
  organisationId: z.string().min(1),
  passwordHash: z.string().startsWith('scrypt$'),
  active: z.boolean(),
});
type StoredAccount = z.infer<typeof StoredAccount>;

const collectionName = 'accounts';

/** How many hashes are computed side by side while seeding (libuv runs four at a time). */
const hashingConcurrency = 4;

function toAccount(stored: StoredAccount): Account {
  return { username: stored._id, name: stored.name, roles: stored.roles, organisationId: stored.organisationId };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** The sign-in accounts of the identity service's own database. */
export class AccountStore {
  constructor(
    private readonly db: Connection,
    private readonly lockout?: SignInLockout,
  ) {}

  private get collection() {
    return this.db.collection<StoredAccount>(collectionName);
  }

  /**
   * Loads `accounts` into an empty collection, each with `password` hashed under its own salt;
   * does nothing when the collection holds any account (accounts are never overwritten).
   */
  async seedIfEmpty(accounts: readonly SampleAccount[], password: string, log: Logger): Promise<{ seeded: number }> {
    if (await this.collection.findOne({}, { projection: { _id: 1 } })) return { seeded: 0 };
    const documents = await mapLimited(accounts, hashingConcurrency, async (account) =>
      StoredAccount.parse({
        _id: account.username,
        name: account.name,
        roles: account.roles,
        organisationId: account.organisationId,
        passwordHash: await hashPassword(password),
        active: true,
      }),
    );
    try {
      await this.collection.insertMany(documents, { ordered: false });
    } catch (error) {
      // Another process seeding at the same moment: its accounts are as good as ours.
      if (!isDuplicateKey(error)) throw error;
      log.warn('accounts were being loaded by another process; kept theirs');
    }
    log.info({ accounts: documents.length }, 'sample accounts loaded');
    return { seeded: documents.length };
  }

  /** The active account named `username`, if any. */
  async find(username: string): Promise<Account | undefined> {
    const stored = await this.findStored(username);
    return stored ? toAccount(stored) : undefined;
  }

  /**
   * The active account whose username (in any case) and password these are, or undefined; an
   * unknown username costs as much time as a wrong password, and a locked one (too many recent
   * failures, for the username or from the address) is refused whatever the password.
   */
  async verify(username: string, password: string, address?: string): Promise<Account | undefined> {
    if (await this.lockout?.isLocked(username, address)) return verifyNothing(password).then(() => undefined);
    const stored = await this.findStored(username.toLowerCase());
    const account = !stored
      ? await verifyNothing(password).then(() => undefined)
      : (await verifyPassword(password, stored.passwordHash))
        ? toAccount(stored)
        : undefined;
    await (account ? this.lockout?.succeeded(username) : this.lockout?.failed(username, address));
    return account;
  }

  private async findStored(username: string): Promise<StoredAccount | undefined> {
    const document = await this.collection.findOne({ _id: username, active: true });
    if (!document) return undefined;
    const parsed = StoredAccount.safeParse(document);
    return parsed.success ? parsed.data : undefined;
  }
}
