import type { OrderStatus, SealedOrderView } from '@lianxin/contracts';
import { kindNotices, serviceOf } from './catalogue';
import { listOf, type Open311Document } from './format';
import type { Open311RequestToken, Open311ServiceRequest, Open311Status, Open311SubmittedRequest } from './schemas';

/**
 * An order as GeoReport v2 shows a service request: to anyone, without a key. So it carries
 * nothing of the resident — no name, no phone, no email, no sealed copy — and only what the
 * tracking read model already shows masked: the address as masked there (冶山镇东王村****),
 * coordinates rounded to about 100 m, the grid as `address_id`.
 */

/** The fields of a tracked order an Open311 read needs (the resident and the sealed copy are never read). */
export const open311ViewFields = [
  'id',
  'kind',
  'category',
  'status',
  'statusLabel',
  'description',
  'title',
  'channel',
  'handler',
  'scope',
  'clocks',
  'committedDeadline',
  'mergedInto',
  'location',
  'attachments',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof SealedOrderView)[];

export type Open311View = Pick<SealedOrderView, (typeof open311ViewFields)[number]>;

/** What a service_request_id (an order number) or a token looks like; nothing else is looked up. */
export const serviceRequestIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The projection that reads only those fields of a tracked order document. */
export const open311Projection: Record<string, 1> = Object.fromEntries(open311ViewFields.map((field) => [`view.${field}`, 1]));

/**
 * GeoReport's two statuses: closed once the work is done or the order has ended (办结 awaiting
 * check-back, 销号, 撤单, 不予受理, 合并); open while anything is still to do. An unsatisfied
 * check-back reopens a resolved order, and it reads open again.
 */
export const closedStatuses: readonly OrderStatus[] = ['resolved', 'closed', 'cancelled', 'rejected', 'merged'];

export function open311StatusOf(status: OrderStatus): Open311Status {
  return closedStatuses.includes(status) ? 'closed' : 'open';
}

function statusNotes(view: Open311View): string {
  if (view.status === 'merged' && view.mergedInto) return `${view.statusLabel}（并入工单 ${view.mergedInto}）`;
  return view.statusLabel;
}

/** When it should be done: the resolve clock's due time (not while paused), else the committed deadline. */
function expectedAt(view: Open311View): string | null {
  if (open311StatusOf(view.status) === 'closed') return null;
  const resolve = view.clocks?.find((clock) => clock.name === 'resolve');
  if (resolve && resolve.remainingMsWhilePaused === undefined) return resolve.dueAt;
  return view.committedDeadline ?? null;
}

/** About 100 m: enough to put a request on a map, not to find a door. */
const roundCoordinate = (value: number | undefined): number | null => (value === undefined ? null : Math.round(value * 1000) / 1000);

/** One `<request>` of GET Service Requests / GET Service Request. */
export function open311RequestRecord(view: Open311View, agencyResponsible: string | undefined): Open311ServiceRequest {
  const service = serviceOf(view.kind, view.category);
  return {
    service_request_id: view.id,
    status: open311StatusOf(view.status),
    status_notes: statusNotes(view),
    service_name: view.category,
    service_code: service?.code ?? null,
    // The reporter's own words only for what was reported through Open311; an order taken on the
    // hotline or at a door may name people in its description, so the public read shows its title.
    description: view.channel === 'open311' ? view.description : view.title,
    agency_responsible: agencyResponsible ?? null,
    service_notice: kindNotices[view.kind],
    requested_datetime: view.createdAt,
    updated_datetime: view.updatedAt,
    expected_datetime: expectedAt(view),
    address: view.location?.address ?? null,
    address_id: view.location?.gridId ?? null,
    zipcode: null,
    lat: roundCoordinate(view.location?.latitude),
    long: roundCoordinate(view.location?.longitude),
    media_url: view.attachments?.[0] ?? null,
  };
}

/** `<service_requests><request>…` of GET Service Requests / GET Service Request (`Open311ServiceRequests`). */
export function serviceRequestsDocument(records: readonly Open311ServiceRequest[]): Open311Document {
  return { root: 'service_requests', body: listOf('request', records) };
}

/** POST Service Request's answer (`Open311SubmittedRequests`): the one request opened. */
export function submittedRequestDocument(record: Open311SubmittedRequest): Open311Document {
  return { root: 'service_requests', body: listOf('request', [record]) };
}

/** GET service_request_id from a token (`Open311RequestTokens`). */
export function requestTokenDocument(record: Open311RequestToken): Open311Document {
  return { root: 'service_requests', body: listOf('request', [record]) };
}

/** The organisation an order lies with, nearest first (its village or community). */
export function responsibleOrganisationId(view: Open311View): string | undefined {
  return view.handler ? undefined : view.scope?.[0];
}
