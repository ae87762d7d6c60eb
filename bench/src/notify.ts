import os from 'node:os';
import path from 'node:path';
import { toOrderCloudEvent, toOrderEventRecord, type OrderEventRecord } from '@lianxin/contracts';
import { tokenFor } from '@lianxin/e2e/src/tokens';
import { startMessageSinks } from '@lianxin/infra';
import { freePort } from '@lianxin/infra/src/cli/identity-process';
import { startAppProcess, waitForHttp } from '@lianxin/infra/src/cli/processes';
import { sampleEventData, sampleOrderView } from '@lianxin/order-views/samples';
import { connectProducer, createKafka, createLogger, ensureTopics, resolveTopic, runConsumer } from '@lianxin/platform';
import { sampleMembers } from '@lianxin/sample-register';
import { argument, benchEnvironment, inParallel, percentile } from './support';

/**
 * `npm run bench:notify [-- --rate 50 --seconds 20 --handlers 40]`: event → 站内通知 latency.
 * The notifications service runs as its own process (as `npm start` runs it; quiet hours off, SMS
 * and email to local sinks in this process). `--handlers` members (village ones first) each hold a live stream
 * (`GET /api/v1/notifications/stream`, their own token); `order.dispatched` events to them go
 * straight onto the order-event topic at `--rate` a second for `--seconds`, open loop (each one
 * in-app notice and one SMS). A notice's latency is the time its stream delivered it minus the
 * time Kafka acknowledged its event. Beside it, in the same run, a plain consumer group in this
 * process reads the same events: the transport alone (consumed − acknowledged). Figures only;
 * missing notices are counted, not thrown; exits non-zero only when the bench could not run.
 */
