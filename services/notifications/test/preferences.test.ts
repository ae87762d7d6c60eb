import { NotificationPreferences, defaultPreferences, defaultsFromEnv } from '../src/preferences/preferences';

describe('NotificationPreferences', () => {
  it('defaults to SMS and email on, Chinese, quiet 22:00–07:00, with a digest', () => {
    expect(NotificationPreferences.parse({})).toEqual({ sms: true, email: true, locale: 'zh-CN', quietHours: { start: '22:00', end: '07:00' }, digest: true });
    expect(defaultPreferences).toEqual(NotificationPreferences.parse({}));
  });

  it('keeps what is given and fills the rest', () => {
    expect(NotificationPreferences.parse({ sms: false, locale: 'en' })).toEqual({ sms: false, email: true, locale: 'en', quietHours: { start: '22:00', end: '07:00' }, digest: true });
  });

  it('takes null quiet hours as none (not the default)', () => {
    expect(NotificationPreferences.parse({ quietHours: null }).quietHours).toBeNull();
  });

  it('takes quiet hours as HH:MM, 00:00 to 23:59', () => {
    expect(NotificationPreferences.parse({ quietHours: { start: '00:00', end: '23:59' } }).quietHours).toEqual({ start: '00:00', end: '23:59' });
    for (const bad of ['24:00', '7:00', '07:60', '0700', '07:00:00', '']) {
      expect(NotificationPreferences.safeParse({ quietHours: { start: bad, end: '07:00' } }).success).toBe(false);
    }
  });

  it('rejects unknown languages and unknown fields', () => {
    expect(NotificationPreferences.safeParse({ locale: 'fr' }).success).toBe(false);
    expect(NotificationPreferences.safeParse({ wechat: true }).success).toBe(false);
    expect(NotificationPreferences.safeParse({ quietHours: { start: '22:00', end: '07:00', zone: 'UTC' } }).success).toBe(false);
  });
});

describe('defaultsFromEnv', () => {
  it('is 22:00–07:00 when LIANXIN_QUIET_HOURS is unset or blank', () => {
    expect(defaultsFromEnv({})).toEqual(defaultPreferences);
    expect(defaultsFromEnv({}).quietHours).toEqual({ start: '22:00', end: '07:00' });
    expect(defaultsFromEnv({ LIANXIN_QUIET_HOURS: '' }).quietHours).toEqual({ start: '22:00', end: '07:00' });
    expect(defaultsFromEnv({ LIANXIN_QUIET_HOURS: '   ' }).quietHours).toEqual({ start: '22:00', end: '07:00' });
  });

  it('has no quiet hours when set to off', () => {
    expect(defaultsFromEnv({ LIANXIN_QUIET_HOURS: 'off' })).toEqual({ ...defaultPreferences, quietHours: null });
    expect(defaultsFromEnv({ LIANXIN_QUIET_HOURS: ' off ' }).quietHours).toBeNull();
  });

  it('takes HH:MM-HH:MM and keeps the other defaults', () => {
    expect(defaultsFromEnv({ LIANXIN_QUIET_HOURS: '23:00-06:30' })).toEqual({ ...defaultPreferences, quietHours: { start: '23:00', end: '06:30' } });
    expect(defaultsFromEnv({ LIANXIN_QUIET_HOURS: ' 12:00-14:00 ' }).quietHours).toEqual({ start: '12:00', end: '14:00' });
  });

  it('leaves the shared defaults alone', () => {
    defaultsFromEnv({ LIANXIN_QUIET_HOURS: '23:00-06:30' });
    defaultsFromEnv({ LIANXIN_QUIET_HOURS: 'off' });
    expect(defaultPreferences.quietHours).toEqual({ start: '22:00', end: '07:00' });
  });

  it.each(['nightly', '23:00', '23:00-', '-06:30', '23:00–06:30', '25:00-07:00', '23:00-6:30', 'OFF', '23-07'])('throws on %p, naming LIANXIN_QUIET_HOURS', (setting) => {
    expect(() => defaultsFromEnv({ LIANXIN_QUIET_HOURS: setting })).toThrow(/LIANXIN_QUIET_HOURS/);
    expect(() => defaultsFromEnv({ LIANXIN_QUIET_HOURS: setting })).toThrow(setting.trim());
  });

  // BUG (preferences.ts line 52): `setting.split('-')` keeps the first two parts and drops the
  // rest, so a malformed value with a third part passes as HH:MM-HH:MM.
  it('throws on a value with more than two times', () => {
    expect(() => defaultsFromEnv({ LIANXIN_QUIET_HOURS: '23:00-06:30-08:00' })).toThrow(/LIANXIN_QUIET_HOURS/);
  });
});
