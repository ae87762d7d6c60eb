import express, { Router, type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { errors, type Provider } from 'oidc-provider';
import { z } from 'zod';
import type { AccountStore } from '../accounts/store';
import type { SignInHook } from '../sign-in';
import { errorPage, loginPage } from './pages';

const LoginForm = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const refusedMessage = '用户名或密码错误';
const incompleteMessage = '请输入用户名和密码';

/** Sign-in pages are never cached (their CSP and frame refusal come with the app: see service.ts). */
const pageHeaders: RequestHandler = (_req, res, next) => {
  res.set('cache-control', 'no-store');
  next();
};

function sendPage(res: Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}

/**
 * The sign-in of an authorization request (the provider's "login" prompt): a form asking for
 * 用户名 and 密码, which on success hands the account back to the provider, which redirects the
 * browser on to the client with a code. First-party clients ask for no consent, so this is the
 * only prompt.
 */
export function interactionRoutes(provider: Provider, accounts: AccountStore, onSignIn: SignInHook): Router {
  const router = Router();
  const clientName = async (clientId: unknown) =>
    (typeof clientId === 'string' ? (await provider.Client.find(clientId))?.clientName : undefined) ?? '连心桥';

  router.get('/interaction/:uid', pageHeaders, async (req, res) => {
    const { uid, prompt, params } = await provider.interactionDetails(req, res);
    if (prompt.name !== 'login') {
      sendPage(res, 400, errorPage('无法完成本次登录，请返回重新登录。'));
      return;
    }
    sendPage(res, 200, loginPage({ action: `/interaction/${uid}/login`, clientName: await clientName(params.client_id) }));
  });

  router.post('/interaction/:uid/login', pageHeaders, express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const { uid, prompt, params } = await provider.interactionDetails(req, res);
    if (prompt.name !== 'login') {
      sendPage(res, 400, errorPage('无法完成本次登录，请返回重新登录。'));
      return;
    }
    const action = `/interaction/${uid}/login`;
    const form = LoginForm.safeParse(req.body);
    if (!form.success) {
      sendPage(res, 200, loginPage({ action, clientName: await clientName(params.client_id), error: incompleteMessage }));
      return;
    }
    const { username, password } = form.data;
    const account = await accounts.verify(username, password, req.ip);
    const client = typeof params.client_id === 'string' ? params.client_id : 'unknown';
    await onSignIn({ username, outcome: account ? 'allowed' : 'refused', client, ip: req.ip });
    if (!account) {
      sendPage(res, 200, loginPage({ action, clientName: await clientName(params.client_id), username, error: refusedMessage }));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: account.username, amr: ['pwd'] } }, { mergeWithLastSubmission: false });
  });

  // An expired or foreign interaction (its cookie is gone): start over from the client.
  const expired: ErrorRequestHandler = (error, _req, res, next) => {
    if (error instanceof errors.SessionNotFound) {
      sendPage(res, 400, errorPage('登录已过期，请返回重新登录。'));
      return;
    }
    next(error);
  };
  router.use(expired);
  return router;
}
