import { describeExit } from '../servers/exit-status';
import { formatDelay, type SupervisorEvent } from './supervisor';

/**
 * One console line per supervisor event, zh-CN first and English second, naming the log file:
 * `[lianxin] worker 异常退出 (exited: signal SIGKILL)，1 s 后重启 (restart #1)；日志 (log): …/worker.log`.
 */
export function describeEvent(event: SupervisorEvent, prefix = '[lianxin]'): string {
  const log = event.logFile ? `；日志 (log): ${event.logFile}` : '';
  const who = `${prefix} ${event.name}`;
  switch (event.kind) {
    case 'exit':
      return `${who} 异常退出 (exited: ${describeExit(event.status)})，${formatDelay(event.delayMs)} 后重启 (restart #${event.restart})${log}`;
    case 'start-failed':
      return `${who} 启动失败 (start failed: ${firstLine(event.error)})，${formatDelay(event.delayMs)} 后重试 (restart #${event.restart})${log}`;
    case 'restart-requested':
      return `${who} 正在重启 (restarting, restart #${event.restart})${event.reason ? `：${event.reason}` : ''}`;
    case 'up':
      return event.ready
        ? `${who} 已恢复并就绪 (back up and ready after restart #${event.restart})`
        : `${who} 已重新运行 (running again after restart #${event.restart})`;
    case 'not-ready':
      return `${who} 重启后未就绪 (not ready after restart #${event.restart}: ${firstLine(event.error)})${log}`;
  }
}

/** Prints the event's line: trouble on stderr, recovery on stdout. */
export function reportEvent(event: SupervisorEvent): void {
  const line = describeEvent(event);
  if (event.kind === 'up' || event.kind === 'restart-requested') console.log(line);
  else console.error(line);
}

/** An error's first line (a server's start error carries its log's last lines after it; the log path is given anyway). */
function firstLine(error: Error): string {
  return String(error?.message ?? error).split('\n')[0]!;
}
