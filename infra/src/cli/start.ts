import path from 'node:path';
import { ensureConsoleBuilt } from '@lianxin/console/build';
import { ensureAppsBuilt } from '../build/ensure';
import { appEntries, appsDir, builtEntry, workflowBundleName, workflowBundleVariable, type AppName } from '../build/layout';
import { developmentSecrets } from '../secrets';
import { startStack } from '../stack';
import { developmentPassword, identityEnvironment } from './identity-process';
import { workerNodeFlags } from '@lianxin/workflows/src/worker-tuning';
import { superviseApps } from './app-supervisor';
import { repoRoot } from './processes';
import { superviseStack } from './stack-supervisor';
import { reportEvent } from './supervisor-report';

/** How long the HTTP services get, together, to answer /readyz at start (crashes meanwhile are restarted). */
const readyTimeoutMs = 120_000;

/** `LIANXIN_RUN_FROM_SOURCE=1`: the processes run from their TypeScript sources through tsx, nothing built. */
function runFromSource(env: NodeJS.ProcessEnv): boolean {
  return ['1', 'true', 'yes'].includes((env.LIANXIN_RUN_FROM_SOURCE ?? '').trim().toLowerCase());
}

/**
 * `npm start`: the whole system on the embedded stack — Temporal, Kafka, FerretDB, the worker
 * and every service — until Ctrl-C, which stops all of it. Meanwhile any of them that dies is
 * reported and restarted with backoff. The processes run built (`.build/apps/`, rebuilt while
 * the servers start when a source changed, see infra/src/build/), the worker with its workflow
 * code bundled ahead; `LIANXIN_RUN_FROM_SOURCE=1` runs them from source with tsx instead.
 */
async function main(): Promise<void> {
  const dataDir = process.env.LIANXIN_DATA_DIR ?? path.join(repoRoot, '.data', 'dev');
  // Every process gets the secrets (kept in <dataDir>/secrets.json) and the provider's issuer and audience.
  const secrets = developmentSecrets(dataDir);
  const namespaces = ['lianxin', 'lianxin-test'];
  // The console's browser app is built (only when its sources changed) while the servers start.
  const consoleBuild = ensureConsoleBuilt({ onBuild: () => console.log('[lianxin] 正在构建工作台 (building the console)…') });
  consoleBuild.catch(() => undefined);
  // So are the processes (esbuild) and the worker's workflow bundle, unless they run from source.
  const fromSource = runFromSource(process.env);
  const appsBuild = fromSource
    ? Promise.resolve()
    : ensureAppsBuilt({ onBuild: (reason) => console.log(`[lianxin] 正在构建服务进程 (building the processes: ${reason})…`) }).then(({ built, ms }) => {
        if (built) console.log(`[lianxin] 服务进程已构建 (processes built in ${(ms / 1000).toFixed(1)} s)`);
      });
  appsBuild.catch(() => undefined);
  const entry = (name: AppName) => (fromSource ? appEntries[name] : builtEntry(name));
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
    // The worker loads its workflow code built ahead instead of bundling it at every start.
    ...(fromSource ? {} : { [workflowBundleVariable]: path.join(appsDir, workflowBundleName) }),
  };
  const logDir = path.join(dataDir, 'logs');
  // From here on a server that dies is restarted (see stack-supervisor.ts).
  const servers = superviseStack(stack, { onEvent: reportEvent });
  const services = [
    { name: 'sinks', entry: entry('sinks'), port: sinksPort },
    { name: 'identity', entry: entry('identity'), port: identityPort },
    { name: 'cadres', entry: entry('cadres'), port: cadresPort },
    { name: 'residents', entry: entry('residents'), port: residentsPort },
    { name: 'notifications', entry: entry('notifications'), port: notificationsPort },
    { name: 'console', entry: entry('console'), port: consolePort },
  ];
  const url = (name: string) => `http://127.0.0.1:${services.find((s) => s.name === name)!.port}`;
  try {
    await Promise.all([consoleBuild, appsBuild]);
  } catch (error) {
    console.error(`[lianxin] ${(error as Error).message}`);
    await stack.stop();
    process.exit(1);
  }
  // Each process restarted when it exits, also while booting (see app-supervisor.ts).
  const apps = superviseApps([{ name: 'worker', entry: entry('worker'), nodeFlags: workerNodeFlags(env) }, ...services], { env, logDir, onEvent: reportEvent });
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
  processes      ${fromSource ? 'from source, through tsx (LIANXIN_RUN_FROM_SOURCE)' : `built, ${path.relative(repoRoot, appsDir)} (LIANXIN_RUN_FROM_SOURCE=1 runs the sources)`}
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
