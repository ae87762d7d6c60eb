import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { RecordedOrderEvent, OrderView } from '@lianxin/contracts/order';
// From the modules that hold them (see order-case.ts): the sandbox evaluates imports per order.
import { Actor } from '@lianxin/contracts/actor';
import { OrderCommand, orderCommandTypes } from '@lianxin/contracts/order/commands';
import type { OrderActivities } from './activities';
import { getOrderState, orderUpdates, type CommandRequest, type OrderStartInput } from '@lianxin/order-client/messages';
import { firstReleaseRules, OrderCase, type LegacyOrderCaseSnapshot, type OrderCaseSnapshot, type OrderRules } from './order-case';

/** Since this change the 办结 clock starts at acceptance (see OrderRules). */
export const resolveClockFromAcceptancePatch = 'resolve-clock-from-acceptance';
/** Since this change an order whose limits say `mode: 'claim'` opens for claiming when accepted (see OrderRules). */
export const claimModeOnAcceptancePatch = 'claim-mode-on-acceptance';
/** Since this change commands are checked against the order's scope and residents act on their own order only (see OrderRules). */
export const accessByScopePatch = 'access-by-scope';
/** Since this patch orders run under `OrderRules.holdLimits` (pause, commitment and diary limits). */
export const holdLimitsPatch = 'hold-limits';
/**
 * Since this change the setup is loaded and events are published by local activities: run by the
 * worker inside the workflow task that recorded them, instead of a scheduled activity's round trip
 * through the server (two more tasks per step). Histories from before keep scheduled activities.
 */
export const localActivitiesPatch = 'local-activities';

export interface OrderWorkflowInput extends OrderStartInput {
  /**
   * Present when the order continues as new: its state and the events not yet published. Runs
   * that continued before the timeline left the state carry the legacy snapshot.
   */
  carried?: { snapshot: OrderCaseSnapshot | LegacyOrderCaseSnapshot; unpublished: RecordedOrderEvent[] };
  /** Continue as new past this many history events even if Temporal has not suggested it yet. */
  maxHistoryEvents?: number;
}

const routingOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
} as const;
const publishOptions = {
  startToCloseTimeout: '30 seconds',
  // Unlimited attempts: an event is never dropped; its deterministic id makes a retry harmless.
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds' },
} as const;

const scheduled = {
  routing: proxyActivities<Pick<OrderActivities, 'loadOrderSetup'>>(routingOptions),
  events: proxyActivities<Pick<OrderActivities, 'publishOrderEvents'>>(publishOptions),
};
const local = {
  routing: proxyLocalActivities<Pick<OrderActivities, 'loadOrderSetup'>>(routingOptions),
  // Past a minute of retries the SDK waits out the backoff on a server timer, not in the task.
  events: proxyLocalActivities<Pick<OrderActivities, 'publishOrderEvents'>>({ ...publishOptions, localRetryThreshold: '10 seconds' }),
};
/** Local activities for orders (and runs) that have the marker; scheduled ones for histories from before it. */
const activities = () => (patched(localActivitiesPatch) ? local : scheduled);

