import type { ClockName, ClockView } from '@lianxin/contracts/order';

/** The time limit a resident is shown: the one due soonest (or, while paused, the one with least left). */
export interface CurrentLimit {
  name: ClockName;
  dueAt: number;
  /** Negative once overdue; while paused, what is left when the clock stopped. */
  remainingMs: number;
  paused: boolean;
}

/** Limits that are about the resident's own answer, not the work on their order. */
const notTheWork: ReadonlySet<ClockName> = new Set(['pauseLimit', 'extensionDecision']);

export function currentLimit(clocks: readonly ClockView[], now: number): CurrentLimit | undefined {
  const shown = clocks.filter((clock) => !notTheWork.has(clock.name));
  const running = shown.filter((clock) => clock.remainingMsWhilePaused === undefined);
  if (running.length > 0) {
    const next = running.reduce((a, b) => (Date.parse(a.dueAt) <= Date.parse(b.dueAt) ? a : b));
    const dueAt = Date.parse(next.dueAt);
    return { name: next.name, dueAt, remainingMs: dueAt - now, paused: false };
  }
  const stopped = shown.filter((clock) => clock.remainingMsWhilePaused !== undefined);
  if (stopped.length === 0) return undefined;
  const least = stopped.reduce((a, b) => (a.remainingMsWhilePaused! <= b.remainingMsWhilePaused! ? a : b));
  return { name: least.name, dueAt: Date.parse(least.dueAt), remainingMs: least.remainingMsWhilePaused!, paused: true };
}

/** `2天 03:04:05` / `2 d 03:04:05`: whole days, then hours, minutes and seconds of what is left. */
export function formatDuration(ms: number, days: (n: number) => string): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const clock = [Math.floor((total % 86_400) / 3600), Math.floor((total % 3600) / 60), total % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${days(d)} ${clock}` : clock;
}

/** A date and time in Shanghai, as the page's language writes it. */
export function formatInstant(at: string | number, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(at));
}
