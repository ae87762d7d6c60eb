import type { EscalationLevel, OrderEventType } from '@lianxin/contracts/order';
import { escalationLevels } from '@lianxin/contracts/order/status';
import { isPaused, type Clock } from './clocks';
import type { EscalationPolicy } from './policy';

interface LadderStep {
  level: Exclude<EscalationLevel, 'none'>;
  event: OrderEventType;
  at(clock: Clock, escalation: EscalationPolicy): number;
}

/** 预警 → 超期 → 催办 → 督办 → 挂牌督办: each fires once per clock, in this order. */
export const ladderSteps: readonly LadderStep[] = [
  {
    level: 'warning',
    event: 'order.warning',
    at: (c, e) => c.startedAt + Math.round((c.dueAt - c.startedAt) * e.warnAtFraction),
  },
  { level: 'overdue', event: 'order.overdue', at: (c) => c.dueAt },
  { level: 'reminded', event: 'order.reminded', at: (c, e) => c.dueAt + e.remindAfterMs },
  { level: 'supervised', event: 'order.supervised', at: (c, e) => c.dueAt + e.superviseAfterMs },
  { level: 'escalated', event: 'order.escalated', at: (c, e) => c.dueAt + e.escalateAfterMs },
];

/** The ladder step a clock fires next, or undefined (no ladder, all fired, or paused). */
export function nextLadderStep(clock: Clock): LadderStep | undefined {
  return clock.ladder && !isPaused(clock) ? ladderSteps[clock.fired] : undefined;
}

/** When the clock's next step is due: a ladder step, or the single expiry of a plain clock. */
export function nextStepAt(clock: Clock, escalation: EscalationPolicy): number | undefined {
  if (isPaused(clock)) return undefined;
  if (!clock.ladder) return clock.fired === 0 ? clock.dueAt : undefined;
  return nextLadderStep(clock)?.at(clock, escalation);
}

export function clockLevel(clock: Clock): EscalationLevel {
  if (!clock.ladder || clock.fired === 0) return 'none';
  return ladderSteps[clock.fired - 1]?.level ?? 'escalated';
}

export function highestLevel(levels: readonly EscalationLevel[]): EscalationLevel {
  return levels.reduce<EscalationLevel>(
    (highest, level) => (escalationLevels.indexOf(level) > escalationLevels.indexOf(highest) ? level : highest),
    'none',
  );
}
