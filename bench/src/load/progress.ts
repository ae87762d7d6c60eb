import { describeCounts, type Stats } from './stats';

const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * One progress line, rewritten about once a second on a terminal (a plain line every 10 s when
 * the output is not a terminal). `log()` prints a line above it (a chaos kill, a warning).
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private readonly tty = Boolean(process.stdout.isTTY);
  private lastPlain = 0;
  private shown = false;
  phase = 'load';

  constructor(
    private readonly stats: Stats,
    private readonly totalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.render(), 1_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.render(true);
    if (this.tty && this.shown) process.stdout.write('\n');
    this.shown = false;
  }

  log(line: string): void {
    if (this.tty && this.shown) process.stdout.write('\r\x1b[2K');
    process.stdout.write(`${line}\n`);
    this.shown = false;
    if (this.tty) this.render();
  }

  line(): string {
    const s = this.stats;
    const elapsed = Date.now() - s.startedAt;
    const fraction = Math.min(1, elapsed / this.totalMs);
    const width = 16;
    const filled = Math.round(fraction * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const channels = [...s.openedByChannel].map(([c, n]) => `${c} ${n}`).join(' ');
    const errors = s.errors.size > 0 ? ` | errors ${describeCounts(s.errors, 4)}` : '';
    return (
      `${bar} ${clock(elapsed)}/${clock(this.totalMs)} ${this.phase} | orders ${s.opened}` +
      (channels ? ` (${channels})` : '') +
      (s.intakeFailed ? ` intake-failed ${s.intakeFailed}` : '') +
      ` | cmds ok ${s.commandsOk} retried ${s.retries} failed ${s.failed} refused ${s.refused}` +
      ` | in-flight ${s.inFlight}` +
      (s.kills ? ` | kills ${s.kills}` : '') +
      errors
    );
  }

  private render(force = false): void {
    let text = this.line();
    if (this.tty) {
      const columns = process.stdout.columns || 160;
      if (text.length > columns - 1) text = `${text.slice(0, columns - 2)}…`;
      process.stdout.write(`\r\x1b[2K${text}`);
      this.shown = true;
      return;
    }
    if (force || Date.now() - this.lastPlain >= 10_000) {
      this.lastPlain = Date.now();
      process.stdout.write(`${text}\n`);
    }
  }
}
