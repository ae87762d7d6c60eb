// Runs before node_modules exists (plain Node, no dependencies): installs the project's npm
// packages when node_modules is missing or package-lock.json changed since the last successful
// install (its hash is kept in node_modules/.lianxin-install-stamp). Exits non-zero on failure.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockfile = path.join(root, 'package-lock.json');
const modules = path.join(root, 'node_modules');
const stamp = path.join(modules, '.lianxin-install-stamp');
const say = (message) => console.log(`[bootstrap] ${message}`);
const fail = (message) => {
  console.error(`[bootstrap] ${message}`);
  process.exit(1);
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`需要 Node.js 20.19+ (Node.js 20.19 or newer is needed; found ${process.versions.node}).`);

const lockHash = () => (existsSync(lockfile) ? createHash('sha256').update(readFileSync(lockfile)).digest('hex') : 'no-lockfile');
const installedFor = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;
if (existsSync(modules) && installedFor === lockHash()) process.exit(0);

const reason = !existsSync(modules) ? 'node_modules is missing' : installedFor === undefined ? 'no install stamp yet' : 'package-lock.json changed';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const flags = ['--no-audit', '--no-fund'];

/** Runs npm with its output shown live; resolves to its status and what it wrote to stderr. */
function runNpm(args) {
  say(`${reason}: npm ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(npm, args, { cwd: root, stdio: ['inherit', 'inherit', 'pipe'], shell: process.platform === 'win32' });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderr += chunk.toString();
    });
    child.once('error', (error) => fail(`npm could not be run: ${error.message}`));
    child.once('close', (code) => resolve({ status: code ?? 1, stderr }));
  });
}

// `npm ci` only: the lockfile is the truth, installed as it is on every machine. A lockfile npm
// refuses (out of sync with a package.json) is an error to fix with `npm install` and commit,
// never a silent re-resolve that leaves a fresh clone with a different tree and a dirty checkout.
if (!existsSync(lockfile)) fail('package-lock.json is missing: run `npm install` once and commit it.');
const result = await runNpm(['ci', ...flags]);
if (result.status !== 0 && /can only install packages when your package\.json and package-lock\.json/.test(result.stderr)) {
  fail('npm ci 拒绝了 package-lock.json (the lockfile is out of sync with a package.json): run `npm install`, then commit package-lock.json.');
}
if (result.status !== 0) fail(`npm failed (exit ${result.status}); see its output above.`);
writeFileSync(stamp, `${lockHash()}\n`);
say('npm packages installed');
