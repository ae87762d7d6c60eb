import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { routeAccess, type Actor, type ActorRole, type RouteName } from '@lianxin/contracts';
import { HttpProblem, unavailableProblem } from '../problem';
import { InvalidToken, IssuerUnavailable, type Principal, type TokenVerifier } from './token-verifier';

/** Records a refused access (an audit trail, in the services); must not throw. */
export type AccessDeniedRecorder = (denial: { principal?: Principal; route: string; reason: string; status: 401 | 403; req: Request }) => void;

const principalKey = 'lianxinPrincipal';

function unauthorized(detail: string, error?: string): HttpProblem {
  const challenge = error ? `Bearer realm="lianxin", error="${error}"` : 'Bearer realm="lianxin"';
  return new HttpProblem(401, 'unauthorized', '请先登录', detail, {}, { 'WWW-Authenticate': challenge });
}

/**
 * Reads `Authorization: Bearer <jwt>` on every request. A valid token makes the caller's
 * principal available to the routes; an invalid one is a 401 at once (expired, wrong signature,
 * issuer or audience, `alg: none`); no token at all leaves the request anonymous, for the routes
 * that allow it (intake, tracking with a code). Identity never comes from other headers.
 */
export function authenticate(verify: TokenVerifier, recordDenied?: AccessDeniedRecorder): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization');
    if (!header) return next();
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
    if (!match) return next(unauthorized('Authorization 头应为 Bearer 令牌', 'invalid_request'));
    verify(match[1]!).then(
      (principal) => {
        res.locals[principalKey] = principal;
        next();
      },
      (error: unknown) => {
        if (error instanceof IssuerUnavailable) {
          return next(unavailableProblem('identity-unavailable', '身份认证服务暂不可用', '暂时无法验证登录令牌，请稍后重试'));
        }
        const reason = error instanceof InvalidToken ? error.reason : 'invalid';
        recordDenied?.({ route: req.path, reason: `invalid token: ${reason}`, status: 401, req });
        next(unauthorized('登录令牌无效或已过期，请重新登录', 'invalid_token'));
      },
    );
  };
}

export function principalOf(res: Response): Principal | undefined {
  return res.locals[principalKey] as Principal | undefined;
}

/**
 * The signed-in caller, if their roles may use `route` (the role × route table in contracts):
 * 401 without a token, 403 with none of the route's roles (recorded as an access denial).
 */
export function requireRole(req: Request, res: Response, route: RouteName, recordDenied?: AccessDeniedRecorder): Principal {
  const principal = principalOf(res);
  if (!principal) throw unauthorized('此操作需要登录');
  const allowed: readonly ActorRole[] = routeAccess[route];
  if (!principal.roles.some((role) => allowed.includes(role))) {
    recordDenied?.({ principal, route: req.path, reason: `role not allowed for ${route}`, status: 403, req });
    throw new HttpProblem(403, 'NotAllowed', '无权执行此操作', '您的角色无权访问此功能');
  }
  return principal;
}

/** Refuses (403) and records an access outside the caller's scope or involvement. */
export function outOfScope(req: Request, principal: Principal, route: string, recordDenied?: AccessDeniedRecorder, detail = '该工单不在您的管辖或经办范围内'): HttpProblem {
  recordDenied?.({ principal, route, reason: 'out of scope', status: 403, req });
  return new HttpProblem(403, 'OutOfScope', '不在管辖范围内', detail);
}

/**
 * The actor a principal acts as for something the given roles may do: acting in the first of
 * their roles that is allowed (the others come along, so the workflow's checks see them all).
 */
export function actorOf(principal: Principal, allowed: readonly ActorRole[]): Actor {
  const acting = principal.roles.find((role) => allowed.includes(role));
  if (!acting) throw new HttpProblem(403, 'NotAllowed', '无权执行此操作', '您的角色无权执行此操作');
  return {
    id: principal.id,
    role: acting,
    ...(principal.organisationId ? { organisationId: principal.organisationId } : {}),
    ...(principal.name ? { name: principal.name } : {}),
    ...(principal.roles.length > 1 ? { roles: principal.roles } : {}),
  };
}
