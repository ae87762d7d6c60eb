import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { IntakeOrder, type Actor, type HandlerTarget, type IntakeOrderInput, type OrderCommand } from '@lianxin/contracts';
import { startStack } from '@lianxin/infra';
import { testSecrets } from '@lianxin/infra/src/secrets';
import { freePort, identityEnvironment, startIdentityProcess } from '@lianxin/infra/src/cli/identity-process';
import { sendOrderCommand, startOrder } from '@lianxin/order-client';
import { decodeHistoryPayloads, temporalDataConverter } from '@lianxin/platform';
import { defaultOrderPolicy } from '@lianxin/workflows';
import { historiesDir } from './histories';
import { startTimeSkipping } from './time-skipping';

/**
 * `npm run histories:record`: drives each main path of an order on the time-skipping test server
 * and writes its history to test/histories/<path>.json for the replay test. Re-record only for a
 * change that is meant to break replay (and then put the change behind `patched` instead).
 */
const day = 86_400_000;
const agent: Actor = { id: 'agent-01', role: 'agent' };
const dispatcher: Actor = { id: 'mem-yeshan-dispatcher', role: 'dispatcher', organisationId: 'org-yeshan' };
const member: Actor = { id: 'mem-yeshan-dongwang-2', role: 'member', organisationId: 'org-yeshan-dongwang' };
const fallbackStaff: Actor = { id: 'staff-fallback-1', role: 'member', organisationId: 'org-fallback' };
const resident: Actor = { id: 'resident-wang', role: 'resident' };
/** Actors of orders opened under `access-by-scope`: staff act within their organisation's subtree. */
const countyAgent: Actor = { id: 'agent-hotline-1', role: 'agent', organisationId: 'org-county' };
const target: HandlerTarget = { kind: 'member', id: member.id, name: '李秀英', organisationId: 'org-yeshan-dongwang' };
const concern: IntakeOrderInput = {
  kind: 'concern', category: '道路安全', urgency: 'general', channel: 'hotline',
  title: '村口路灯损坏', description: '三盏路灯坏了半个月。',
  resident: { name: '王秀英', phone: '13912345678' }, location: { gridId: 'grid-yeshan-dongwang-1' },
};
const wish: IntakeOrderInput = { ...concern, kind: 'wish', category: '必需物资', title: '需要一台电暖器' };

type Step = [OrderCommand, Actor] | number;
const paths: Record<string, { intake: IntakeOrderInput; steps: Step[] }> = {
  'closed-satisfied': {
    intake: concern,
    steps: [
      [{ type: 'accept' }, agent], [{ type: 'dispatch', target, coHandlers: [] }, dispatcher], [{ type: 'sign' }, member],
      [{ type: 'contact', method: 'phone' }, member], [{ type: 'addDiaryEntry', text: '已上门查看', photos: [] }, member],
      [{ type: 'resolve', summary: '已修复', evidence: [] }, member], [{ type: 'checkBack', rating: 'satisfied' }, resident],
    ],
  },
  'escalated-unsigned': {
    intake: concern,
    steps: [[{ type: 'accept' }, agent], [{ type: 'dispatch', target, coHandlers: [] }, dispatcher], 11 * day, [{ type: 'cancel', reason: '已自行解决' }, resident]],
  },
  'claim-fallback': {
    intake: wish,
    steps: [
      [{ type: 'accept' }, agent], 9 * day + 3_600_000, [{ type: 'sign' }, fallbackStaff],
      [{ type: 'contact', method: 'visit' }, fallbackStaff], [{ type: 'resolve', summary: '已送达', evidence: [] }, fallbackStaff], 8 * day,
    ],
  },
  cancelled: { intake: concern, steps: [[{ type: 'accept' }, agent], [{ type: 'cancel', reason: '不需要了' }, resident]] },
  'paused-extended-explained-reopened': {
    intake: concern,
    steps: [
      [{ type: 'accept' }, agent], [{ type: 'dispatch', target, coHandlers: [] }, dispatcher], [{ type: 'sign' }, member],
      [{ type: 'pause', reason: '群众外出' }, member], 10 * day, [{ type: 'resume' }, member],
      [{ type: 'requestExtension', until: '2099-01-01T00:00:00.000Z', reason: '等材料' }, member], [{ type: 'decideExtension', approve: true }, dispatcher],
      [{ type: 'contact', method: 'phone' }, member], 2 * day, [{ type: 'resolve', summary: '初步办结', evidence: [] }, member],
      [{ type: 'checkBack', rating: 'unsatisfied' }, resident], [{ type: 'resolve', summary: '再次办结', evidence: [] }, member], 8 * day,
    ],
  },
  // Since `hold-limits`: an open-ended pause runs out after 7 d and the order resumes by itself.
  'paused-auto-resumed': {
    intake: concern,
    steps: [
      [{ type: 'accept' }, countyAgent], [{ type: 'dispatch', target, coHandlers: [] }, dispatcher], [{ type: 'sign' }, member],
      [{ type: 'pause', reason: '群众外出务工' }, member], 8 * day, [{ type: 'contact', method: 'phone' }, member],
      [{ type: 'resolve', summary: '已修复', evidence: [] }, member], 8 * day,
    ],
  },
  // Since `local-activities`: setup and publications are local activities (markers in the history).
  // An order that climbs two rungs of the ladder before it is signed, then runs to its end.
  'local-activities-escalated-closed': {
    intake: concern,
    steps: [
      [{ type: 'accept' }, countyAgent], [{ type: 'dispatch', target, coHandlers: [] }, dispatcher], 2 * day, [{ type: 'sign' }, member],
      [{ type: 'contact', method: 'phone' }, member], [{ type: 'addDiaryEntry', text: '已上门查看', photos: [] }, member],
      [{ type: 'resolve', summary: '已修复', evidence: [] }, member], 8 * day,
    ],
  },
};

