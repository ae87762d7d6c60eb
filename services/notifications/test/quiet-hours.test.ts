import { defaultQuietHours, quietHoursRelease, type QuietHours } from '../src/preferences/quiet-hours';

const shanghai = 'Asia/Shanghai';
const night: QuietHours = { start: '22:00', end: '07:00' };
const lunch: QuietHours = { start: '12:00', end: '14:00' };

/** An instant given as Shanghai wall-clock time (UTC+8 all year, no daylight saving). */
const inShanghai = (local: string) => new Date(`${local}+08:00`);

describe('quietHoursRelease', () => {
  it('is 22:00–07:00 by default', () => {
    expect(defaultQuietHours).toEqual({ start: '22:00', end: '07:00' });
  });

  describe('Asia/Shanghai, 22:00–07:00 (across midnight)', () => {
    it('lets a notice go at 21:59:59', () => {
      expect(quietHoursRelease(inShanghai('2025-11-26T21:59:59.999'), night, shanghai)).toBeUndefined();
    });

    it('holds a notice made at 22:00 until 07:00 the next morning, to the millisecond', () => {
      const release = quietHoursRelease(inShanghai('2025-11-26T22:00:00'), night, shanghai);
      expect(release?.toISOString()).toBe('2025-11-26T23:00:00.000Z');
      expect(release?.getTime()).toBe(inShanghai('2025-11-27T07:00:00').getTime());
    });

    it('holds a notice made late in the evening until the next morning', () => {
      expect(quietHoursRelease(inShanghai('2025-11-26T23:59:59.999'), night, shanghai)?.toISOString()).toBe('2025-11-26T23:00:00.000Z');
    });

    it('holds a notice made after midnight until 07:00 the same local day', () => {
      expect(quietHoursRelease(inShanghai('2025-11-27T00:00:00'), night, shanghai)?.toISOString()).toBe('2025-11-26T23:00:00.000Z');
      expect(quietHoursRelease(inShanghai('2025-11-27T03:15:42.500'), night, shanghai)?.toISOString()).toBe('2025-11-26T23:00:00.000Z');
      expect(quietHoursRelease(inShanghai('2025-11-27T06:59:59.999'), night, shanghai)?.toISOString()).toBe('2025-11-26T23:00:00.000Z');
    });

    it('lets a notice go at 07:00 exactly and during the day', () => {
      expect(quietHoursRelease(inShanghai('2025-11-27T07:00:00'), night, shanghai)).toBeUndefined();
      expect(quietHoursRelease(inShanghai('2025-11-27T12:00:00'), night, shanghai)).toBeUndefined();
    });

    it('reads the clock in the zone, not in UTC (14:00 UTC is 22:00 in Shanghai)', () => {
      expect(quietHoursRelease(new Date('2025-11-26T14:00:00Z'), night, shanghai)?.toISOString()).toBe('2025-11-26T23:00:00.000Z');
      expect(quietHoursRelease(new Date('2025-11-26T13:59:00Z'), night, shanghai)).toBeUndefined();
    });
  });

  describe('a window within one day (12:00–14:00)', () => {
    it('holds only inside the window, until its end the same day', () => {
      expect(quietHoursRelease(inShanghai('2025-11-26T11:59:59'), lunch, shanghai)).toBeUndefined();
      expect(quietHoursRelease(inShanghai('2025-11-26T12:00:00'), lunch, shanghai)?.toISOString()).toBe('2025-11-26T06:00:00.000Z');
      expect(quietHoursRelease(inShanghai('2025-11-26T13:59:30.250'), lunch, shanghai)?.toISOString()).toBe('2025-11-26T06:00:00.000Z');
      expect(quietHoursRelease(inShanghai('2025-11-26T14:00:00'), lunch, shanghai)).toBeUndefined();
      expect(quietHoursRelease(inShanghai('2025-11-26T23:00:00'), lunch, shanghai)).toBeUndefined();
      expect(quietHoursRelease(inShanghai('2025-11-26T03:00:00'), lunch, shanghai)).toBeUndefined();
    });
  });

  it('has no window when start equals end', () => {
    for (const local of ['2025-11-26T00:00:00', '2025-11-26T08:00:00', '2025-11-26T08:30:00', '2025-11-26T23:00:00']) {
      expect(quietHoursRelease(inShanghai(local), { start: '08:00', end: '08:00' }, shanghai)).toBeUndefined();
    }
  });

  it('has no window when there are no quiet hours (null)', () => {
    expect(quietHoursRelease(inShanghai('2025-11-26T23:00:00'), null, shanghai)).toBeUndefined();
    expect(quietHoursRelease(inShanghai('2025-11-27T03:00:00'), null, shanghai)).toBeUndefined();
  });

  describe('Europe/Berlin', () => {
    const berlin = 'Europe/Berlin';

    it('uses Berlin time in winter (UTC+1)', () => {
      // 23:30 CET → 07:00 CET the next day = 06:00 UTC.
      expect(quietHoursRelease(new Date('2025-01-15T22:30:00Z'), night, berlin)?.toISOString()).toBe('2025-01-16T06:00:00.000Z');
      // 21:30 CET: not yet.
      expect(quietHoursRelease(new Date('2025-01-15T20:30:00Z'), night, berlin)).toBeUndefined();
      // The same instant, 21:30 UTC, is 22:30 in Berlin but 05:30 the next morning in Shanghai.
      expect(quietHoursRelease(new Date('2025-01-15T21:30:00Z'), night, berlin)?.toISOString()).toBe('2025-01-16T06:00:00.000Z');
      expect(quietHoursRelease(new Date('2025-01-15T21:30:00Z'), night, shanghai)?.toISOString()).toBe('2025-01-15T23:00:00.000Z');
    });

    it('uses Berlin time in summer (UTC+2)', () => {
      // 05:10 CEST → 07:00 CEST = 05:00 UTC.
      expect(quietHoursRelease(new Date('2025-07-15T03:10:00Z'), night, berlin)?.toISOString()).toBe('2025-07-15T05:00:00.000Z');
      // 07:00 CEST: free.
      expect(quietHoursRelease(new Date('2025-07-15T05:00:00Z'), night, berlin)).toBeUndefined();
    });

    it('may be an hour off on the night the clocks change, as documented', () => {
      // 23:00 CET on 29 March 2025; the clocks go forward at 02:00, so 07:00 that morning is 05:00 UTC.
      const release = quietHoursRelease(new Date('2025-03-29T22:00:00Z'), night, berlin);
      expect(release).toBeDefined();
      const trueEnd = new Date('2025-03-30T05:00:00Z').getTime();
      expect(Math.abs(release!.getTime() - trueEnd)).toBeLessThanOrEqual(3_600_000);
    });
  });
});
