import { logLevel, type LogEntry } from 'kafkajs';
import { levelOfKafkaEntry } from '../src/kafka';

const entry = (namespace: string, level: logLevel, message: string, error?: string): LogEntry => ({
  namespace,
  level,
  label: logLevel[level],
  log: { timestamp: new Date().toISOString(), logger: 'kafkajs', message, ...(error ? { error } : {}) },
});

describe('kafkajs entries in our logs', () => {
  it('tells a routine rebalance and a settling cluster apart from real errors', () => {
    expect(levelOfKafkaEntry(entry('Connection', logLevel.ERROR, 'Response Heartbeat(key: 12, version: 3)', 'The group is rebalancing, so a rejoin is needed'))).toBe('info');
    expect(levelOfKafkaEntry(entry('Runner', logLevel.WARN, 'The group is rebalancing, re-joining', 'The group is rebalancing, so a rejoin is needed'))).toBe('info');
    expect(levelOfKafkaEntry(entry('Connection', logLevel.ERROR, 'Response JoinGroup(key: 11, version: 5)', "The coordinator is loading and hence can't process requests"))).toBe('info');
  });

  it('leaves a failed handler to the consumer\'s own log line (it names the record), not a second one', () => {
    expect(levelOfKafkaEntry(entry('Runner', logLevel.ERROR, 'Error when calling eachMessage', 'event handler failed'))).toBe('debug');
  });

  it('keeps kafkajs level for everything else', () => {
    expect(levelOfKafkaEntry(entry('Connection', logLevel.ERROR, 'Connection error', 'connect ECONNREFUSED 127.0.0.1:9092'))).toBe('error');
    expect(levelOfKafkaEntry(entry('Consumer', logLevel.WARN, 'Consumer crashed'))).toBe('warn');
    expect(levelOfKafkaEntry(entry('Consumer', logLevel.INFO, 'Starting'))).toBe('info');
  });
});
