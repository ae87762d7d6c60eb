import { sampleGrids, sampleMembers, sampleOrganisations, sampleSocialOrgs } from '@lianxin/sample-register';
import type { HandlerTarget } from '@lianxin/contracts';

/** A grid of the sample register with the people an order placed there meets. */
export interface PlaceOfOrder {
  gridId: string;
  gridName: string;
  villageId: string;
  villageName: string;
  townshipId: string;
  /** The village's 书记 (`mem-<t>-<v>-1`): accepts and dispatches there. */
  villageDispatcher: string;
  /** The township's dispatcher (`mem-<t>-dispatcher`). */
  townshipDispatcher: string;
  /** The grid worker (`mem-<t>-<v>-gw`): writes wish cards. */
  gridWorker: string;
  /** Members the village dispatcher may hand the order to (active members of the village, not the 书记). */
  villageMembers: HandlerTarget[];
  /** The grid's responsible member, when that is the township's 包村干部 (outside the village's subtree). */
  liaison?: HandlerTarget;
  /** Social organisations serving the township. */
  socialOrgs: HandlerTarget[];
}

function member(id: string): HandlerTarget {
  const m = sampleMembers.find((candidate) => candidate._id === id);
  if (!m) throw new Error(`register: no member ${id}`);
  return { kind: 'member', id: m._id, name: m.name, organisationId: m.organisationId };
}

/** Every grid of the sample register (large and small), with its village, township and people. */
export function placesOfTheRegister(): PlaceOfOrder[] {
  const places: PlaceOfOrder[] = [];
  for (const grid of sampleGrids) {
    const village = sampleOrganisations.find((o) => o._id === grid.organisationId);
    if (!village || village.level !== 'village' || !village.parentId) continue;
    const townshipId = village.parentId;
    const ofVillage = sampleMembers.filter((m) => m.organisationId === village._id && m.active !== false);
    const dispatcher = ofVillage.find((m) => m.roles.includes('dispatcher'));
    const gridWorker = ofVillage.find((m) => m.roles.includes('grid_worker'));
    const townshipDispatcher = sampleMembers.find((m) => m.organisationId === townshipId && m.roles.includes('dispatcher'));
    if (!dispatcher || !gridWorker || !townshipDispatcher) continue;
    const villageMembers = ofVillage
      .filter((m) => m.roles.includes('member') && !m.roles.includes('dispatcher'))
      .map((m) => member(m._id));
    if (villageMembers.length === 0) continue;
    const responsible = sampleMembers.find((m) => m._id === grid.responsibleMemberId);
    places.push({
      gridId: grid._id,
      gridName: grid.name,
      villageId: village._id,
      villageName: village.name,
      townshipId,
      villageDispatcher: dispatcher._id,
      townshipDispatcher: townshipDispatcher._id,
      gridWorker: gridWorker._id,
      villageMembers,
      ...(responsible && responsible.organisationId === townshipId ? { liaison: member(responsible._id) } : {}),
      socialOrgs: sampleSocialOrgs
        .filter((s) => s.serviceAreaIds.includes(townshipId))
        .map((s) => ({ kind: 'social_org' as const, id: s._id, name: s.name })),
    });
  }
  if (places.length === 0) throw new Error('the sample register has no usable grids');
  return places;
}
