import { Schema, type Connection, type Model } from 'mongoose';
import { z } from 'zod';
import { templateCatalogue, type TemplateEntry } from './catalogue';

const Text = z.strictObject({ title: z.string().trim().min(1).max(60), text: z.string().trim().min(1).max(500) });
const PartialText = Text.partial();

/** An admin's wording for a template id (PUT /api/v1/notification-templates/:id). */
export const TemplateOverride = z.strictObject({
  'zh-CN': Text,
  en: Text,
  channels: z.partialRecord(z.enum(['sms', 'email', 'webhook', 'app']), z.strictObject({ 'zh-CN': PartialText.optional(), en: PartialText.optional() })).optional(),
  smsCode: z.strictObject({ aliyun: z.string().max(40).optional(), tencent: z.string().max(40).optional() }).optional(),
});
export type TemplateOverride = z.infer<typeof TemplateOverride>;

interface OverrideRecord extends TemplateOverride {
  _id: string;
  updatedBy: string;
  updatedAt: Date;
}

const schema = new Schema<OverrideRecord>(
  { _id: String, 'zh-CN': Schema.Types.Mixed, en: Schema.Types.Mixed, channels: Schema.Types.Mixed, smsCode: Schema.Types.Mixed, updatedBy: String, updatedAt: Date },
  { collection: 'notification_templates', versionKey: false },
);

export function templateOverrideModel(db: Connection): Model<OverrideRecord> {
  return db.models['TemplateOverride'] ?? db.model<OverrideRecord>('TemplateOverride', schema);
}

export interface TemplateBook {
  /** The template in force: an admin's override, else the catalogue's. */
  get(id: string): Promise<TemplateEntry>;
  /** Every template in force, overrides marked. */
  list(): Promise<(TemplateEntry & { overridden: boolean })[]>;
  put(id: string, override: TemplateOverride, by: string): Promise<TemplateEntry>;
  reset(id: string): Promise<boolean>;
  known(id: string): boolean;
}

/** The catalogue with the admins' overrides on top, re-read at most every `cacheMs`. */
export function templateBook(model: Model<OverrideRecord>, cacheMs = 5_000): TemplateBook {
  const catalogue = new Map(templateCatalogue.map((t) => [t.id, t]));
  let cached: { at: number; overrides: Map<string, TemplateEntry> } | undefined;
  const overrides = async () => {
    if (cached && Date.now() - cached.at < cacheMs) return cached.overrides;
    const records = await model.find({}).lean();
    const map = new Map(records.map((r): [string, TemplateEntry] => [r._id, { ...TemplateOverride.parse(stripMeta(r)), id: r._id }]));
    cached = { at: Date.now(), overrides: map };
    return map;
  };
  return {
    known: (id) => catalogue.has(id),
    async get(id) {
      const entry = (await overrides()).get(id) ?? catalogue.get(id);
      if (!entry) throw new Error(`no notice template ${id}`);
      return entry;
    },
    async list() {
      const current = await overrides();
      return [...catalogue.keys()].map((id) => ({ ...(current.get(id) ?? catalogue.get(id)!), overridden: current.has(id) }));
    },
    async put(id, override, by) {
      await model.replaceOne({ _id: id }, { ...override, _id: id, updatedBy: by, updatedAt: new Date() }, { upsert: true });
      cached = undefined;
      return { ...override, id };
    },
    async reset(id) {
      cached = undefined;
      return (await model.deleteOne({ _id: id })).deletedCount > 0;
    },
  };
}

function stripMeta(record: OverrideRecord): TemplateOverride {
  const { _id, updatedBy: _by, updatedAt: _at, ...rest } = record;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== null)) as TemplateOverride;
}