async function main(): Promise<void> {
  // `npm run histories:record -- <path> …` records only those paths (the others stay as checked in).
  const only = process.argv.slice(2);
  const stack = await startStack({ dataDir: path.join(os.tmpdir(), 'lianxin-record'), namespaces: ['lianxin-test'] });
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: stack.temporal.address, KAFKA_BROKERS: stack.kafka.brokers.join(','), MONGO_URL: stack.mongo.url,
    KAFKA_TOPIC_PREFIX: 'record.', MONGO_DB_PREFIX: 'lxrecord', LIANXIN_TEST_RUN_ID: 'record',
    LIANXIN_TEMPORAL_TEST_SERVER: stack.installed.temporalTestServer, LOG_LEVEL: 'warn',
    ...testSecrets(),
    LIANXIN_PAYLOAD_KEYS: process.env.LIANXIN_PAYLOAD_KEYS || testSecrets().LIANXIN_PAYLOAD_KEYS,
    // The worker asks the register for routing with a service token: an identity provider of its own.
    ...identityEnvironment({}, await freePort()),
  });
  const identity = await startIdentityProcess(process.env, stack.logDir);
  const system = await startTimeSkipping('record', { policy: async () => defaultOrderPolicy });
  try {
    await (async () => {
      for (const [name, { intake, steps }] of Object.entries(paths).filter(([name]) => only.length === 0 || only.includes(name))) {
        const orderId = `LX-HISTORY-${name}`;
        await startOrder(system.env.client, { taskQueue: system.taskQueue, orderId, intake: IntakeOrder.parse(intake), openedBy: agent });
        for (const step of steps) {
          if (typeof step === 'number') await system.env.sleep(step);
          else await sendOrderCommand(system.env.client, orderId, step[0], step[1]);
        }
        const handle = system.env.client.workflow.getHandle(orderId);
        const result = await handle.result();
        // Kept decoded: the replay test runs with other keys (and the data here is made up).
        const history = await decodeHistoryPayloads(await handle.fetchHistory(), temporalDataConverter());
        const encoded = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64');
        const types = (history.events ?? []).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]);
        writeFileSync(path.join(historiesDir, `${name}.json`), `${JSON.stringify({ workflowId: orderId, result: result.status, eventTypes: types, encoding: 'temporal.api.history.v1.History/base64', history: encoded }, null, 1)}\n`);
        console.log(`${name}: ${history.events?.length} events, ended ${result.status}`);
      }
    })();
  } finally {
    await system.close();
    await identity.stop();
    await stack.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
