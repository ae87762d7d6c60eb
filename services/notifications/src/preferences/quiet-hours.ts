/**
 * 免打扰: a daily window (local time of `timeZone`, e.g. 22:00–07:00) in which notices that can
 * wait are held until it ends. Pure, so a fixed clock tests it.
 */
export interface QuietHours {
  /** "HH:MM", local time. */
  start: string;
  end: string;
}

export const defaultQuietHours: QuietHours = { start: '22:00', end: '07:00' };

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** Minutes since local midnight (and seconds into the minute) of `instant` in `timeZone`. */
function localClock(instant: Date, timeZone: string): { minutes: number; seconds: number; ms: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second'), ms: instant.getUTCMilliseconds() };
}

/**
 * When a notice made at `now` may go: undefined when `now` is outside the window, else the
 * window's end (today's or tomorrow's). Zones without daylight saving (Asia/Shanghai) are exact;
 * elsewhere the end may be an hour off on the night the clocks change.
 */
export function quietHoursRelease(now: Date, quiet: QuietHours | null, timeZone: string): Date | undefined {
  if (!quiet) return undefined;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return undefined;
  const local = localClock(now, timeZone);
  const inside = start < end ? local.minutes >= start && local.minutes < end : local.minutes >= start || local.minutes < end;
  if (!inside) return undefined;
  const minutesToEnd = (end - local.minutes + 1440) % 1440;
  return new Date(now.getTime() + minutesToEnd * 60_000 - local.seconds * 1000 - local.ms);
}
