export { startNotifications, type NotificationsOptions } from './service';
export * from './channels';
export { defaultRetryPolicy, type RetryPolicy } from './delivery/backoff';
export { defaultRateLimits, type RateLimit } from './delivery/engine';
export { quietHoursRelease, defaultQuietHours, type QuietHours } from './preferences/quiet-hours';
