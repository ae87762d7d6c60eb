import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InstallError } from './build';

/**
 * Source patches applied to FerretDB's module source before it is built. A change here changes
 * the build: bump `ferretdbPatch` in infra/versions.json, which names the cache folder
 * (`ferretdb-<version>-<patch>`), so no cache built without it is used.
 */
interface SourcePatch {
  /** Path inside the module, e.g. internal/backends/postgresql/query.go. */
  file: string;
  /** Text that must occur exactly once; `insert` goes right after it. */
  anchor: string;
  insert: string;
}

/**
 * `_id` equality pushed down to the `_id` index. FerretDB 1.24's PostgreSQL backend writes every
 * equality filter as `_jsonb->$1 @> $2`, with the key as a parameter, so PostgreSQL cannot match
 * it to the collection's unique index on `(_jsonb->'_id')`: even `{ _id: 'x' }` is a sequential
 * scan (about 23 ms per findOne at 10k documents, growing with the collection). Written as
 * `_jsonb->'_id' = $n`, the expression of that index, it is an Index Scan (about 2 ms at 100k).
 * Only string and ObjectID values are rewritten. The SQL compares JSON forms only (a string
 * spelling an ObjectID's hex matches that ObjectID too), which is safe: FerretDB still filters
 * every document PostgreSQL returns by type and value, so the pushdown only narrows what is read.
 */
const idEqualityPushdown: SourcePatch = {
  file: 'internal/backends/postgresql/query.go',
  anchor: `
		if strings.HasPrefix(rootKey, "$") {
			continue
		}
`,
  insert: `
		// lianxin patch: \`_id\` equality as \`_jsonb->'_id' = $n\`, the expression of the unique \`_id\` index
		if rootKey == "_id" {
			switch v := rootVal.(type) {
			case string, types.ObjectID:
				filters = append(filters, fmt.Sprintf(\`%s = %s\`, metadata.IDColumn, p.Next()))
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
				continue
			}
		}
`,
};

export const ferretDbPatches: readonly SourcePatch[] = [idEqualityPushdown];

/** Applies every patch to the (writable) module source in `tree`; fails when an anchor is not there exactly once. */
export function patchFerretDbSource(tree: string): void {
  for (const patch of ferretDbPatches) {
    const file = path.join(tree, patch.file);
    const source = readFileSync(file, 'utf8');
    const at = source.indexOf(patch.anchor);
    if (at < 0 || source.indexOf(patch.anchor, at + 1) >= 0) {
      throw new InstallError(
        `FerretDB 源码补丁无法应用 (the FerretDB source patch no longer applies): ${patch.file} ` +
          `${at < 0 ? 'lacks' : 'has more than one copy of'} the text the patch goes after; ` +
          'update infra/src/install/ferretdb-patches.ts for this FerretDB version.',
      );
    }
    const end = at + patch.anchor.length;
    writeFileSync(file, source.slice(0, end) + patch.insert + source.slice(end));
  }
}
