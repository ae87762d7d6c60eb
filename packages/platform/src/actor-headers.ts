import type { Request } from 'express';
import { Actor } from '@lianxin/contracts';
import { parseOrProblem } from './problem';

/**
 * The acting person, as the gateway passes it in `X-Actor-Id`, `X-Actor-Role`,
 * `X-Actor-Organisation` and `X-Actor-Name` (URI-encoded). Authentication is the gateway's job.
 */
export function actorFromHeaders(req: Request, fallback?: Actor): Actor {
  const id = req.header('x-actor-id');
  if (!id && fallback) return fallback;
  const organisationId = req.header('x-actor-organisation');
  const name = req.header('x-actor-name');
  let decodedName: string | undefined;
  try {
    decodedName = name ? decodeURIComponent(name) : undefined;
  } catch {
    decodedName = name;
  }
  return parseOrProblem(
    Actor,
    {
      id,
      role: req.header('x-actor-role'),
      ...(organisationId ? { organisationId } : {}),
      ...(decodedName ? { name: decodedName } : {}),
    },
    '操作人信息',
  );
}
