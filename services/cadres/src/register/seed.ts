import type { Connection } from 'mongoose';
import { ContactPoint, Grid, Member, Organisation, SocialOrg } from '@lianxin/contracts';
import { isDuplicateKey, type Logger } from '@lianxin/platform';
import { registerCollections, type RegisterCollection } from './collections';
import { sampleContactPoints, sampleGrids, sampleMembers, sampleOrganisations, sampleSocialOrgs } from '@lianxin/sample-register';

/** Indexes for the register's read paths (the routes' filters and the routing's look-ups). */
const registerIndexes: readonly (readonly [RegisterCollection, Record<string, 1>])[] = [
  [registerCollections.organisations, { parentId: 1 }],
  [registerCollections.grids, { organisationId: 1 }],
  [registerCollections.members, { organisationId: 1 }],
  [registerCollections.members, { skills: 1 }],
  [registerCollections.socialOrgs, { serviceAreaIds: 1 }],
];

/**
 * Loads the sample register into an empty database; does nothing when `organisations` holds
 * anything. Every document is validated with the contracts schemas before anything is written.
 *
 * No transactions (FerretDB 1.24 has none): the other three collections are cleared and filled
 * first and `organisations` last, so its presence marks a complete load and a load cut short is
 * simply redone at the next start.
 */
export async function seedRegisterIfEmpty(db: Connection, log: Logger): Promise<{ seeded: boolean; counts: Record<string, number> }> {
  const organisations = db.collection(registerCollections.organisations);
  if (await organisations.findOne({}, { projection: { _id: 1 } })) return { seeded: false, counts: {} };

  // Validate everything first (throws a ZodError naming the bad document before any write).
  const documents: readonly (readonly [RegisterCollection, readonly object[]])[] = [
    [registerCollections.grids, sampleGrids.map((g) => Grid.parse(g))],
    [registerCollections.members, sampleMembers.map((m) => Member.parse(m))],
    [registerCollections.socialOrgs, sampleSocialOrgs.map((s) => SocialOrg.parse(s))],
    // Last: its presence marks the register as loaded.
    [registerCollections.organisations, sampleOrganisations.map((o) => Organisation.parse(o))],
  ];

  const counts: Record<string, number> = {};
  try {
    for (const [name, docs] of documents) {
      const collection = db.collection(name);
      await collection.deleteMany({});
      await collection.insertMany(docs.map((doc) => ({ ...doc })), { ordered: true });
      counts[name] = docs.length;
    }
  } catch (error) {
    // Another process loading the same register at the same moment: let it finish the job.
    if (isDuplicateKey(error) && (await organisations.findOne({}, { projection: { _id: 1 } }))) {
      log.warn('register was being loaded by another process; leaving it to that one');
      return { seeded: false, counts: {} };
    }
    throw error;
  }
  for (const [name, keys] of registerIndexes) await db.collection(name).createIndex(keys);
  log.debug({ counts }, 'register seeded');
  return { seeded: true, counts };
}

/**
 * Loads the sample 通讯录 when `contact_points` is empty (also into a register loaded before
 * contact points were kept). Duplicates from a concurrent load are ignored.
 */
export async function seedContactPointsIfEmpty(db: Connection): Promise<number> {
  const contactPoints = db.collection(registerCollections.contactPoints);
  if (await contactPoints.findOne({}, { projection: { _id: 1 } })) return 0;
  const documents = sampleContactPoints.map((c) => ContactPoint.parse(c));
  try {
    await contactPoints.insertMany(documents.map((doc) => ({ ...doc })) as never[], { ordered: false });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return documents.length;
}
