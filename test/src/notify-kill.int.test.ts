import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { startCadres } from '@lianxin/cadres';
import { toOrderCloudEvent, toOrderEventRecord, type OrderEventType } from '@lianxin/contracts';
import { startMessageSinks, type MessageSinks } from '@lianxin/infra';
import { sampleEventData, sampleOrderView } from '@lianxin/order-views/samples';
import { connectMongo, connectProducer, createKafka, createLogger, ensureTopics, resolveTopic, type PlatformConfig, type RunningHttpService } from '@lianxin/platform';
import { sampleMembers } from '@lianxin/sample-register';
import { eventually, isolatedConfig } from './harness';
import { smsOf } from './notify-helpers';

/**
 * SIGKILL the notifications service, as its own process, twice while order events flow; start it
 * again each time. Afterwards every (event, recipient, channel) has exactly one record, every SMS
 * reached the gateway, and none reached it twice.
 */
const repoRoot = path.resolve(__dirname, '../..');
const logDir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-notify-kill-'));
const orders = 90;
const events: OrderEventType[] = ['order.dispatched', 'order.overdue'];
// Handlers: active village members of the register (each reachable by SMS and in-app), a few notices each.
const handlers = sampleMembers.filter((m) => m.active !== false && m.organisationId.split('-').length === 3 && m.roles.includes('member')).slice(0, 45);

let config: PlatformConfig;
let cadres: RunningHttpService;
let sinks: MessageSinks;
let db: Connection;

function startNotificationsProcess(run: number): ChildProcess {
  const log = openSync(path.join(logDir, `notifications-${run}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'services/notifications/src/main.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix,
      MONGO_DB_PREFIX: config.mongo.dbPrefix,
      CADRES_URL: cadres.url,
      NOTIFICATIONS_PORT: '0',
      LIANXIN_SMS_GATEWAY_URL: sinks.smsGatewayUrl,
      LIANXIN_SMTP_PORT: String(sinks.smtpPort),
      // Whatever the hour the test runs at, nothing waits for the morning.
      LIANXIN_QUIET_HOURS: 'off',
      LOG_LEVEL: 'info',
    },
  });
  closeSync(log);
  return child;
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

beforeAll(async () => {
  config = isolatedConfig('notifykill');
  cadres = await startCadres({ config, log: createLogger('test-notify-kill', 'warn') }, 0);
  sinks = await startMessageSinks({ httpPort: 0, smtpPort: 0 });
  db = await connectMongo(config, 'notifications');
});
afterAll(async () => {
  await db?.close();
  await cadres?.close();
  await sinks?.close();
});

it('loses no notice and sends none twice across two SIGKILLs', async () => {
  const kafka = createKafka(config, 'notify-kill-producer');
  await ensureTopics(kafka, config, ['orderEvents']);
  const producer = await connectProducer(kafka);
  const topic = resolveTopic(config, 'orderEvents');
  let child = startNotificationsProcess(1);
  try {
    const ids = Array.from({ length: orders }, (_, i) => `LX20261126-KILL${String(i).padStart(4, '0')}`);
    // Events flow over ~15 s in small batches once the service consumes; it is killed twice, 7 s apart, and started again.
    const kills = [25, 70];
    const records = db.collection('notification_deliveries');
    for (let batch = 0; batch < 90; batch += 1) {
      const messages = events.flatMap((type, step) =>
        ids.filter((_, i) => i % 90 === batch).map((id, i) => {
          const handler = handlers[(batch + i) % handlers.length]!;
          const view = { ...sampleOrderView({ id, status: 'dispatched', sequence: step + 3, handlerId: handler._id, organisationId: handler.organisationId }), handler: { kind: 'member' as const, id: handler._id, name: handler.name } };
          return toOrderEventRecord(toOrderCloudEvent({ ...sampleEventData(view), type, sequence: step + 3 }));
        }),
      );
      await producer.send({ topic, messages });
      if (batch === 0) await eventually(async () => ((await records.countDocuments({})) > 0 ? true : undefined), 60_000, 'the service to consume');
      if (kills.includes(batch)) {
        child.kill('SIGKILL');
        await killed(child);
        child = startNotificationsProcess(batch);
      }
      await new Promise((r) => setTimeout(r, 150));
    }

    const expected = orders * events.length; // per channel: one to the handler for each event
    const settled = await eventually(async () => {
      const sms = await records.countDocuments({ channel: 'sms', status: 'delivered' });
      const app = await records.countDocuments({ channel: 'app' });
      return sms === expected && app === expected ? { sms, app } : undefined;
    }, 90_000, `${expected} SMS delivered and ${expected} in-app notices`);
    expect(settled).toEqual({ sms: expected, app: expected });
    // One record per (event, recipient, channel): the ids are made of the three, so counting ids counts them.
    expect(await records.countDocuments({})).toBe(expected * 2);

    const received = (await smsOf(sinks.httpUrl, 'since=1970-01-01T00:00:00Z')).filter((m) => m.orderId?.startsWith('LX20261126-KILL'));
    expect(received).toHaveLength(expected);
    expect(new Set(received.map((m) => `${m.orderId}|${m.eventType}`)).size).toBe(expected);
    // A send cut off by the kill may be made again under the same delivery id; the gateway keeps one.
    const repeats = received.reduce((sum, m) => sum + m.repeats, 0);
    expect(repeats).toBeLessThanOrEqual(2 * 8);
  } finally {
    child.kill('SIGTERM');
    await killed(child);
    await producer.disconnect();
  }
});
