import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chaosTargets, configuredPort, findTargets, runChaos, type ChaosTarget } from './chaos';
import { defaultRetryPolicy, HttpClient } from './http';
import type { LoadContext, Urls } from './lifecycle';
import { Progress } from './progress';
import { writeRunFile, type KillRecord } from './record';
import { placesOfTheRegister } from './register';
import { describeCounts, percentile, Stats } from './stats';
import { Tokens } from './tokens';
import { Budget, Traffic, type Channel } from './traffic';

const repoRoot = path.resolve(__dirname, '../../..');

const usage = `npm run load -- [options]
  --rate N               orders per second, all channels (default 5)
  --minutes N            how long intake runs (default 10); then the lifecycles still running finish (--drain-seconds)
  --chaos                SIGKILL the worker, each service, Kafka, FerretDB, PostgreSQL and Temporal at seeded moments
  --seed N               seed of every random choice (default: random, printed)
  --arrivals poisson|even (default poisson)
  --residents-url URL    default RESIDENTS_URL or http://127.0.0.1:8081 (likewise --cadres-url, --notifications-url,
                         --identity-url: CADRES_URL 8082, NOTIFICATIONS_URL 8083, LIANXIN_OIDC_ISSUER/IDENTITY_URL 8084)
  --data-dir DIR         the npm start's LIANXIN_DATA_DIR, which chaos kills processes of (default LIANXIN_DATA_DIR or .data/dev)
  --web-per-minute N     anonymous web intakes per minute (default 15: the public limit is 20/60 s per address)
  --forwarded-for        give anonymous residents X-Forwarded-For addresses (only if LIANXIN_TRUST_PROXY trusts this host)
  --think MIN-MAX        seconds between a person's steps (default 0.5-4)
  --duplicate-share X    share of commands sent twice at once with one Idempotency-Key (default 0.05)
  --drain-seconds N      how long to wait for running lifecycles after intake ends (default 120)
  --chaos-spacing N      least seconds between kills (default 10); --chaos-rounds N kills per target (default 2)
  --chaos-targets a,b    a subset of ${chaosTargets.join(',')}
  --out DIR              where the run file goes (default .data/load)
`;

function number(name: string, raw: string | undefined, fallback: number, min = 0): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`--${name} must be a number ≥ ${min}`);
  return value;
}

function urlOf(raw: string | undefined, fallback: string): string {
  return (raw || fallback).replace(/\/+$/, '');
}

