// Runs before node_modules exists (plain Node, no dependencies): installs the project's npm
// packages when they are missing or the lockfile changed since the last successful install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockfile = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.lianxin-install-stamp');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[lianxin] 需要 Node.js 20.19 或更高版本 (found ${process.versions.node}).`);
  process.exit(1);
}

const wanted = existsSync(lockfile) ? createHash('sha256').update(readFileSync(lockfile)).digest('hex') : 'no-lockfile';
const current = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (current === wanted) process.exit(0);

// `npm install` rather than `npm ci`: npm 11 judges this lockfile out of sync over other platforms' optional
// swc binaries and refuses `ci`; `install` keeps the locked versions all the same.
const args = ['install', '--no-audit', '--no-fund'];
console.log(`[lianxin] installing npm packages (npm ${args[0]}) …`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('[lianxin] npm install failed; see the output above.');
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, `${wanted}\n`);
