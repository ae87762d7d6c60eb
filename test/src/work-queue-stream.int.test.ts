import type { IntakeOrderInput } from '@lianxin/contracts';
import { startCadres } from '@lianxin/cadres';
import { createKafka, createLogger, resolveTopic, type RunningHttpService } from '@lianxin/platform';
import { eventually, startSystem, type RunningSystem } from './harness';
import { openEventStream, type EventStreamClient } from './sse';
import { bearerFor } from './tokens';

/**
 * 待办 live over the real stack: a dispatcher's stream (Server-Sent Events from the cadres
 * service, fed by each instance's own broadcast consumer of the order events) brings the changes
 * of orders in his township, on every cadres instance, and never those of another township.
 */
let system: RunningSystem;
let secondCadres: RunningHttpService;
const streams: EventStreamClient[] = [];

/** A broadcast group left by an instance that was killed (it never deleted its group): offsets, no members. */
const abandonedGroup = 'cadres.work-queue-stream.killed-host.4242.deadbeef';

beforeAll(async () => {
  system = await startSystem('wqstream');
  const admin = createKafka(system.config, 'test-wqstream-admin').admin();
  await admin.connect();
  const topic = resolveTopic(system.config, 'orderEvents');
  await admin.setOffsets({ groupId: `${system.config.kafka.topicPrefix}${abandonedGroup}`, topic, partitions: [{ partition: 0, offset: '0' }] });
  await admin.disconnect();
  // A second instance of the service, as a deployment runs several: its own broadcast group.
  secondCadres = await startCadres({ config: system.config, log: createLogger('test-wqstream-2', process.env.LOG_LEVEL ?? 'warn') }, 0);
});
afterAll(async () => {
  streams.forEach((stream) => stream.close());
  await secondCadres?.close();
  await system?.close();
});

const concern = (gridId: string, title: string): IntakeOrderInput => ({
  kind: 'concern',
  category: '环境治理',
  title,
  description: '村边河道垃圾堆积，夏季异味严重。',
  channel: 'hotline',
  resident: { name: '韩立春', phone: '13900007001' },
  location: { gridId },
});

async function open(gridId: string, title: string): Promise<string> {
  const response = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor('agent-hotline-1')) },
    body: JSON.stringify(concern(gridId, title)),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function accept(orderId: string, dispatcher: string): Promise<void> {
  await eventually(async () => {
    const response = await fetch(`${system.cadres.url}/api/v1/orders/${orderId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await bearerFor(dispatcher)) },
      body: JSON.stringify({ type: 'accept' }),
    });
    await response.arrayBuffer();
    return response.status === 200 ? true : undefined;
  }, 20_000, `${orderId} accepted`);
}

interface Change {
  id: string;
  sequence: number;
  status: string;
  type: string;
  organisationId?: string;
  scope: string[];
}

const changesOf = (stream: EventStreamClient, orderId?: string): Change[] =>
  stream.events.filter((e) => e.event === 'order').map((e) => JSON.parse(e.data) as Change).filter((c) => orderId === undefined || c.id === orderId);

async function liveStream(base: string, username: string): Promise<EventStreamClient> {
  const stream = await openEventStream(`${base}/api/v1/work-queue/stream`, await bearerFor(username));
  streams.push(stream);
  expect(stream.status).toBe(200);
  await eventually(async () => (stream.events.some((e) => e.event === 'ready') ? true : undefined), 10_000, `${username}'s stream ready`);
  return stream;
}

describe('the work-queue stream', () => {
  it('brings a dispatcher the changes of his township on every instance, and never another township\'s', async () => {
    const yeshan = await liveStream(system.cadres.url, 'mem-yeshan-dispatcher');
    const yeshanOnSecond = await liveStream(secondCadres.url, 'mem-yeshan-dispatcher');
    const renheji = await liveStream(system.cadres.url, 'mem-renheji-dispatcher');

    const inYeshan = await open('grid-yeshan-dongwang-1', '东王村河道垃圾');
    const inRenheji = await open('grid-renheji-renhe-1', '仁和村河道垃圾');

    // Opened: received.
    for (const stream of [yeshan, yeshanOnSecond]) {
      await eventually(async () => (changesOf(stream, inYeshan).some((c) => c.status === 'received') ? true : undefined), 20_000, 'the received order on the stream');
    }
    // Accepted by the township: accepted, on both instances.
    await accept(inYeshan, 'mem-yeshan-dispatcher');
    for (const stream of [yeshan, yeshanOnSecond]) {
      await eventually(async () => (changesOf(stream, inYeshan).some((c) => c.status === 'accepted') ? true : undefined), 20_000, 'the accepted order on the stream');
      const [received, accepted] = changesOf(stream, inYeshan);
      expect(received).toEqual({ id: inYeshan, sequence: 1, status: 'received', type: 'order.received', organisationId: 'org-yeshan-dongwang', scope: expect.arrayContaining(['org-yeshan-dongwang', 'org-yeshan', 'org-county']) });
      expect(accepted).toMatchObject({ id: inYeshan, status: 'accepted', type: 'order.accepted' });
      expect(accepted!.sequence).toBeGreaterThan(received!.sequence);
    }

    // The other township's order reaches its own dispatcher (so this instance has fanned it out)…
    await accept(inRenheji, 'mem-renheji-dispatcher');
    await eventually(async () => (changesOf(renheji, inRenheji).some((c) => c.status === 'accepted') ? true : undefined), 20_000, 'the other township\'s order on its own stream');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // …and never the 冶山 dispatcher's, nor does 冶山's reach 仁和集.
    expect(changesOf(yeshan, inRenheji)).toEqual([]);
    expect(changesOf(yeshanOnSecond, inRenheji)).toEqual([]);
    expect(changesOf(renheji, inYeshan)).toEqual([]);
  });

  it('sweeps the broadcast group of an instance that died without closing, and keeps the running instances\' groups', async () => {
    const admin = createKafka(system.config, 'test-wqstream-admin').admin();
    await admin.connect();
    try {
      const ids = (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith(`${system.config.kafka.topicPrefix}cadres.work-queue-stream.`));
      expect(ids).not.toContain(`${system.config.kafka.topicPrefix}${abandonedGroup}`);
      // The two running instances (the system's and the second) each keep theirs.
      expect(ids).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }
  });

  it('needs a token, and holds a person to a few streams at once, freeing one when it closes', async () => {
    const anonymous = await fetch(`${system.cadres.url}/api/v1/work-queue/stream`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');

    const tabs: EventStreamClient[] = [];
    for (let i = 0; i < 5; i += 1) tabs.push(await liveStream(system.cadres.url, 'mem-tongcheng-dispatcher'));
    const sixth = await fetch(`${system.cadres.url}/api/v1/work-queue/stream`, { headers: await bearerFor('mem-tongcheng-dispatcher') });
    expect({ status: sixth.status, type: ((await sixth.json()) as { type: string }).type }).toEqual({ status: 429, type: 'urn:lianxin:problem:too-many-streams' });

    tabs[0]!.close();
    await eventually(async () => {
      const again = await openEventStream(`${system.cadres.url}/api/v1/work-queue/stream`, await bearerFor('mem-tongcheng-dispatcher'));
      streams.push(again);
      if (again.status === 200) return true;
      again.close();
      return undefined;
    }, 10_000, 'a stream freed by closing a tab');
  });
});
