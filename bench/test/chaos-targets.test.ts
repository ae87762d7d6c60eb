import path from 'node:path';
import { chaosTargetOf, type ProcessInfo } from '../src/load/chaos';

const repo = '/srv/lianxin';
const dataDir = `${repo}/.data/dev`;
const ours = new Map([['LIANXIN_DATA_DIR', dataDir]]);
const proc = (args: string[], env = new Map<string, string>(), cwd = repo): ProcessInfo => ({ pid: 4242, args, cwd, env });

describe('what chaos may kill of one npm start', () => {
  it('finds its apps run built (as npm start runs them) or from source', () => {
    expect(chaosTargetOf(proc(['/usr/bin/node', '--enable-source-maps', '--max-semi-space-size=2', `${repo}/.build/apps/residents.js`], ours), dataDir)).toBe('residents');
    expect(chaosTargetOf(proc(['/usr/bin/node', '--max-old-space-size=384', '--enable-source-maps', `${repo}/.build/apps/worker.js`], ours), dataDir)).toBe('worker');
    expect(chaosTargetOf(proc(['/usr/bin/node', '--import', 'tsx', `${repo}/services/cadres/src/main.ts`], ours), dataDir)).toBe('cadres');
    expect(chaosTargetOf(proc(['node', '.build/apps/sinks.js'], new Map([['LIANXIN_DATA_DIR', '.data/dev']])), dataDir)).toBe('sinks');
  });

  it('finds its servers by their files in its data dir: the PostgreSQL postmaster, not its backends', () => {
    expect(chaosTargetOf(proc(['java', '-Xms32m', '-cp', 'libs/*', 'kafka.Kafka', `${dataDir}/kafka/server.properties`]), dataDir)).toBe('kafka');
    expect(chaosTargetOf(proc(['/opt/temporal', 'server', 'start-dev', '--db-filename', `${dataDir}/temporal/temporal.sqlite`]), dataDir)).toBe('temporal');
    expect(chaosTargetOf(proc(['/opt/ferretdb', `--state-dir=${dataDir}/ferretdb`]), dataDir)).toBe('ferretdb');
    expect(chaosTargetOf(proc(['/usr/lib/postgresql/17/bin/postgres', '-D', path.join(dataDir, 'postgresql', 'data')]), dataDir)).toBe('postgresql');
    expect(chaosTargetOf(proc(['postgres: checkpointer']), dataDir)).toBeUndefined();
  });

  it('leaves alone another system on the machine, and what is not an app (the console)', () => {
    const theirs = new Map([['LIANXIN_DATA_DIR', '/tmp/other/.data/dev']]);
    expect(chaosTargetOf(proc(['/usr/bin/node', `/tmp/other/.build/apps/residents.js`], theirs), dataDir)).toBeUndefined();
    expect(chaosTargetOf(proc(['/usr/bin/node', `${repo}/.build/apps/residents.js`]), dataDir)).toBeUndefined();
    expect(chaosTargetOf(proc(['java', 'kafka.Kafka', '/tmp/other/.data/dev/kafka/server.properties']), dataDir)).toBeUndefined();
    expect(chaosTargetOf(proc(['/usr/bin/node', `${repo}/.build/apps/console.js`], ours), dataDir)).toBeUndefined();
  });
});
