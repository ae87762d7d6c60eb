import type { Connection } from 'mongoose';
import { Grid, Member, Organisation, registerCollections, SocialOrg } from '@lianxin/contracts';
import type { Logger } from '@lianxin/platform';
import { sampleGrids, sampleMembers, sampleOrganisations, sampleSocialOrgs } from './sample';

/** Loads the sample register into an empty database (validated first); does nothing otherwise. */
export async function seedRegisterIfEmpty(db: Connection, log: Logger): Promise<{ seeded: boolean; counts: Record<string, number> }> {
  const organisations = db.collection(registerCollections.organisations);
  if ((await organisations.countDocuments({}, { limit: 1 })) > 0) return { seeded: false, counts: {} };
  const documents = {
    [registerCollections.organisations]: sampleOrganisations.map((o) => Organisation.parse(o)),
    [registerCollections.grids]: sampleGrids.map((g) => Grid.parse(g)),
    [registerCollections.members]: sampleMembers.map((m) => Member.parse(m)),
    [registerCollections.socialOrgs]: sampleSocialOrgs.map((s) => SocialOrg.parse(s)),
  };
  const counts: Record<string, number> = {};
  // Organisations last: their presence marks the register as loaded.
  for (const name of [registerCollections.grids, registerCollections.members, registerCollections.socialOrgs, registerCollections.organisations]) {
    const docs = documents[name]!;
    await db.collection(name).deleteMany({});
    await db.collection(name).insertMany(docs as never[], { ordered: true });
    counts[name] = docs.length;
  }
  await db.collection(registerCollections.grids).createIndex({ organisationId: 1 });
  await db.collection(registerCollections.members).createIndex({ organisationId: 1 });
  await db.collection(registerCollections.socialOrgs).createIndex({ serviceAreaIds: 1 });
  log.debug({ counts }, 'register seeded');
  return { seeded: true, counts };
}
