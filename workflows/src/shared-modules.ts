import { z } from 'zod';

/**
 * What every order workflow's code imports and no workflow keeps state in: the zod library (not
 * the schemas built with it, which zod cannot have frozen). Listed in the bundle's
 * `preloadModules`, it is evaluated once per workflow thread and shared, frozen, by every
 * workflow, instead of once per workflow: each order in the worker's cache then holds its own
 * schemas only. (zod is marked free of side effects, so naming it directly would be dropped.)
 *
 * zod completes its global configuration (the default locale, the memoizer) when the first
 * schema is built; built here, before the freeze, nothing is written to it later. What zod keeps
 * across parses is keyed by schema in WeakMaps: caches of pure answers, nothing a workflow sees.
 */
z.object({ warmUp: z.array(z.string()) }).safeParse({ warmUp: [1] });

export { z };
