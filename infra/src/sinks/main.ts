import path from 'node:path';
import { repoRoot } from '../cli/processes';
import { startMessageSinks, type MessageSinks } from './index';

/** How long stopping may take before the process exits anyway. */
const shutdownGraceMs = 10_000;

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} 不是有效端口: ${raw}`);
  return value;
}

/**
 * The message sinks as a process of their own (`node --import tsx infra/src/sinks/main.ts`), as
 * `npm start` runs its processes: configured by the environment, ready when `/readyz` answers 200,
 * stopped by SIGTERM, SIGINT or its supervisor going away.
 */
async function main(): Promise<void> {
  const dataDir = process.env.LIANXIN_DATA_DIR || path.join(repoRoot, '.data', 'dev');
  const dir = process.env.LIANXIN_SINKS_DIR || path.join(dataDir, 'sinks');
  const sinks: MessageSinks = await startMessageSinks({
    httpPort: port('LIANXIN_SINKS_HTTP_PORT', 8025),
    smtpPort: port('LIANXIN_SMTP_PORT', 1025),
    dir,
    ...(process.env.LIANXIN_SMS_GATEWAY_TOKEN ? { smsToken: process.env.LIANXIN_SMS_GATEWAY_TOKEN } : {}),
  });
  console.log(
    `[sinks] 本地短信网关与邮箱已就绪 (ready): 页面 ${sinks.httpUrl}/  短信网关 ${sinks.smsGatewayUrl}  SMTP 127.0.0.1:${sinks.smtpPort}  数据 ${dir}`,
  );

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[sinks] 正在停止 (${reason})`);
    setTimeout(() => {
      console.error('[sinks] 停止超时, 强制退出');
      process.exit(1);
    }, shutdownGraceMs).unref();
    sinks.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[sinks] 停止失败: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (process.send) process.on('disconnect', () => stop('supervisor gone'));
}

void main().catch((error: unknown) => {
  console.error(`[sinks] 启动失败: ${(error as Error).message}`);
  process.exit(1);
});
