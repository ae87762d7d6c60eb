import type { ClockName } from '@lianxin/contracts/order';

/** One running time limit of an order. Plain JSON: it lives in the order's snapshot. */
export interface Clock {
  name: ClockName;
  /** When the limit started (shifted by the time spent paused). */
  startedAt: number;
  /** The deadline (shifted by the time spent paused). */
  dueAt: number;
  /** Whether the escalation ladder runs on it; otherwise it just expires once at its deadline. */
  ladder: boolean;
  /** How many steps have fired: 0..5 on a ladder, 0..1 otherwise. */
  fired: number;
  /** Set while paused: how long was left until the deadline (negative when already overdue). */
  pausedRemainingMs?: number;
}

/** The clocks the escalation ladder runs on; the others (claim, checkBack, followUp, extensionDecision) just expire. */
export const ladderClocks: readonly ClockName[] = ['accept', 'sign', 'contact', 'resolve'];

export function startClock(name: ClockName, now: number, withinMs: number): Clock {
  return { name, startedAt: now, dueAt: now + withinMs, ladder: ladderClocks.includes(name), fired: 0 };
}

export function isPaused(clock: Clock): boolean {
  return clock.pausedRemainingMs !== undefined;
}

/** Whether a running clock has reached its deadline at `now` (a deadline is reached at its instant). */
export function deadlineReached(clock: Clock | undefined, now: number): boolean {
  return clock !== undefined && !isPaused(clock) && now >= clock.dueAt;
}

/** Stops the clock where it stands. */
export function pauseClock(clock: Clock, now: number): Clock {
  return isPaused(clock) ? clock : { ...clock, pausedRemainingMs: clock.dueAt - now };
}

/** Restarts a paused clock: its deadline and every pending step move by the time spent paused. */
export function resumeClock(clock: Clock, now: number): Clock {
  if (clock.pausedRemainingMs === undefined) return clock;
  const shift = now + clock.pausedRemainingMs - clock.dueAt;
  const { pausedRemainingMs: _remaining, ...running } = clock;
  return { ...running, startedAt: clock.startedAt + shift, dueAt: clock.dueAt + shift };
}

/** A new deadline (延期): the ladder starts again, from `now`, against it. */
export function extendClock(clock: Clock, now: number, until: number): Clock {
  return { ...clock, startedAt: now, dueAt: until, fired: 0 };
}

/** The deadline as people should see it: while paused, as if the order were resumed at `now`. */
export function shownDueAt(clock: Clock, now: number): number {
  return clock.pausedRemainingMs === undefined ? clock.dueAt : now + clock.pausedRemainingMs;
}
