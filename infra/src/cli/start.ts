import path from 'node:path';
import { ensureConsoleBuilt } from '@lianxin/console/build';
import { developmentSecrets } from '../secrets';
import { startStack } from '../stack';
import { developmentPassword, identityEnvironment } from './identity-process';
import { superviseApps } from './app-supervisor';
import { repoRoot } from './processes';
import { superviseStack } from './stack-supervisor';
import { reportEvent } from './supervisor-report';

/** How long the HTTP services get, together, to answer /readyz at start (crashes meanwhile are restarted). */
const readyTimeoutMs = 120_000;

/**
 * `npm start`: the whole system on the embedded stack — Temporal, Kafka, FerretDB, the worker
 * and every service — until Ctrl-C, which stops all of it. Meanwhile any of them that dies is
 * reported and restarted with backoff.
 */
async function main(): Promise<void> {
  const dataDir = process.env.LIANXIN_DATA_DIR ?? path.join(repoRoot, '.data', 'dev');
  // Every process gets the secrets (kept in <dataDir>/secrets.json) and the provider's issuer and audience.
  const secrets = developmentSecrets(dataDir);
  const namespaces = ['lianxin', 'lianxin-test'];
  // The console's browser app is built (only when its sources changed) while the servers start.
  const consoleBuild = ensureConsoleBuilt({ onBuild: () => console.log('[lianxin] 正在构建工作台 (building the console)…') });
  consoleBuild.catch(() => undefined);
  const stack = await startStack({ dataDir, namespaces });
  const cadresPort = Number(process.env.CADRES_PORT ?? 8082);
  const residentsPort = Number(process.env.RESIDENTS_PORT ?? 8081);
  const notificationsPort = Number(process.env.NOTIFICATIONS_PORT ?? 8083);
  const consolePort = Number(process.env.CONSOLE_PORT || 8085);
  // The local SMS gateway and SMTP mailbox stand in for an SMS provider and a mail server.
  const sinksPort = Number(process.env.LIANXIN_SINKS_HTTP_PORT || 8025);
  const smtpPort = process.env.LIANXIN_SMTP_PORT || '1025';
  const identityPort = Number(process.env.IDENTITY_PORT || 8084);
  const identity = identityEnvironment(process.env, identityPort);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...identity,
    ...secrets,
    TEMPORAL_ADDRESS: stack.temporal.address,
    KAFKA_BROKERS: stack.kafka.brokers.join(','),
    MONGO_URL: stack.mongo.url,
    CADRES_URL: process.env.CADRES_URL ?? `http://127.0.0.1:${cadresPort}`,
    LIANXIN_DATA_DIR: dataDir,
    LIANXIN_SINKS_HTTP_PORT: String(sinksPort),
    LIANXIN_SMTP_PORT: smtpPort,
    LIANXIN_SMS_GATEWAY_URL: process.env.LIANXIN_SMS_GATEWAY_URL ?? `http://127.0.0.1:${sinksPort}/sms`,
    // The console (its own port): where the provider may send its sign-ins, which origins the services answer.
    ...consoleEnvironment(process.env, { consolePort, residentsPort, notificationsPort, cadresUrl: process.env.CADRES_URL ?? `http://127.0.0.1:${cadresPort}` }),
  };
  const logDir = path.join(dataDir, 'logs');
  // From here on a server that dies is restarted (see stack-supervisor.ts).
  const servers = superviseStack(stack, { onEvent: reportEvent });
  const services = [
    { name: 'sinks', entry: 'infra/src/sinks/main.ts', port: sinksPort },
    { name: 'identity', entry: 'services/identity/src/main.ts', port: identityPort },
    { name: 'cadres', entry: 'services/cadres/src/main.ts', port: cadresPort },
    { name: 'residents', entry: 'services/residents/src/main.ts', port: residentsPort },
    { name: 'notifications', entry: 'services/notifications/src/main.ts', port: notificationsPort },
    { name: 'console', entry: 'services/console/src/main.ts', port: consolePort },
  ];
  const url = (name: string) => `http://127.0.0.1:${services.find((s) => s.name === name)!.port}`;
  try {
    await consoleBuild;
  } catch (error) {
    console.error(`[lianxin] ${(error as Error).message}`);
    await stack.stop();
    process.exit(1);
  }
  // Each process restarted when it exits, also while booting (see app-supervisor.ts).
  const apps = superviseApps([{ name: 'worker', entry: 'workflows/src/main.ts' }, ...services], { env, logDir, onEvent: reportEvent });
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[lianxin] 正在停止 (stopping)…');
    apps.halt(); // no restarts while stopping
    servers.halt();
    await apps.stop();
    await servers.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  try {
    await apps.whenReady(readyTimeoutMs);
  } catch (error) {
    console.error(`[lianxin] 启动失败: ${(error as Error).message} (logs: ${logDir})`);
    await stopAll(1);
    return;
  }
  console.log(`
连心桥 Lianxin is up (Ctrl-C stops everything):
  console        ${url('console')}   连心桥工作台: 坐席受理、派单台、党员待办、督办 (sign in with a sample account); 群众查询 ${url('console')}/track
  residents      ${url('residents')}   POST /api/v1/orders, GET /api/v1/orders/:id
  cadres         ${url('cadres')}   register, inbox, claim board, commands
  notifications  ${url('notifications')}   GET /api/v1/notifications/inbox, /stream (live), /api/v1/notifications?orderId=
  SMS & mail     ${url('sinks')}   本地短信网关与邮箱: every SMS and email sent (SMTP 127.0.0.1:${smtpPort})
  identity       ${url('identity')}   OpenID provider (issuer ${identity.LIANXIN_OIDC_ISSUER}); a token: npm run token -- mem-yeshan-dispatcher
                 sample accounts: every register member id, social organisation id, agent-hotline-1, leader-county, admin; password ${identity.LIANXIN_DEV_PASSWORD === developmentPassword ? developmentPassword : '$LIANXIN_DEV_PASSWORD'}
  Temporal UI    ${stack.temporal.uiUrl}/namespaces/lianxin/workflows
  Temporal gRPC  ${stack.temporal.address}   Kafka ${stack.kafka.brokers.join(',')}   MongoDB ${stack.mongo.url}
  logs           ${logDir}   (a process that dies is restarted; each restart is reported here)
`);
}

/**
 * What the console needs and what it changes for the others: the services' addresses for the
 * browser, its sign-in redirect at the provider and its origin in the services' CORS allow-list
 * (both derived from its port unless set).
 */
function consoleEnvironment(
  env: NodeJS.ProcessEnv,
  ports: { consolePort: number; residentsPort: number; notificationsPort: number; cadresUrl: string },
): Record<string, string> {
  const origins = [`http://127.0.0.1:${ports.consolePort}`, `http://localhost:${ports.consolePort}`];
  return {
    CONSOLE_PORT: String(ports.consolePort),
    RESIDENTS_URL: env.RESIDENTS_URL || `http://127.0.0.1:${ports.residentsPort}`,
    NOTIFICATIONS_URL: env.NOTIFICATIONS_URL || `http://127.0.0.1:${ports.notificationsPort}`,
    CADRES_URL: ports.cadresUrl,
    LIANXIN_CONSOLE_REDIRECT_URIS: env.LIANXIN_CONSOLE_REDIRECT_URIS || origins.map((origin) => `${origin}/callback`).join(','),
    LIANXIN_CORS_ORIGINS: env.LIANXIN_CORS_ORIGINS ?? origins.join(','),
  };
}

void main().catch((error: unknown) => {
  console.error(`[lianxin] ${(error as Error).message}`);
  process.exit(1);
});
