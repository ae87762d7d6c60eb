import type { ClockName, EscalationLevel } from '@lianxin/contracts/order';
import type { EscalationPolicy } from './policy';

/** One running time limit of an order. Plain data: it lives in the workflow's snapshot. */
export interface Clock {
  name: ClockName;
  startedAt: number;
  dueAt: number;
  /** Whether the escalation ladder runs on it (accept, sign, contact, resolve), or it just expires. */
  ladder: boolean;
  /** How many steps have fired: ladder 0..5, otherwise 0..1. */
  fired: number;
  /** Set while paused: how long was left until the deadline (negative when already overdue). */
  pausedRemainingMs?: number;
}

export const ladderClocks: readonly ClockName[] = ['accept', 'sign', 'contact', 'resolve'];

/** The ladder's steps after the first: their level and event (the first step is the warning). */
export const ladderSteps = [
  { level: 'warning', event: 'order.warning' },
  { level: 'overdue', event: 'order.overdue' },
  { level: 'reminded', event: 'order.reminded' },
  { level: 'supervised', event: 'order.supervised' },
  { level: 'escalated', event: 'order.escalated' },
] as const;

export function startClock(name: ClockName, now: number, withinMs: number): Clock {
  return { name, startedAt: now, dueAt: now + withinMs, ladder: ladderClocks.includes(name), fired: 0 };
}

/** When the clock's next step is due, or undefined when it has none left. */
export function nextStepAt(clock: Clock, escalation: EscalationPolicy): number | undefined {
  if (clock.pausedRemainingMs !== undefined) return undefined;
  if (!clock.ladder) return clock.fired === 0 ? clock.dueAt : undefined;
  const limit = clock.dueAt - clock.startedAt;
  switch (clock.fired) {
    case 0:
      return clock.startedAt + Math.round(limit * escalation.warnAtFraction);
    case 1:
      return clock.dueAt;
    case 2:
      return clock.dueAt + escalation.remindAfterMs;
    case 3:
      return clock.dueAt + escalation.superviseAfterMs;
    case 4:
      return clock.dueAt + escalation.escalateAfterMs;
    default:
      return undefined;
  }
}

export function clockLevel(clock: Clock): EscalationLevel {
  if (!clock.ladder || clock.fired === 0) return 'none';
  return ladderSteps[clock.fired - 1]!.level;
}

/** Stops the clock where it stands. */
export function pauseClock(clock: Clock, now: number): Clock {
  return { ...clock, pausedRemainingMs: clock.dueAt - now };
}

/** Restarts a paused clock: every pending step moves by the time spent paused. */
export function resumeClock(clock: Clock, now: number): Clock {
  if (clock.pausedRemainingMs === undefined) return clock;
  const shift = now + clock.pausedRemainingMs - clock.dueAt;
  const { pausedRemainingMs: _, ...running } = clock;
  return { ...running, startedAt: clock.startedAt + shift, dueAt: clock.dueAt + shift };
}