const goalP99Ms = 500;
/** How long after the last event notices are waited for (less if all came, or nothing came for 10 s). */
const drainMs = 60_000;
const logDir = path.resolve(__dirname, '../../.data/bench/logs');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a live stream; `onNotice` gets each notice's event id, creation time (ms since the epoch) and when its bytes arrived. */
async function openStream(url: string, token: string, onNotice: (eventId: string, createdAt: number, at: number) => void) {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`stream answered HTTP ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let buffer = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        const at = performance.now(); // when the chunk arrived, before any parsing
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
          const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
          if (event === 'ready') markReady();
          if (event !== 'notification') continue;
          const notice = JSON.parse(data) as { eventId: string; createdAt: string };
          onNotice(notice.eventId, Date.parse(notice.createdAt), at);
        }
      }
    } catch {
      // aborted
    }
  })();
  return { ready, ended, close: () => abort.abort() };
}

/** Waits until `done()` or until nothing new arrived for `quietMs` (counted by `progress()`), at most `capMs`. */
async function settle(done: () => boolean, progress: () => number, quietMs: number, capMs: number): Promise<void> {
  const cap = Date.now() + capMs;
  let last = progress();
  let lastChange = Date.now();
  while (!done() && Date.now() < cap && Date.now() - lastChange < quietMs) {
    await sleep(100);
    if (progress() !== last) {
      last = progress();
      lastChange = Date.now();
    }
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : v === Number.POSITIVE_INFINITY ? 'missing' : '—');

async function main(): Promise<void> {
  const rate = argument('rate', 50);
  const seconds = argument('seconds', 20);
  const handlerCount = argument('handlers', 40);
  // Active members (each reachable in-app and by SMS): the village ones first, as the notify-kill
  // test picks them (the sample register has 32), then those of townships and below.
  const isVillage = (m: (typeof sampleMembers)[number]) => m.organisationId.split('-').length === 3;
  const members = sampleMembers.filter((m) => m.active !== false && m.roles.includes('member'));
  const candidates = [...members.filter(isVillage), ...members.filter((m) => !isVillage(m))];
  if (handlerCount > candidates.length) throw new Error(`--handlers: the sample register has ${candidates.length} active members`);
  const handlers = candidates.slice(0, handlerCount);
  const villageHandlers = handlers.filter(isVillage).length;

  const { stack, config } = await benchEnvironment('notify');
  const log = createLogger('bench-notify', 'warn');
  const sinks = await startMessageSinks({ httpPort: 0, smtpPort: 0 });
  const port = await freePort();
  const service = startAppProcess(
    'bench-notifications',
    'services/notifications/src/main.ts',
    {
      ...process.env,
      KAFKA_BROKERS: config.kafka.brokers.join(','),
      KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix,
      MONGO_URL: config.mongo.url,
      MONGO_DB_PREFIX: config.mongo.dbPrefix,
      CADRES_URL: config.cadresUrl,
      NOTIFICATIONS_PORT: String(port),
      LIANXIN_SMS_GATEWAY_URL: sinks.smsGatewayUrl,
      LIANXIN_SMTP_PORT: String(sinks.smtpPort),
      LIANXIN_QUIET_HOURS: 'off',
      LOG_LEVEL: 'warn',
    },
    logDir,
  );
  const kafka = createKafka(config, 'bench-notify', log);
  const producer = await connectProducer(kafka);
  const streams: Array<{ close(): void; ended: Promise<void> }> = [];
  let bare: Awaited<ReturnType<typeof runConsumer>> | undefined;
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/readyz`, service);
    await ensureTopics(kafka, config, ['orderEvents']);
    const topic = resolveTopic(config, 'orderEvents');

    // Times (performance.now(), this process) by event id.
    const acked = new Map<string, number>();
    const shown = new Map<string, number>();
    /** When the service began handling the event (the notice's `createdAt`), on this process's clock. */
    const planned = new Map<string, number>();
    const consumed = new Map<string, number>();
    let noticesShown = 0;

    bare = await runConsumer(kafka, {
      groupId: `${config.kafka.topicPrefix}bench.bare`,
      topics: [topic],
      log,
      partitionsConsumedConcurrently: config.kafka.partitions,
      handle: async (message) => {
        const at = performance.now();
        const id = (JSON.parse(message.value!.toString()) as { id: string }).id;
        if (!consumed.has(id)) consumed.set(id, at);
      },
    });

    await inParallel(handlers, 4, async (h) => void (await tokenFor(h._id)));
    const opened = await Promise.all(
      handlers.map(async (h) =>
        openStream(`${url}/api/v1/notifications/stream`, await tokenFor(h._id), (eventId, createdAt, at) => {
          noticesShown += 1;
          if (shown.has(eventId)) return;
          shown.set(eventId, at);
          planned.set(eventId, createdAt - performance.timeOrigin);
        }),
      ),
    );
    streams.push(...opened);
    let allReady = false;
    void Promise.all(opened.map((s) => s.ready)).then(() => (allReady = true));
    await settle(() => allReady, () => 0, 30_000, 30_000);
    if (!allReady) throw new Error('the streams were not ready within 30 s');

    // Each event: a new order dispatched to one of the handlers (its event id `<orderId>:3`).
    const eventFor = (orderId: string, i: number): { id: string; record: OrderEventRecord } => {
      const handler = handlers[i % handlers.length]!;
      const view = {
        ...sampleOrderView({ id: orderId, status: 'dispatched', sequence: 3, handlerId: handler._id, organisationId: handler.organisationId }),
        handler: { kind: 'member' as const, id: handler._id, name: handler.name },
      };
      const event = toOrderCloudEvent(sampleEventData(view));
      return { id: event.id, record: toOrderEventRecord(event) };
    };
    let produceErrors = 0;
    /** Sends the events at `perSecond`, open loop; resolves when every send has answered. */
    const produce = async (events: Array<{ id: string; record: OrderEventRecord }>, perSecond: number) => {
      const start = performance.now();
      const pending: Promise<void>[] = [];
      for (const [i, e] of events.entries()) {
        const wait = start + (i * 1000) / perSecond - performance.now();
        if (wait > 0) await sleep(wait);
        pending.push(
          producer.send({ topic, messages: [e.record] }).then(
            () => void acked.set(e.id, performance.now()),
            (error: unknown) => {
              produceErrors += 1;
              log.error({ err: error, eventId: e.id }, 'produce failed');
            },
          ),
        );
      }
      await Promise.all(pending);
    };

    // Warm-up (group joins, connections, the register cache, JIT): one event per handler, all seen by both readers.
    const warmUp = handlers.map((_, i) => eventFor(`LX20261126-W${String(i).padStart(5, '0')}`, i));
    await produce(warmUp, Math.min(rate, 20));
    const warmed = () => warmUp.every((e) => shown.has(e.id) && consumed.has(e.id));
    await settle(warmed, () => shown.size + consumed.size, 60_000, 90_000);
    if (!warmed()) throw new Error(`warm-up: ${warmUp.filter((e) => !shown.has(e.id)).length} notices and ${warmUp.filter((e) => !consumed.has(e.id)).length} bare reads missing after 90 s (see ${logDir}/bench-notifications.log)`);

    const load = Array.from({ length: Math.round(rate * seconds) }, (_, i) => eventFor(`LX20261126-N${String(i).padStart(6, '0')}`, i));
    const loadAvgBefore = os.loadavg()[0]!;
    console.log(`producing ${load.length} order.dispatched events, ${rate}/s for ${seconds} s, to ${handlers.length} handlers with live streams …`);
    await produce(load, rate);
    const loadAvgAfter = os.loadavg()[0]!;
    const all = () => load.every((e) => shown.has(e.id) && consumed.has(e.id));
    await settle(all, () => shown.size + consumed.size, 10_000, drainMs);

    const between = (to: Map<string, number>, from: Map<string, number>) =>
      load.flatMap((e) => (to.has(e.id) && from.has(e.id) ? [to.get(e.id)! - from.get(e.id)!] : [])).sort((a, b) => a - b);
    // A notice that never came counts as later than any that did (so missing ones raise the percentiles).
    const inApp = [...between(shown, acked), ...load.filter((e) => !shown.has(e.id)).map(() => Number.POSITIVE_INFINITY)];
    const transport = between(consumed, acked);
    const toPlanned = between(planned, acked);
    const toStream = between(shown, planned);
    const firstAck = Math.min(...load.flatMap((e) => (acked.has(e.id) ? [acked.get(e.id)!] : [])));
    const lastShown = Math.max(...load.flatMap((e) => (shown.has(e.id) ? [shown.get(e.id)!] : [])));
    const spread = (sorted: number[]) => `${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))}`;
    const received = load.filter((e) => shown.has(e.id)).length;
    const missing = load.length - received;
    const p99 = percentile(inApp, 99);
    const sms = sinks.smsGateway.list().length;
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(46)}${value}`);

    console.log('\nevent → in-app notice (SSE), notifications service as its own process');
    row('load', `${rate} events/s × ${seconds} s to ${handlers.length} handlers (${villageHandlers} village members; each event 1 in-app + 1 SMS)`);
    row('notices expected / received / missing', `${load.length} / ${received} / ${missing}  (missing: not on a stream ${drainMs / 1000} s after the last event)`);
    row('in-app p50 / p90 / p99 / max (missing = ∞)', `${ms(percentile(inApp, 50))} / ${ms(percentile(inApp, 90))} / ${ms(p99)} / ${ms(inApp[inApp.length - 1] ?? Number.NaN)}`);
    const receivedOnly = inApp.filter(Number.isFinite);
    row('  received ones only p50 / p99 / max', `${spread(receivedOnly)} / ${ms(receivedOnly[receivedOnly.length - 1] ?? Number.NaN)}`);
    row('  acked → service handles it p50 / p99', `${spread(toPlanned)}  (the notice's createdAt: transport + consumer queue)`);
    row('  handles it → on the stream p50 / p99', `${spread(toStream)}  (plan, store, push)`);
    row('in-app throughput', received > 1 ? `${((received * 1000) / (lastShown - firstAck)).toFixed(1)} notices/s (first ack → last notice)` : '—');
    row('bare Kafka consume p50 / p99 / max', `${ms(percentile(transport, 50))} / ${ms(percentile(transport, 99))} / ${ms(transport[transport.length - 1] ?? Number.NaN)}  (${transport.length} of ${load.length} read)`);
    row(`p99 ≤ ${goalP99Ms} ms`, p99 <= goalP99Ms ? 'yes' : 'no');
    row('notices on the streams (all)', `${noticesShown} (incl. ${warmUp.length} warm-up; repeats ${noticesShown - shown.size})`);
    row('SMS reached the gateway', `${sms} (per-person limit 10/hour holds the rest)`);
    row('produce errors', String(produceErrors));
    row('load average (1 min) before / after', `${loadAvgBefore.toFixed(2)} / ${loadAvgAfter.toFixed(2)} on ${os.cpus().length} CPUs`);
    row('service log', path.join(logDir, 'bench-notifications.log'));
    if (produceErrors > 0) throw new Error(`${produceErrors} events could not be produced`);
  } finally {
    for (const s of streams) s.close();
    await bare?.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await service.stop();
    await sinks.close();
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
