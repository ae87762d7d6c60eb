import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSystem, type RunningSystem } from './harness';

/**
 * The README's walkthrough, run as a newcomer would paste it: the bash block after the
 * `<!-- walkthrough -->` marker, extracted from the README and run verbatim with bash against
 * the running system (its own ports here instead of 8081/8082/8083, and the run's identity
 * provider for `npm run token`). A README that no longer works fails this test.
 */
const repoRoot = path.resolve(__dirname, '../..');

/** The bash block after `<!-- marker -->` in the README. */
function readmeBlock(marker: string): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- ${marker} -->\\s*\`\`\`bash\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match) throw new Error(`README.md has no bash block after <!-- ${marker} -->`);
  return match[1]!;
}

function runBash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: repoRoot, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

let system: RunningSystem;
beforeAll(async () => {
  system = await startSystem('readme');
});
afterAll(async () => {
  await system?.close();
});

/** The block with the system's own ports instead of the defaults 8081/8082/8083. */
function onThisSystem(script: string): string {
  const port = (url: string) => new URL(url).port;
  return script
    .replace(/\b8081\b/g, port(system.residents.url))
    .replace(/\b8082\b/g, port(system.cadres.url))
    .replace(/\b8083\b/g, port(system.notifications.url));
}

describe('the README walkthrough', () => {
  it('works one order from the hotline to 销号 exactly as written', async () => {
    const { code, stdout, stderr } = await runBash(onThisSystem(readmeBlock('walkthrough')));
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^order LX\d{8}-[2-9A-Z]{8}, tracking code [2-9A-Z]{4}-[2-9A-Z]{4}$/);
    // The statuses, step by step, then the timeline.
    expect(lines.slice(1, 5)).toEqual(['待受理', 'accepted', 'dispatched', 'signed']);
    expect(JSON.parse(lines[5]!)).toMatchObject({ resident: { name: '王秀英', phone: '13912345678' } });
    expect(lines.slice(6, 10)).toEqual(['in_progress', 'in_progress', 'resolved', 'closed']);
    expect(lines.slice(10).map((line) => line.replace(/^\S+ /, ''))).toEqual(
      expect.arrayContaining([expect.stringContaining('受理'), expect.stringContaining('派'), expect.stringContaining('回访')]),
    );
  }, 120_000);

  it('speaks Open311 exactly as the README shows: a key, discovery, services, a POST, the open requests', async () => {
    const { code, stdout, stderr } = await runBash(onThisSystem(readmeBlock('open311')));
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('"specification":"http://wiki.open311.org/GeoReport_v2"');
    expect(stdout).toContain('<service_code>concern.road-safety</service_code>');
    const posted = /"service_request_id":"(LX\d{8}-[2-9A-Z]{8})"/.exec(stdout)?.[1];
    expect(posted).toBeDefined();
    // The open requests, read back in XML, hold the one just posted.
    expect(stdout).toMatch(new RegExp(`<service_requests>[\\s\\S]*<service_request_id>${posted}</service_request_id>`));
    expect(stdout).not.toContain('13912345678');
  }, 120_000);
});
