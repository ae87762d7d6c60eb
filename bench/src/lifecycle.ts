import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { residentActor, type Actor, type HandlerTarget, type OrderCommand } from '@lianxin/contracts';
import { sendOrderCommand, startOrder } from '@lianxin/order-client';
import { temporalDataConverter } from '@lianxin/platform';
import { quietTemporalRuntime } from '@lianxin/workflows';
import { startWorker } from '@lianxin/e2e';
import { availableParallelism } from 'node:os';
import { describeCpu, startCpuPhase } from './cpu-accounting';
import { argument, benchDataDir, benchEnvironment, inParallel, sampleIntake } from './support';

// People of the sample register, in the order's scope (its grid is in 冶山镇东王村): since
// `access-by-scope` the workflow checks every command against the order's organisation path.
const agent: Actor = { id: 'agent-hotline-1', role: 'agent', organisationId: 'org-county' };
const dispatcher: Actor = { id: 'mem-yeshan-dispatcher', role: 'dispatcher', organisationId: 'org-yeshan' };
const member: Actor = { id: 'mem-yeshan-dongwang-2', role: 'member', organisationId: 'org-yeshan-dongwang', name: '李秀英' };
const target: HandlerTarget = { kind: 'member', id: member.id, name: '李秀英', organisationId: 'org-yeshan-dongwang' };

const path: [OrderCommand, Actor][] = [
  [{ type: 'accept' }, agent],
  [{ type: 'dispatch', target, coHandlers: [] }, dispatcher],
  [{ type: 'sign' }, member],
  [{ type: 'contact', method: 'phone' }, member],
  [{ type: 'resolve', summary: '已清运完毕', evidence: [] }, member],
];
/** 回访 by the resident with the order's tracking code (a resident acts on their own order only). */
const checkBack: OrderCommand = { type: 'checkBack', rating: 'satisfied' };

/**
 * `npm run bench:lifecycle [-- --orders 500 --concurrency 32]`: drives M orders through the
 * whole path (intake → accept → dispatch → sign → contact → resolve → check-back → closed) and
 * a bare empty workflow M times in the same run; prints both rates and their ratio.
 */
async function main(): Promise<void> {
  const orders = argument('orders', 500);
  const concurrency = argument('concurrency', 32);
  const { stack, config } = await benchEnvironment('life');
  quietTemporalRuntime();
  const orderWorker = await startWorker(config);
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: temporalDataConverter() });
  const emptyQueue = `${config.temporal.taskQueue}-empty`;
  const emptyWorker = await Worker.create({
    connection: orderWorker.worker.options.connection!,
    namespace: config.temporal.namespace,
    taskQueue: emptyQueue,
    workflowsPath: require.resolve('./empty.workflow'),
    dataConverter: temporalDataConverter(),
  });
  const emptyRunning = emptyWorker.run();

  const runId = Date.now().toString(36);
  const dataDir = benchDataDir();
  let cpu = startCpuPhase(dataDir);
  let started = Date.now();
  await inParallel(Array.from({ length: orders }, (_, i) => i), concurrency, async (i) => {
    await client.workflow.execute('emptyWorkflow', { taskQueue: emptyQueue, workflowId: `EMPTY-${runId}-${i}` });
  });
  const emptySeconds = (Date.now() - started) / 1000;
  const emptyCpu = cpu.stop();

  cpu = startCpuPhase(dataDir);
  started = Date.now();
  await inParallel(Array.from({ length: orders }, (_, i) => i), concurrency, async (i) => {
    const orderId = `LIFE-${runId}-${i}`;
    await startOrder(client, { taskQueue: config.temporal.taskQueue, orderId, intake: sampleIntake, openedBy: agent });
    for (const [command, actor] of path) await sendOrderCommand(client, orderId, command, actor);
    await sendOrderCommand(client, orderId, checkBack, residentActor(orderId));
    const result = await client.workflow.getHandle(orderId).result();
    if (result.status !== 'closed') throw new Error(`order ${orderId} ended ${result.status}`);
  });
  const orderSeconds = (Date.now() - started) / 1000;
  const orderCpu = cpu.stop();

  const emptyRate = orders / emptySeconds;
  const orderRate = orders / orderSeconds;
  console.log(`\nlifecycle bench, ${orders} each, concurrency ${concurrency}, Temporal dev server (SQLite) on this machine:`);
  console.log(`empty workflow          ${emptyRate.toFixed(1)} workflows/s  (${emptySeconds.toFixed(1)} s)`);
  console.log(`order, whole lifecycle  ${orderRate.toFixed(1)} orders/s     (${orderSeconds.toFixed(1)} s; 1 start + ${path.length + 1} updates + 2 activities + ${path.length + 2} events each)`);
  console.log(`ratio order/empty       ${(orderRate / emptyRate).toFixed(3)}`);
  // Where the time goes: with every core busy, the CPU one order costs each part sets the rate.
  const cores = availableParallelism();
  console.log(`\nCPU per empty workflow (this process: worker, cadres and client; ${cores} cores):`);
  for (const line of describeCpu(emptyCpu, orders, 'workflow', cores)) console.log(line);
  console.log('CPU per whole order:');
  for (const line of describeCpu(orderCpu, orders, 'order', cores)) console.log(line);

  emptyWorker.shutdown();
  await emptyRunning;
  await connection.close();
  await orderWorker.close();
  await stack.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
