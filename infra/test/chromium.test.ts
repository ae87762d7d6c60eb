import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consolePorts } from '../src/cli/browser-tests';
import { ensureChromium } from '../src/install/chromium';

/** Finding the browser tests' Chromium from LIANXIN_CHROMIUM, and the console's ports. */

let dir: string;
const quiet = () => undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lianxin-chromium-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A stand-in browser: a script answering `--version` as `said`. */
function fakeBrowser(name: string, said: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho '${said}'\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('ensureChromium', () => {
  it('takes LIANXIN_CHROMIUM and reports its version, as Debian and Google builds print it', async () => {
    const debian = fakeBrowser('debian', 'Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)');
    await expect(ensureChromium(quiet, { LIANXIN_CHROMIUM: debian })).resolves.toEqual({ executable: debian, version: '156.0.8078.108' });
    const google = fakeBrowser('google', 'Google Chrome 131.0.6778.85 ');
    await expect(ensureChromium(quiet, { LIANXIN_CHROMIUM: google })).resolves.toMatchObject({ version: '131.0.6778.85' });
  });

  it('refuses a browser that is missing, too old or not Chromium, saying what to install', async () => {
    await expect(ensureChromium(quiet, { LIANXIN_CHROMIUM: path.join(dir, 'nothing') })).rejects.toThrow(/LIANXIN_CHROMIUM=.*不存在或不可执行.*apt-get install -y --no-install-recommends chromium fonts-noto-cjk/);
    await expect(ensureChromium(quiet, { LIANXIN_CHROMIUM: fakeBrowser('old', 'Chromium 90.0.4430.212') })).rejects.toThrow(/Chromium 90\.0\.4430\.212 太旧 \(too old; need \d+\+\)/);
    await expect(ensureChromium(quiet, { LIANXIN_CHROMIUM: fakeBrowser('firefox', 'Mozilla Firefox 128.0') })).rejects.toThrow(/不是 Chromium/);
  });
});

describe('consolePorts', () => {
  it('picks distinct ports that are free, below the ephemeral range', async () => {
    const ports = await consolePorts(4);
    expect(new Set(ports).size).toBe(4);
    const range = existsSync('/proc/sys/net/ipv4/ip_local_port_range') ? readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8') : '32768';
    const ephemeralFrom = Number(range.trim().split(/\s+/)[0]);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralFrom);
    }
  });
});
