import type { Client } from '@temporalio/client';
import { residentActor, type Actor, type AuditEntry, type IntakeOrder } from '@lianxin/contracts';
import { currentTraceContext, currentTraceId, requestHash, type AuditSink } from '@lianxin/platform';
import { startOrder } from '@lianxin/order-client';
import type { PhoneIndex } from '../resident-orders/phone-index';
import { issueTrackingCode, type CodeSealer, type TrackingCodes } from '../tracking-codes/tracking-codes';
import { claimIdempotencyKey, type idempotencyModel } from './idempotency';
import { newOrderId } from './order-id';
import { checkReferences } from './references';
import type { RegisterLookup } from './register-client';

/** What opening an order needs: Temporal, the idempotency store, the register, the tracking codes, the phone index, the audit trail. */
export interface IntakeDependencies {
  temporal: Client;
  taskQueue: string;
  keys: ReturnType<typeof idempotencyModel>;
  register: RegisterLookup;
  codes: TrackingCodes;
  sealer: CodeSealer;
  /** 历史工单: the resident's phone (as a keyed hash) → their orders. */
  phoneIndex: Pick<PhoneIndex, 'add'>;
  audit: AuditSink;
}

export interface OpenOrderRequest {
  /** The order, already validated against the intake's schema. */
  intake: IntakeOrder;
  /** Staff opening it for someone; absent, the resident opens their own (`residentActor(orderId)`). */
  staff?: Actor;
  /**
   * A client's Idempotency-Key as it is stored (callers other than `POST /api/v1/orders` prefix
   * theirs, so keys of different doors never meet), and what the request asked for: the same key
   * with another request is a 422.
   */
  idempotency?: { key: string; request: unknown };
  /** Who the audit trail names as having opened it (default: `openedBy`) and what else it notes. */
  auditActor?: AuditEntry['actor'];
  auditDetails?: Record<string, string | number | boolean>;
}

export interface OpenedOrder {
  orderId: string;
  trackingCode: string;
  /** A retry of an order already opened under the same key (nothing new was started or audited). */
  replay: boolean;
  openedBy: Actor;
}

/**
 * 点单, whatever the door (`POST /api/v1/orders`, Open311): references checked against the
 * catalogue and the register (422 with the allowed values), the Idempotency-Key claimed (one
 * order per key, for ever), then at once: the tracking code issued (the same one on a retry), the
 * order noted under the resident's phone (a retry notes nothing new) and then its workflow
 * started (a retry starts nothing new), and the opening audited once.
 */
export async function openOrder(deps: IntakeDependencies, request: OpenOrderRequest): Promise<OpenedOrder> {
  const { intake, staff, idempotency } = request;
  await checkReferences(intake, deps.register);
  const { orderId, replay } = idempotency
    ? await claimIdempotencyKey(deps.keys, idempotency.key, requestHash(idempotency.request), newOrderId())
    : { orderId: newOrderId(), replay: false };
  const openedBy: Actor = staff ?? residentActor(orderId);
  // Three independent writes at once (each is what a retry under the same key repeats harmlessly):
  // the tracking code (the same one on a retry); the phone index, then the start (an order never
  // runs without being findable by its caller's phone; an id noted for an order that then failed
  // to start shows nowhere: the search reads tracking); the audit of the allowed opening (once:
  // a retry is a replay and audits nothing, so it is written even if the start fails and is retried).
  const [trackingCode] = await Promise.all([
    issueTrackingCode(deps.codes, deps.sealer, orderId),
    (async () => {
      if (intake.resident.phone) await deps.phoneIndex.add(intake.resident.phone, orderId);
      await startOrder(deps.temporal, { taskQueue: deps.taskQueue, orderId, intake, openedBy, trace: currentTraceContext() });
    })(),
    replay
      ? Promise.resolve()
      : deps.audit.append({
          kind: 'command',
          actor: request.auditActor ?? { id: openedBy.id, role: openedBy.role, ...(openedBy.organisationId ? { organisationId: openedBy.organisationId } : {}) },
          action: 'open',
          outcome: 'allowed',
          target: orderId,
          details: { channel: intake.channel, kind: intake.kind, ...request.auditDetails },
          ...(currentTraceId() ? { traceId: currentTraceId() } : {}),
        }),
  ]);
  return { orderId, trackingCode, replay, openedBy };
}
