import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import {
  formatDeadLetterList,
  formatReplayOutcome,
  listDeadLetters,
  replayDeadLetters,
  replaySummary,
  type FromOffset,
  type ReplayResult,
} from './dead-letters';

/**
 * `npm run dlq -- list | replay`: the order-event dead letters of the deployment the environment
 * names (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX; the defaults reach `npm start`'s). Needs Kafka only,
 * no secrets: values are shown and copied as stored. Exit 0 when done, 1 on any failure.
 * How replay keeps its place and what `--group` does: dead-letters.ts.
 */

const usage = `usage:
  npm run dlq -- list [--group <consumer group>] [--limit N]
      each dead letter (oldest first, at most N), then a count per refusing group and reason
  npm run dlq -- replay [--group <consumer group>] [--from-offset [<partition>/]<offset>]… [--dry-run]
      republishes the dead letters not replayed yet onto their source topic, once each
      --group        only those this consumer group refused (with or without the topic prefix);
                     such runs keep their own place, <prefix>dlq-replay.<group>
      --from-offset  start at this dead-letter offset (on one partition, or on all) instead of
                     where the last run of this kind stopped; may be given several times
      --dry-run      print what would be replayed; republish and commit nothing
      Ctrl-C stops after the record in hand (republished and committed); run it again to go on
`;

class UsageError extends Error {}

/** Which deployment the command talks to, for the failure message. */
let where = '';

function nonNegativeInteger(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what}: expected a whole number, got "${text}"`);
  return Number(text);
}

function parseFromOffsets(values: string[]): FromOffset[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => {
      const [first, second, ...rest] = value.trim().split('/');
      if (rest.length > 0 || first === undefined) throw new UsageError(`--from-offset: expected <offset> or <partition>/<offset>, got "${value}"`);
      return second === undefined
        ? { offset: nonNegativeInteger(first, '--from-offset') }
        : { partition: nonNegativeInteger(first, '--from-offset partition'), offset: nonNegativeInteger(second, '--from-offset') };
    });
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        group: { type: 'string' },
        limit: { type: 'string' },
        'from-offset': { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const config = loadConfig();
  where = `Kafka ${config.kafka.brokers.join(',')}, topic prefix "${config.kafka.topicPrefix}"`;
  // stdout is the report. kafkajs's own lines (connection retries …) go to stderr, and only when
  // LOG_LEVEL asks for them: a failure ends with its reason anyway.
  const log = createLogger('dlq', process.env.LOG_LEVEL ?? 'silent', pino.destination(2));
  const group = values.group;
  switch (command) {
    case 'list': {
      if (values['from-offset'] || values['dry-run']) throw new UsageError('list takes only --group and --limit');
      const limit = values.limit === undefined ? undefined : nonNegativeInteger(values.limit, '--limit');
      const list = await listDeadLetters(config, { log, ...(group !== undefined ? { group } : {}), ...(limit !== undefined ? { limit } : {}) });
      process.stdout.write(`${formatDeadLetterList(list).join('\n')}\n`);
      return;
    }
    case 'replay': {
      if (values.limit !== undefined) throw new UsageError('replay takes no --limit');
      const fromOffset = parseFromOffsets(values['from-offset'] ?? []);
      const dryRun = values['dry-run'] ?? false;
      // Counted as it goes, so that a run that fails half-way still says what it did.
      const sofar = { replayed: 0, toReplay: 0, skipped: 0 };
      // Ctrl-C (or SIGTERM): finish and commit the record in hand, then stop; a second one stops at once.
      const interruption = new AbortController();
      const interrupt = () => {
        if (interruption.signal.aborted) process.exit(1);
        process.stderr.write('stopping after the record in hand (again to stop at once)\n');
        interruption.abort();
      };
      process.on('SIGINT', interrupt);
      process.on('SIGTERM', interrupt);
      let result: ReplayResult;
      try {
        result = await replayDeadLetters(config, {
          log,
          dryRun,
          signal: interruption.signal,
          ...(group !== undefined ? { group } : {}),
          ...(fromOffset.length > 0 ? { fromOffset } : {}),
          onOutcome: (outcome) => {
            if (outcome.action === 'skipped') sofar.skipped += 1;
            else sofar.toReplay += 1;
            if (outcome.action === 'replayed') sofar.replayed += 1;
            process.stdout.write(`${formatReplayOutcome(outcome)}\n`);
          },
        });
      } catch (error) {
        process.stdout.write(`${replaySummary({ ...sofar, dryRun, interrupted: false })} — stopped by an error\n`);
        throw error;
      }
      process.stdout.write(`${replaySummary(result)}\n`);
      if (result.interrupted) throw new Error('interrupted before the end of the dead-letter topic; run it again to go on');
      return;
    }
    case undefined:
      throw new UsageError('a command is needed: list or replay');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(error instanceof UsageError ? `${error.message}\n${usage}` : `dlq failed${where ? ` (${where})` : ''}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
