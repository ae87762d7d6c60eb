import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureConsoleBuilt } from '@lianxin/console/build';
import { ensureInstalled } from '../install';
import { testSecrets } from '../secrets';
import { startMessageSinks, type MessageSinks } from '../sinks';
import { startStack } from '../stack';
import { browserTestEnvironment } from './browser-tests';
import { freePort, identityEnvironment, startIdentityProcess } from './identity-process';
import { repoRoot, run, type AppProcess } from './processes';
import { removeTestData } from './test-data';

/**
 * `npm test`: type-check and lint, bring up the real servers the tests need (or reuse running
 * ones), run every test with its own namespace, topic prefix and databases, then tear down.
 * One identity service (the OpenID provider) runs beside the servers for the whole run, on a
 * free port with the run's databases and fresh secrets; the tests get its issuer, audience and
 * the sample accounts' password. The run's own message sinks (SMS gateway and SMTP mailbox) take
 * the notices its services send. The servers' output goes to log files (`<data dir>/logs`,
 * with the identity service's and the Java test servers' there too), which a failed run keeps
 * in `.data/test-logs/<run>`.
 */
async function main(): Promise<number> {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const installed = await ensureInstalled();
  // Browser tests (test/src/browser/): a Chromium, installed from Debian's packages when missing,
  // and the console's ports, in the provider's redirect URIs and the services' CORS allow-list.
  const browser = await browserTestEnvironment();
  console.log('[test] type-check and lint');
  const quiet = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
  if ((await run(npx, ['turbo', 'run', 'typecheck', '--output-logs=errors-only'], quiet)) !== 0) return 1;
  if ((await run(npx, ['eslint', '--max-warnings', '0', '.'])) !== 0) return 1;

  // The console's browser app (for the browser tests), built once while the servers start, only when its sources changed.
  const consoleBuild = ensureConsoleBuilt({ onBuild: () => console.log('[test] building the console') });
  consoleBuild.catch(() => undefined);
  const identityPort = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-test-'));
  const stack = await startStack({ dataDir, namespaces: ['lianxin', 'lianxin-test'] });
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: stack.temporal.address,
    TEMPORAL_NAMESPACE: 'lianxin-test',
    KAFKA_BROKERS: stack.kafka.brokers.join(','),
    KAFKA_TOPIC_PREFIX: `test-${runId}.`,
    MONGO_URL: stack.mongo.url,
    MONGO_DB_PREFIX: `lxtest_${runId}`,
    LIANXIN_TEST_RUN_ID: runId,
    LIANXIN_TEMPORAL_TEST_SERVER: installed.temporalTestServer,
    LIANXIN_TEST_LOG_DIR: stack.logDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // The run's own provider: its issuer on the free port, the default audience and password.
    ...identityEnvironment({}, identityPort),
    ...testSecrets(),
    ...browser,
  };
  let status = 1;
  let identity: AppProcess | undefined;
  let sinks: MessageSinks | undefined;
  try {
    await consoleBuild;
    identity = await startIdentityProcess(env, stack.logDir);
    // The run's own SMS gateway and mailbox: notices sent in tests never reach a running system's.
    sinks = await startMessageSinks({ httpPort: 0, smtpPort: 0 });
    Object.assign(env, { LIANXIN_SMS_GATEWAY_URL: sinks.smsGatewayUrl, LIANXIN_SMTP_PORT: String(sinks.smtpPort), LIANXIN_SINKS_URL: sinks.httpUrl });
    status = await run(npx, ['jest', '--ci', ...process.argv.slice(2)], env);
    return status;
  } finally {
    await identity?.stop();
    await sinks?.close();
    await removeTestData({
      brokers: stack.kafka.brokers,
      mongoUrl: stack.mongo.url,
      topicPrefix: env.KAFKA_TOPIC_PREFIX!,
      dbPrefix: env.MONGO_DB_PREFIX!,
    }).catch((error: unknown) => console.warn(`[test] could not remove test data: ${(error as Error).message}`));
    await stack.stop();
    if (status !== 0 && existsSync(stack.logDir)) {
      const kept = path.join(repoRoot, '.data', 'test-logs', runId);
      cpSync(stack.logDir, kept, { recursive: true });
      console.log(`[test] server logs kept in ${path.relative(process.cwd(), kept)}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test] ${(error as Error).message}`);
    process.exit(1);
  },
);
