import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { defaultQuietHours } from './quiet-hours';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');

/**
 * 通知偏好 of one signed-in person: which outbound channels may reach them (in-app always does;
 * emergencies ignore the switches and the quiet hours), the language, the quiet hours (null =
 * none) and whether notices held overnight are folded into one digest.
 */
export const NotificationPreferences = z.strictObject({
  sms: z.boolean().default(true),
  email: z.boolean().default(true),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).nullable().default(defaultQuietHours),
  digest: z.boolean().default(true),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const defaultPreferences: NotificationPreferences = NotificationPreferences.parse({});

interface PreferencesRecord extends NotificationPreferences {
  _id: string;
  updatedAt: Date;
}

const schema = new Schema<PreferencesRecord>(
  { _id: String, sms: Boolean, email: Boolean, locale: String, quietHours: Schema.Types.Mixed, digest: Boolean, updatedAt: Date },
  { collection: 'notification_preferences', versionKey: false },
);

export function preferencesModel(db: Connection): Model<PreferencesRecord> {
  return db.models['NotificationPreferences'] ?? db.model<PreferencesRecord>('NotificationPreferences', schema);
}

export interface PreferencesStore {
  /** What a person who set nothing gets (and residents). */
  defaults: NotificationPreferences;
  of(personId: string): Promise<NotificationPreferences>;
  save(personId: string, preferences: NotificationPreferences): Promise<NotificationPreferences>;
}

/**
 * The deployment's default quiet hours: `LIANXIN_QUIET_HOURS` = `HH:MM-HH:MM` (local time of
 * `LIANXIN_TIME_ZONE`), or `off`; 22:00-07:00 when unset.
 */
export function defaultsFromEnv(env: NodeJS.ProcessEnv): NotificationPreferences {
  const setting = env.LIANXIN_QUIET_HOURS?.trim();
  if (!setting) return defaultPreferences;
  if (setting === 'off') return { ...defaultPreferences, quietHours: null };
  const parts = setting.split('-');
  const parsed = NotificationPreferences.shape.quietHours.safeParse({ start: parts[0], end: parts[1] });
  if (!parsed.success || parts.length !== 2) throw new Error(`LIANXIN_QUIET_HOURS 应为 HH:MM-HH:MM 或 off (got "${setting}")`);
  return { ...defaultPreferences, quietHours: parsed.data };
}

export function preferencesStore(model: Model<PreferencesRecord>, defaults: NotificationPreferences = defaultPreferences): PreferencesStore {
  return {
    defaults,
    async of(personId) {
      const found = await model.findById(personId).lean();
      if (!found) return defaults;
      const { _id, updatedAt: _at, ...stored } = found;
      return NotificationPreferences.parse(stored);
    },
    async save(personId, preferences) {
      await model.replaceOne({ _id: personId }, { ...preferences, _id: personId, updatedAt: new Date() }, { upsert: true });
      return preferences;
    },
  };
}