/** Turns a refusal or malformed request into a failure the caller sees, recording nothing. */
function refuse(code: string, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

function parseRequest(type: string, request: CommandRequest): { command: OrderCommand; actor: Actor } {
  const command = OrderCommand.safeParse(request?.command);
  if (!command.success) refuse('BadArguments', `命令参数不正确: ${command.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (command.data.type !== type) refuse('BadArguments', `命令类型 ${command.data.type} 与更新 ${type} 不一致`);
  const actor = Actor.safeParse(request?.actor);
  if (!actor.success) refuse('BadArguments', '操作人信息不正确');
  return { command: command.data, actor: actor.data };
}

/**
 * One order, its whole life: thin wiring over `OrderCase` (STYLE §2). Commands arrive as
 * Updates, time limits are timers until the next step `OrderCase` computes, and every recorded
 * event is published in order by an activity.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderView> {
  // Handlers are registered before anything is awaited, so a command sent right after the start
  // is never rejected for want of a handler; until the order is set up, handlers wait for it.
  let orderCase: OrderCase | undefined = input.carried ? OrderCase.fromSnapshot(input.carried.snapshot) : undefined;
  const outbox: RecordedOrderEvent[] = [...(input.carried?.unpublished ?? [])];
  let publishing = false;
  let changes = 0;

  const collect = (current: OrderCase): void => {
    const recorded = current.drainEvents();
    if (recorded.length === 0) return;
    changes += 1;
    const order = current.view(Date.now());
    for (const event of recorded) {
      outbox.push({
        orderId: input.orderId,
        sequence: event.sequence,
        type: event.type,
        occurredAt: new Date(event.at).toISOString(),
        actor: event.actor,
        details: event.details,
        order,
      });
    }
  };

  for (const type of orderCommandTypes) {
    setHandler(
      orderUpdates[type],
      async (request: CommandRequest) => {
        const { command, actor } = parseRequest(type, request);
        await condition(() => orderCase !== undefined);
        const current = orderCase!;
        const refusal = current.can(command, actor, Date.now());
        if (refusal) refuse(refusal.code, refusal.message, refusal);
        current.apply(command, actor, Date.now());
        collect(current);
        return current.view(Date.now());
      },
      {
        validator: (request: CommandRequest) => {
          const { command, actor } = parseRequest(type, request);
          const refusal = orderCase?.can(command, actor, Date.now());
          if (refusal) refuse(refusal.code, refusal.message, refusal);
        },
      },
    );
  }
  setHandler(getOrderState, () => {
    if (!orderCase) throw new Error('工单正在受理，请稍后再查');
    return orderCase.view(Date.now());
  });

  if (!orderCase) {
    // Rules decided once, at opening, and kept in the snapshot for the order's whole life: an
    // order started before this change replays without the marker and keeps the old rules.
    const rules: OrderRules = {
      resolveClockFrom: patched(resolveClockFromAcceptancePatch) ? 'acceptance' : firstReleaseRules.resolveClockFrom,
      claimModeOnAcceptance: patched(claimModeOnAcceptancePatch),
      accessByScope: patched(accessByScopePatch),
      holdLimits: patched(holdLimitsPatch),
    };
    const setup = await activities().routing.loadOrderSetup({ intake: input.intake });
    // The grid's organisation (from the register) completes the place, for queues and notices.
    const organisationId = input.intake.location.organisationId ?? setup.organisationId;
    const intake = { ...input.intake, location: { ...input.intake.location, ...(organisationId ? { organisationId } : {}) } };
    orderCase = OrderCase.open(
      { id: input.orderId, intake, openedBy: input.openedBy, claimChain: setup.claimChain, ...(setup.scope ? { scope: setup.scope } : {}) },
      setup.policy,
      Date.now(),
      rules,
    );
  }
  const order: OrderCase = orderCase;
  collect(order);

  const publishLoop = async (): Promise<void> => {
    for (;;) {
      await condition(() => outbox.length > 0);
      publishing = true;
      const batch = outbox.slice(0, 100);
      await activities().events.publishOrderEvents({ events: batch, trace: input.trace ?? {} });
      outbox.splice(0, batch.length);
      publishing = false;
    }
  };
  void publishLoop();
  const settled = () => outbox.length === 0 && !publishing && allHandlersFinished();

  const historyIsLong = () =>
    workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= (input.maxHistoryEvents ?? Number.POSITIVE_INFINITY);

  while (!order.finished) {
    const seen = changes;
    const wakeAt = order.nextWakeUpAt();
    const woken = () => changes !== seen || historyIsLong();
    const changed =
      wakeAt === undefined ? (await condition(woken), true) : await condition(woken, Math.max(1, wakeAt - Date.now()));
    if (!changed && wakeAt !== undefined) {
      order.tick(Math.max(Date.now(), wakeAt));
      collect(order);
    }
    if (historyIsLong() && !order.finished) {
      await condition(settled);
      await continueAsNew<typeof orderWorkflow>({
        ...input,
        carried: { snapshot: order.snapshot(), unpublished: [...outbox] },
      });
    }
  }
  await condition(settled);
  return order.view(Date.now());
}
