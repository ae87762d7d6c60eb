import { accessSync, constants } from 'node:fs';
import { defaultLog, versions, type Log } from '../paths';
import { compareVersions, exec, InstallError } from './build';

/** The Debian packages the browser tests need: the browser, and CJK fonts so zh-CN pages render (and screenshot) as people see them. */
export const chromiumPackages = ['chromium', 'fonts-noto-cjk'] as const;

/** Where Debian's `chromium` package puts its launcher. */
export const debianChromium = '/usr/bin/chromium';

const minimum = versions.requires.chromium;

const installCommand = `apt-get update && apt-get install -y --no-install-recommends ${chromiumPackages.join(' ')}`;

export const chromiumHint =
  `浏览器测试需要 Chromium ${minimum}+ 和中文字体 (the browser tests need Chromium ${minimum}+ and CJK fonts): ` +
  `以 root 运行 (run as root) \`${installCommand}\`，` +
  '或把已安装的 Chromium 路径写入 LIANXIN_CHROMIUM (or point LIANXIN_CHROMIUM at an installed Chromium). ' +
  '这里无法从网上下载浏览器 (browser downloads from the internet do not work here: no `playwright install`).';

export interface InstalledChromium {
  /** The browser to launch (`executablePath` of playwright-core). */
  executable: string;
  /** As `--version` reports it, e.g. `156.0.8078.108`. */
  version: string;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The version `file --version` reports (Debian's launcher prints `Chromium 156.0.8078.108 built on Debian …`). */
async function versionOf(file: string): Promise<string> {
  let output: string;
  try {
    output = await exec(file, ['--version']);
  } catch (error) {
    throw new InstallError(`${file} 无法运行 (does not run). ${chromiumHint}\n${(error as Error).message}`);
  }
  const found = /(?:Chromium|Chrome)\D*(\d+(?:\.\d+)+)/.exec(output)?.[1];
  if (found === undefined) throw new InstallError(`${file} 不是 Chromium (\`--version\` said: ${output.trim().split('\n').pop()}). ${chromiumHint}`);
  if (compareVersions(found, minimum) < 0) throw new InstallError(`Chromium ${found} 太旧 (too old; need ${minimum}+). ${chromiumHint}`);
  return found;
}

/** Whether fontconfig knows a font covering Chinese (without one every 汉字 renders as a box). */
async function hasCjkFont(): Promise<boolean> {
  try {
    return (await exec('fc-list', [':lang=zh', 'family'])).trim().length > 0;
  } catch {
    return false;
  }
}

const isRoot = () => process.getuid?.() === 0;

async function aptInstall(log: Log, packages: readonly string[]): Promise<void> {
  if (!isRoot()) {
    throw new InstallError(`缺少 ${packages.join('、')}，需要 root 权限安装 (missing ${packages.join(', ')}; installing needs root). ${chromiumHint}`);
  }
  if (!executable('/usr/bin/apt-get')) throw new InstallError(`缺少 ${packages.join('、')}，且本机没有 apt-get (missing, and this is not Debian/Ubuntu). ${chromiumHint}`);
  log(`installing ${packages.join(' ')} with apt-get (first run only; a few minutes) …`);
  // Waits for another apt or dpkg run instead of failing on its lock.
  const wait = ['-o', 'DPkg::Lock::Timeout=600'];
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await exec('apt-get', [...wait, 'update'], { env });
    await exec('apt-get', [...wait, 'install', '-y', '--no-install-recommends', ...packages], { env });
  } catch (error) {
    throw new InstallError(`apt-get 安装 ${packages.join('、')} 失败 (apt-get install failed). ${chromiumHint}\n${(error as Error).message}`);
  }
}

/**
 * A Chromium for the browser tests: `LIANXIN_CHROMIUM` when set (it must run), else Debian's
 * `/usr/bin/chromium`; when that is missing, installs the Debian packages with apt-get (as root;
 * otherwise fails saying what to run). Browsers are not downloaded from the internet. Fonts for
 * Chinese are installed beside Debian's browser when missing, and only warned about for a browser
 * given by `LIANXIN_CHROMIUM`.
 */
export async function ensureChromium(log: Log = defaultLog, env: NodeJS.ProcessEnv = process.env): Promise<InstalledChromium> {
  const given = env.LIANXIN_CHROMIUM?.trim();
  if (given) {
    if (!executable(given)) throw new InstallError(`LIANXIN_CHROMIUM=${given} 不存在或不可执行 (is not an executable file). ${chromiumHint}`);
    const version = await versionOf(given);
    if (!(await hasCjkFont())) log(`warning: no font for Chinese found (fc-list :lang=zh); zh-CN pages will render as boxes — install fonts-noto-cjk`);
    return { executable: given, version };
  }
  const missing = [
    ...(executable(debianChromium) ? [] : ['chromium']),
    ...((await hasCjkFont()) ? [] : ['fonts-noto-cjk']),
  ];
  if (missing.length > 0) await aptInstall(log, missing);
  const version = await versionOf(debianChromium);
  if (missing.length > 0) log(`Chromium ${version} installed at ${debianChromium}`);
  return { executable: debianChromium, version };
}
