import type { Connection } from 'mongoose';
import { organisationPath, registerReader } from './routing';

/** Where an organisation stands to a person's jurisdiction: inside their subtree, outside it, or not in the register. */
export type SubtreePlace = 'inside' | 'outside' | 'unknown';

/**
 * Whether `organisationId` lies in the subtree of `holderOrganisationId`, judged as an order of
 * that place would be: the holder's organisation is on its path (village → township → county)
 * or is an agency of one of those levels — the same `scope` routing gives orders.
 */
export async function placeInSubtree(db: Connection, holderOrganisationId: string, organisationId: string): Promise<SubtreePlace> {
  const register = registerReader(db);
  if (!(await register.organisation(organisationId))) return 'unknown';
  const path = await organisationPath(register, organisationId);
  if (path.includes(holderOrganisationId)) return 'inside';
  return (await register.agenciesOf(path)).includes(holderOrganisationId) ? 'inside' : 'outside';
}