/** This process and its ancestors (npm, the shell …): never chaos targets. */
function ancestors(): Set<number> {
  const pids = new Set<number>([process.pid]);
  let pid = process.pid;
  for (let i = 0; i < 64 && pid > 1; i += 1) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      pids.add(pid);
    } catch {
      break;
    }
  }
  return pids;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      rate: { type: 'string' },
      minutes: { type: 'string' },
      chaos: { type: 'boolean', default: false },
      seed: { type: 'string' },
      arrivals: { type: 'string' },
      'residents-url': { type: 'string' },
      'cadres-url': { type: 'string' },
      'notifications-url': { type: 'string' },
      'identity-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'web-per-minute': { type: 'string' },
      'forwarded-for': { type: 'boolean', default: false },
      think: { type: 'string' },
      'duplicate-share': { type: 'string' },
      'drain-seconds': { type: 'string' },
      'chaos-spacing': { type: 'string' },
      'chaos-rounds': { type: 'string' },
      'chaos-targets': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const env = process.env;
  const rate = number('rate', values.rate, 5, 0.01);
  const minutes = number('minutes', values.minutes, 10, 0.05);
  const seed = Math.floor(number('seed', values.seed, Math.floor(Math.random() * 1_000_000)));
  const arrivals = values.arrivals ?? 'poisson';
  if (arrivals !== 'poisson' && arrivals !== 'even') throw new Error('--arrivals must be poisson or even');
  const [thinkMin, thinkMax] = (values.think ?? '0.5-4').split('-').map(Number);
  if (!Number.isFinite(thinkMin) || !Number.isFinite(thinkMax) || thinkMin! < 0 || thinkMax! < thinkMin!) throw new Error('--think must be MIN-MAX seconds');
  const urls: Urls = {
    residents: urlOf(values['residents-url'] ?? env.RESIDENTS_URL, `http://127.0.0.1:${env.RESIDENTS_PORT || 8081}`),
    cadres: urlOf(values['cadres-url'] ?? env.CADRES_URL, `http://127.0.0.1:${env.CADRES_PORT || 8082}`),
    notifications: urlOf(values['notifications-url'] ?? env.NOTIFICATIONS_URL, `http://127.0.0.1:${env.NOTIFICATIONS_PORT || 8083}`),
    identity: urlOf(values['identity-url'] ?? env.IDENTITY_URL ?? env.LIANXIN_OIDC_ISSUER, `http://127.0.0.1:${env.IDENTITY_PORT || 8084}`),
  };
  const dataDir = path.resolve(repoRoot, values['data-dir'] ?? env.LIANXIN_DATA_DIR ?? path.join('.data', 'dev'));
  const durationMs = minutes * 60_000;
  const drainMs = number('drain-seconds', values['drain-seconds'], 120) * 1000;
  const chaosSelection = (values['chaos-targets']?.split(',').map((t) => t.trim()).filter(Boolean) ?? [...chaosTargets]) as ChaosTarget[];
  const unknownTargets = chaosSelection.filter((t) => !(chaosTargets as readonly string[]).includes(t));
  if (unknownTargets.length > 0) throw new Error(`unknown chaos targets: ${unknownTargets.join(', ')} (known: ${chaosTargets.join(', ')})`);
  const runId = `load${Date.now().toString(36)}`;
  const startedAt = new Date();

  const stats = new Stats();
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // every waiting request and sleep listens to it
  const http = new HttpClient(stats, defaultRetryPolicy, controller.signal);
  const tokens = new Tokens(http, urls.identity, env.LIANXIN_DEV_PASSWORD || 'lianxin-dev');
  const progress = new Progress(stats, durationMs);
  const trackingBudget = new Budget(80);
  const ctx: LoadContext = {
    http,
    tokens,
    urls,
    stats,
    progress,
    stop: controller.signal,
    runId,
    thinkMs: [thinkMin! * 1000, thinkMax! * 1000],
    duplicateShare: number('duplicate-share', values['duplicate-share'], 0.05),
    takeTrackingRead: () => trackingBudget.take(),
  };

  // Preflight: the services answer, and (for chaos) the processes of the data dir are the ones serving these URLs.
  for (const [name, url] of Object.entries({ residents: urls.residents, cadres: urls.cadres, notifications: urls.notifications })) {
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    if (!ready?.ok) throw new Error(`${name} at ${url} is not ready (${ready ? `HTTP ${ready.status}` : 'no answer'}); is npm start running?`);
  }
  const protectedPids = ancestors();
  let chaosTargetsFound: ChaosTarget[] = [];
  if (values.chaos) {
    const found = findTargets(dataDir, protectedPids);
    const residents = found.get('residents');
    if (!residents) throw new Error(`--chaos: no residents process of an npm start with LIANXIN_DATA_DIR=${dataDir} (set --data-dir)`);
    const port = configuredPort(residents, 'RESIDENTS_PORT', 8081);
    if (String(port) !== new URL(urls.residents).port) {
      throw new Error(`--chaos: the npm start of ${dataDir} serves residents on port ${port}, not ${urls.residents}: refusing to kill another system's processes`);
    }
    chaosTargetsFound = chaosSelection.filter((t) => found.has(t));
    const missing = chaosSelection.filter((t) => !found.has(t));
    console.log(`[chaos] targets of ${dataDir}: ${chaosTargetsFound.map((t) => `${t}=${found.get(t)!.pid}`).join(' ')}`);
    if (missing.length > 0) console.log(`[chaos] not found (reused or not started by this npm start), never killed: ${missing.join(', ')}`);
  }

  const places = placesOfTheRegister();
  const channelWeights: Record<Channel, number> = { hotline: 40, open311: 20, wish_card: 30, web: 10 };
  const traffic = new Traffic(ctx, { rate, durationMs, arrivals, seed, webPerMinute: number('web-per-minute', values['web-per-minute'], 15), forwardedFor: values['forwarded-for'], channelWeights }, places);
  console.log(`load ${runId}: ${rate}/s for ${minutes} min (${arrivals}), seed ${seed}, ${places.length} grids, residents ${urls.residents}, cadres ${urls.cadres}${values.chaos ? ', chaos on' : ''}`);
  await traffic.setup();

  let interrupted = 0;
  process.on('SIGINT', () => {
    interrupted += 1;
    if (interrupted === 1) {
      progress.log('[load] interrupted: stopping intake and lifecycles, writing the run file (Ctrl-C again to quit at once)');
      controller.abort();
    } else {
      process.exit(130);
    }
  });

  const kills: KillRecord[] = [];
  progress.start();
  const chaos = values.chaos
    ? runChaos(
        {
          dataDir,
          seed,
          durationMs,
          minSpacingMs: number('chaos-spacing', values['chaos-spacing'], 10, 1) * 1000,
          rounds: Math.floor(number('chaos-rounds', values['chaos-rounds'], 2, 1)),
          log: (line) => progress.log(line),
          onKill: () => (stats.kills += 1),
          stop: controller.signal,
        },
        chaosTargetsFound,
        stats.startedAt,
        protectedPids,
        kills,
      )
    : Promise.resolve();
  await traffic.run();
  progress.phase = 'drain';
  const drained = await traffic.drain(drainMs);
  controller.abort(); // whatever is left is interrupted; chaos ends
  await chaos;
  await traffic.drain(5_000);
  progress.stop();

  const orders = traffic.orders;
  const byPlan = new Map<string, number>();
  const lives = new Map<string, number>();
  const finals = new Map<string, number>();
  const stepsOk = new Map<string, number>();
  for (const o of orders) {
    stats.count(byPlan, o.plan);
    stats.count(lives, o.life);
    if (o.lastStatus) stats.count(finals, o.lastStatus);
    for (const s of o.steps) if (s.outcome === 'ok') stats.count(stepsOk, s.type);
  }
  const latencyLines = [...stats.latencies]
    .filter(([label]) => label.startsWith('intake:') || label.startsWith('cmd:'))
    .sort()
    .map(([label, v]) => `${label} n=${v.length} p50=${percentile(v, 50)} p95=${percentile(v, 95)} p99=${percentile(v, 99)} max=${Math.max(...v)}`);
  const summary = {
    intakes: stats.intakesStarted,
    opened: stats.opened,
    openedByChannel: Object.fromEntries(stats.openedByChannel),
    intakeReplays: stats.intakeReplays,
    intakeFailed: stats.intakeFailed,
    commandsOk: stats.commandsOk,
    commandsOkAfterRetry: stats.commandsAfterRetry,
    retries: stats.retries,
    failed: stats.failed,
    refused: stats.refused,
    refusedByCode: Object.fromEntries(stats.refusedByCode),
    errors: Object.fromEntries(stats.errors),
    plans: Object.fromEntries(byPlan),
    lives: Object.fromEntries(lives),
    lastStatuses: Object.fromEntries(finals),
    kills: kills.length,
    drained,
  };
  const endedAt = new Date();
  const file = writeRunFile(values.out ? path.resolve(values.out) : path.join(repoRoot, '.data', 'load'), {
    runId,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    options: { rate, minutes, arrivals, seed, chaos: values.chaos, dataDir, thinkMs: ctx.thinkMs, duplicateShare: ctx.duplicateShare },
    urls: { ...urls },
    summary,
    kills,
    orders,
  });

  console.log(`
summary of ${runId} (seed ${seed}), ${Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)} s
  orders opened   ${stats.opened} of ${stats.intakesStarted} intakes (${describeCounts(stats.openedByChannel)}); replayed answers ${stats.intakeReplays}; intake failed ${stats.intakeFailed}
  commands        ok ${stats.commandsOk} (after a retry: ${stats.commandsAfterRetry}), retries ${stats.retries}, failed ${stats.failed}, refused ${stats.refused}
  refusals        ${describeCounts(stats.refusedByCode, 12) || 'none'}
  errors seen     ${describeCounts(stats.errors, 12) || 'none'}
  plans           ${describeCounts(byPlan, 12)}
  lifecycles      ${describeCounts(lives)}${drained ? '' : ' (drain timed out: the rest were interrupted)'}
  last statuses   ${describeCounts(finals, 12)}
  steps ok        ${describeCounts(stepsOk, 14)}
  kills           ${kills.length ? kills.map((k) => `${k.target}${k.outcome === 'killed' ? '' : `(${k.outcome})`}`).join(' ') : 'none'}
  latency (ms, including retries)
    ${latencyLines.join('\n    ')}
  run file        ${path.relative(process.cwd(), file) || file}`);
  const bad = (stats.errors.get('idempotency-mismatch') ?? 0) + (stats.errors.get('double-claim') ?? 0) + (stats.errors.get('generator-bug') ?? 0);
  return bad > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[load] ${(error as Error).message}`);
    process.exit(1);
  },
);
