import path from 'node:path';
import { startStack } from '../stack';
import { repoRoot, startAppProcess, waitForHttp, type AppProcess } from './processes';

/**
 * `npm start`: the whole system on the embedded stack — Temporal, Kafka, FerretDB, the worker
 * and every service — until Ctrl-C, which stops all of it.
 */
async function main(): Promise<void> {
  const dataDir = process.env.LIANXIN_DATA_DIR ?? path.join(repoRoot, '.data', 'dev');
  const stack = await startStack({ dataDir, namespaces: ['lianxin', 'lianxin-test'] });
  const cadresPort = Number(process.env.CADRES_PORT ?? 8082);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: stack.temporal.address,
    KAFKA_BROKERS: stack.kafka.brokers.join(','),
    MONGO_URL: stack.mongo.url,
    CADRES_URL: process.env.CADRES_URL ?? `http://127.0.0.1:${cadresPort}`,
  };
  const logDir = path.join(dataDir, 'logs');
  const services = [
    { name: 'cadres', entry: 'services/cadres/src/main.ts', port: cadresPort },
    { name: 'residents', entry: 'services/residents/src/main.ts', port: Number(process.env.RESIDENTS_PORT ?? 8081) },
    { name: 'notifications', entry: 'services/notifications/src/main.ts', port: Number(process.env.NOTIFICATIONS_PORT ?? 8083) },
  ];
  const processes: AppProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[lianxin] 正在停止 (stopping)…');
    await Promise.all(processes.map((p) => p.stop()));
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  try {
    processes.push(startAppProcess('worker', 'workflows/src/main.ts', env, logDir));
    for (const s of services) processes.push(startAppProcess(s.name, s.entry, env, logDir));
    await Promise.all(
      services.map((s, i) => waitForHttp(`http://127.0.0.1:${s.port}/readyz`, processes[i + 1]!)),
    );
  } catch (error) {
    console.error(`[lianxin] 启动失败: ${(error as Error).message} (logs: ${logDir})`);
    await stopAll(1);
    return;
  }
  for (const p of processes) {
    p.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`[lianxin] ${p.name} exited unexpectedly (code ${code}); see ${path.join(logDir, `${p.name}.log`)}`);
        void stopAll(1);
      }
    });
  }
  console.log(`
连心桥 Lianxin is up (Ctrl-C stops everything):
  residents      http://127.0.0.1:${services[1]!.port}   POST /api/v1/orders, GET /api/v1/orders/:id
  cadres         http://127.0.0.1:${services[0]!.port}   register, inbox, claim board, commands
  notifications  http://127.0.0.1:${services[2]!.port}   GET /api/v1/notifications?orderId=
  Temporal UI    ${stack.temporal.uiUrl}/namespaces/lianxin/workflows
  Temporal gRPC  ${stack.temporal.address}   Kafka ${stack.kafka.brokers.join(',')}   MongoDB ${stack.mongo.url}
  logs           ${logDir}
`);
}

void main().catch((error: unknown) => {
  console.error(`[lianxin] ${(error as Error).message}`);
  process.exit(1);
});
