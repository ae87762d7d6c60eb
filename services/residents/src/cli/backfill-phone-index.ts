import { blindIndexFromEnv, personalDataOpener } from '@lianxin/data-protection';
import { connectMongo, loadConfig, type PlatformConfig } from '@lianxin/platform';
import { phoneIndex, phoneIndexModel } from '../resident-orders/phone-index';
import { replayOrderTopic, runBackfillCommand } from './order-topic-replay';

export interface PhoneIndexBackfill {
  /** Orders whose phone number was noted (again, if the index had it: adding twice changes nothing). */
  indexed: number;
  /** Orders opened without a phone number. */
  withoutPhone: number;
  /** Orders whose sealed personal data could not be opened (a key no longer configured). */
  unreadable: number;
  /** Records that are not order events. */
  skipped: number;
}

/**
 * 历史工单 for orders opened before intake kept the phone index: reads the order-event topic from
 * its beginning, opens each order's sealed personal data once (its first event read), and notes
 * the order under its number's keyed hash. The number itself is kept nowhere. Adding is
 * `$addToSet`, so it may run beside the running services, and again.
 */
export async function backfillPhoneIndex(config: PlatformConfig, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<PhoneIndexBackfill> {
  const env = options.env ?? process.env;
  const openPersonal = personalDataOpener(env);
  const db = await connectMongo(config, 'residents');
  try {
    const index = phoneIndex(phoneIndexModel(db), blindIndexFromEnv('phone', env));
    const seen = new Set<string>();
    const counts = { indexed: 0, withoutPhone: 0, unreadable: 0 };
    const { skipped } = await replayOrderTopic(
      config,
      'phone-index-backfill',
      async (event) => {
        const { orderId, order } = event.data;
        if (seen.has(orderId)) return;
        seen.add(orderId);
        if (!order.personal) {
          counts.withoutPhone += 1;
          return;
        }
        let phone: string | undefined;
        try {
          phone = openPersonal(order.personal, orderId).phone;
        } catch {
          counts.unreadable += 1;
          return;
        }
        if (!phone) {
          counts.withoutPhone += 1;
          return;
        }
        await index.add(phone, orderId);
        counts.indexed += 1;
      },
      options,
    );
    return { ...counts, skipped };
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  runBackfillCommand('phone-index:backfill', async () => {
    const result = await backfillPhoneIndex(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
    return `phone index: ${result.indexed} order(s) noted, ${result.withoutPhone} without a phone number, ${result.unreadable} unreadable, ${result.skipped} record(s) not order events`;
  });
}
