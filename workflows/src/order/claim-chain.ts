import type { ClaimChain } from '@lianxin/contracts';
import type { Actor, ActorRole, HandlerTarget, OrderHandler } from '@lianxin/contracts/order';

/**
 * Where an unclaimed order goes next (认领 fallback chain): the grid's responsible member, then
 * social organisations serving the area, then the fallback organisation (兜底). Routing data,
 * asked of the cadres service (GET /api/v1/routing) by an activity when the order opens.
 */
export type { ClaimChain };

/** Who may claim now: stage 0 every member, 1 the grid member, 2 the social organisations. */
export interface ClaimOffer {
  stage: number;
  offeredTo: HandlerTarget[];
  openToAll: boolean;
}

/** The stage at which the claim chain gives up and dispatches to the fallback organisation. */
export const fallbackStage = 3;

export const openToAllMembers: ClaimOffer = { stage: 0, offeredTo: [], openToAll: true };

/** The next stage with someone to offer the order to (empty stages are skipped), or undefined: fall back. */
export function nextClaimOffer(chain: ClaimChain, current: ClaimOffer): ClaimOffer | undefined {
  const stages: ClaimOffer[] = [
    { stage: 1, offeredTo: chain.gridMember ? [chain.gridMember] : [], openToAll: false },
    { stage: 2, offeredTo: chain.socialOrgs, openToAll: false },
  ];
  return stages.find((offer) => offer.stage > current.stage && offer.offeredTo.length > 0);
}

/** The role a claimant needs at a stage. */
export function claimantRole(offer: ClaimOffer): ActorRole {
  return offer.stage >= 2 ? 'social_org' : 'member';
}

/** The handler a successful claim makes: the offered target (or, when open to all, the member), signed by the claimant. */
export function claimantHandler(offered: HandlerTarget | undefined, actor: Actor): OrderHandler {
  if (offered) return { ...offered, signedBy: actor };
  return {
    kind: actor.role === 'social_org' ? 'social_org' : 'member',
    id: actor.id,
    name: actor.name ?? actor.id,
    ...(actor.organisationId ? { organisationId: actor.organisationId } : {}),
    signedBy: actor,
  };
}
