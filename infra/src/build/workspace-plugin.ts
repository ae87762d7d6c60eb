import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Where an external package would be loaded from by a module in `fromDir`: the nearest
 * `node_modules/<name>` walking up to `repoRoot`, or undefined when none is installed.
 */
function installedFrom(name: string, fromDir: string, repoRoot: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(candidate)) return candidate;
    if (dir === repoRoot || path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The workspace's own code into the bundle, everything else left to Node at run time:
 * - `@lianxin/*` (TypeScript sources) is bundled; any other package stays an external
 *   `require()`, resolved from `<repo>/node_modules` when the process runs (native parts such as
 *   the Temporal core bridge or swc must stay where npm put them). A package that a source module
 *   would load from a workspace's own `node_modules` (another version than the root's) fails the
 *   build, since the bundle would silently load the root's.
 * - `__dirname` (and `__filename`) in a source module keep meaning that module's folder (file),
 *   as under tsx: a module using them gets a local one, relative to the repository root as seen
 *   from the bundle, so the console's `dist/`, the sinks' data dir and the like are found from
 *   `.build/apps/` too. It is prepended on the first line: line numbers stay as in the source.
 */
export function workspacePlugin(options: { repoRoot: string; outDir: string }): Plugin {
  const rootFromBundle = path.relative(options.outDir, options.repoRoot).split(path.sep).join('/') || '.';
  return {
    name: 'lianxin-workspace',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@lianxin/')) return undefined; // the workspace: resolved and bundled
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const name = packageName(args.path);
        const fromImporter = installedFrom(name, args.resolveDir, options.repoRoot);
        const fromRoot = path.join(options.repoRoot, 'node_modules', name);
        if (fromImporter === undefined) return { errors: [{ text: `${name} is not installed (imported by ${path.relative(options.repoRoot, args.importer)})` }] };
        if (fromImporter !== fromRoot) {
          return { errors: [{ text: `${name} is installed in ${path.relative(options.repoRoot, fromImporter)}: the bundle would load ${path.relative(options.repoRoot, fromRoot)} instead` }] };
        }
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.split(path.sep).includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        const dir = path.relative(options.repoRoot, path.dirname(args.path)).split(path.sep).join('/');
        const file = `${dir}/${path.basename(args.path)}`;
        const locals = [
          /\b__dirname\b/.test(source) ? `const __dirname = require("node:path").join(__lianxinRoot, ${JSON.stringify(dir)});` : '',
          /\b__filename\b/.test(source) ? `const __filename = require("node:path").join(__lianxinRoot, ${JSON.stringify(file)});` : '',
        ].join('');
        return { contents: locals + source, loader: 'ts' };
      });
      // First in the bundle, before any module's own `__dirname` (esbuild may name one so): the
      // repository root as seen from the bundle's real folder. The modules are ES modules, strict
      // as under tsx; the directive has to come before the banner's statement to count.
      build.initialOptions.banner = {
        ...build.initialOptions.banner,
        js: ['"use strict";', build.initialOptions.banner?.js, `var __lianxinRoot = require("node:path").resolve(__dirname, ${JSON.stringify(rootFromBundle)});`]
          .filter(Boolean)
          .join('\n'),
      };
    },
  };
}
