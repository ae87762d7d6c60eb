import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { trackedOrderModel } from '@lianxin/order-views';
import { connectMongo, createKafka, readConsumerLag, resolveTopic, type PlatformConfig } from '@lianxin/platform';
import { eventually, isolatedConfig } from './harness';
import { produceSampleBacklog } from './sample-backlog';

/**
 * Ctrl-C during a backlog: the residents service, as its own process, is interrupted the way
 * `npm start` used to interrupt it (the terminal's SIGINT, then at once the supervisor's
 * SIGTERM). It must stop cleanly with what it applied committed, and a second start must
 * resume from there and finish the backlog.
 */
const repoRoot = path.resolve(__dirname, '../..');
const orders = 400;
const steps = 5;

let config: PlatformConfig;
let db: Connection;
const logDir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-shutdown-'));

function startResidentsProcess(run: number): ChildProcess {
  const log = openSync(path.join(logDir, `residents-${run}.log`), 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'services/residents/src/main.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      KAFKA_TOPIC_PREFIX: config.kafka.topicPrefix,
      MONGO_DB_PREFIX: config.mongo.dbPrefix,
      RESIDENTS_PORT: '0',
      LOG_LEVEL: 'info',
    },
  });
  closeSync(log);
  return child;
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

/** Σ sequence over the tracked orders: how many events were applied (each order's arrive in order). */
async function appliedEvents(): Promise<number> {
  const docs = await trackedOrderModel(db).find({}, { sequence: 1 }).lean();
  return docs.reduce((sum, d) => sum + d.sequence, 0);
}

async function committedEvents(): Promise<{ committed: number; end: number }> {
  const admin = createKafka(config, 'shutdown-test-admin').admin();
  await admin.connect();
  try {
    const lags = await readConsumerLag(admin, `${config.kafka.topicPrefix}residents.tracking`, [resolveTopic(config, 'orderEvents')]);
    return { committed: lags.reduce((s, p) => s + p.committed, 0), end: lags.reduce((s, p) => s + p.end, 0) };
  } finally {
    await admin.disconnect();
  }
}

beforeAll(async () => {
  config = isolatedConfig('shutdown');
  db = await connectMongo(config, 'residents');
});
afterAll(async () => {
  await db?.close();
  rmSync(logDir, { recursive: true, force: true });
});

describe('a single Ctrl-C during a backlog', () => {
  it('commits what was applied, leaves cleanly, and the next start resumes', async () => {
    await produceSampleBacklog(config, { orders, steps, idPrefix: 'LXS' });
    const total = orders * steps;

    const first = startResidentsProcess(1);
    const exited = exitOf(first);
    await eventually(async () => ((await appliedEvents()) >= 200 ? true : undefined), 90_000, 'the service working through the backlog');
    first.kill('SIGINT');
    first.kill('SIGTERM'); // as npm start's supervisor used to follow the terminal's SIGINT
    const { code } = await exited;
    expect(code).toBe(0);
    const log = readFileSync(path.join(logDir, 'residents-1.log'), 'utf8');
    expect(log).toContain('already shutting down'); // the second signal did not cut the shutdown short

    const applied = await appliedEvents();
    const { committed, end } = await committedEvents();
    expect(end).toBe(total);
    expect(applied).toBeLessThan(total); // interrupted mid-backlog
    expect(committed).toBeLessThanOrEqual(applied);
    expect(applied - committed).toBeLessThanOrEqual(3); // at most one event per partition to apply again

    const second = startResidentsProcess(2);
    try {
      await eventually(async () => ((await committedEvents()).committed === total ? true : undefined), 120_000, 'the backlog finished after a restart');
      expect(await appliedEvents()).toBe(total);
    } finally {
      second.kill('SIGTERM');
      expect((await exitOf(second)).code).toBe(0);
    }
  });
});
