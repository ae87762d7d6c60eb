import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InstallError } from '../src/install/build';
import { ferretDbPatches, patchFerretDbSource } from '../src/install/ferretdb-patches';

/** The patches on a stand-in module tree holding only the patched files. */
let tree: string;
beforeEach(() => {
  tree = mkdtempSync(path.join(os.tmpdir(), 'lianxin-ferretdb-patch-'));
});
afterEach(() => rmSync(tree, { recursive: true, force: true }));

function writeSource(file: string, text: string): string {
  const full = path.join(tree, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

describe('FerretDB source patches', () => {
  it('inserts each patch right after its anchor', () => {
    const files = ferretDbPatches.map((p) => writeSource(p.file, `before\n${p.anchor}after\n`));
    patchFerretDbSource(tree);
    ferretDbPatches.forEach((p, i) => expect(readFileSync(files[i]!, 'utf8')).toBe(`before\n${p.anchor}${p.insert}after\n`));
  });

  it('refuses a source without the anchor, or with it twice, naming the file', () => {
    const [patch] = ferretDbPatches;
    writeSource(patch!.file, 'package postgresql\n');
    expect(() => patchFerretDbSource(tree)).toThrow(InstallError);
    expect(() => patchFerretDbSource(tree)).toThrow(/query\.go lacks/);
    writeSource(patch!.file, `${patch!.anchor}${patch!.anchor}`);
    expect(() => patchFerretDbSource(tree)).toThrow(/query\.go has more than one copy/);
  });
});
