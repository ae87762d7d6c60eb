import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One command (or read) the generator sent for an order. */
export interface StepRecord {
  type: string;
  /** Who sent it: a username, `resident` (tracking code) or `anonymous`. */
  by: string;
  service: string;
  idempotencyKey?: string;
  at: string;
  outcome: 'ok' | 'refused' | 'failed';
  httpStatus?: number;
  /** A refusal's code (WrongState, NotYourOrder …) or a failure's last error. */
  code?: string;
  /** The order's status in the answer. */
  orderStatus?: string;
  attempts: number;
  /** Sent twice at once with the same key, to check the answers agree. */
  duplicated?: boolean;
}

/** One order the generator opened (or tried to), and what it did to it. */
export interface OrderRecord {
  seq: number;
  id?: string;
  trackingCode?: string;
  intakeKey: string;
  channel: string;
  kind: string;
  category: string;
  urgency: string;
  gridId: string;
  villageId: string;
  openedBy: string;
  plan: string;
  intake: 'opened' | 'replayed' | 'refused' | 'failed' | 'stopped';
  intakeAttempts: number;
  openedAt?: string;
  steps: StepRecord[];
  /** The status of the last successful answer. */
  lastStatus?: string;
  /** done: every step of the plan went through; abandoned: a step was refused or failed; interrupted: the run ended first. */
  life: 'running' | 'done' | 'abandoned' | 'interrupted';
  note?: string;
}

export interface KillRecord {
  at: string;
  target: string;
  pid?: number;
  outcome: 'killed' | 'not-running' | 'error';
  detail?: string;
}

export interface RunFile {
  runId: string;
  startedAt: string;
  endedAt: string;
  options: Record<string, unknown>;
  urls: Record<string, string>;
  summary: Record<string, unknown>;
  kills: KillRecord[];
  orders: OrderRecord[];
}

export function writeRunFile(dir: string, run: RunFile): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${run.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
  return file;
}
