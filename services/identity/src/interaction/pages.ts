/** The provider's few pages: zh-CN, no scripts, no external resources. */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/**
 * The provider's Content-Security-Policy: no script, nothing from elsewhere, never framed; the
 * pages' own inline style. No `form-action`: a finished sign-in redirects to the client's origin.
 */
export const pageContentSecurityPolicy: Record<string, readonly string[]> = {
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

const style = `
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; background: #f5f5f5; margin: 0; }
  main { max-width: 22rem; margin: 10vh auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
  h1 { font-size: 1.4rem; color: #c62828; margin: 0 0 .25rem; }
  p.client { color: #666; margin: 0 0 1.5rem; }
  label { display: block; margin: 1rem 0 .25rem; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
  button { margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; background: #c62828; color: #fff; border: 0; border-radius: 4px; }
  p.error { color: #c62828; }
  button.secondary { margin-top: .75rem; background: #fff; color: #333; border: 1px solid #999; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export interface LoginPage {
  /** Where the form posts (`/interaction/<uid>/login`). */
  action: string;
  /** The client's name, shown under the heading. */
  clientName: string;
  /** The username typed last time, kept after a refusal. */
  username?: string;
  error?: string;
}

export function loginPage({ action, clientName, username, error }: LoginPage): string {
  return page(
    '登录 · 连心桥',
    `<h1>连心桥 · 登录</h1>
<p class="client">${escapeHtml(clientName)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" autocomplete="on">
  <label for="username">用户名</label>
  <input id="username" name="username" required maxlength="64" autocomplete="username" value="${escapeHtml(username ?? '')}"${username ? '' : ' autofocus'}>
  <label for="password">密码</label>
  <input id="password" name="password" type="password" required maxlength="256" autocomplete="current-password"${username ? ' autofocus' : ''}>
  <button type="submit">登录</button>
</form>`,
  );
}

/**
 * 退出登录 (RP-initiated logout): the provider's confirmation, whose `form` (hidden xsrf field)
 * the buttons submit; "退出登录" ends the session and returns to the console.
 */
export function logoutPage(form: string): string {
  return page(
    '退出登录 · 连心桥',
    `<h1>退出登录</h1>
<p class="client">确定要退出连心桥吗？</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>退出登录</button>
<button type="submit" form="op.logoutForm" class="secondary">取消，保持登录</button>`,
  );
}

/** After signing out when the client named no page to return to. */
export function signedOutPage(): string {
  return page('已退出登录 · 连心桥', '<h1>已退出登录</h1>\n<p>您已安全退出连心桥。</p>');
}

export function errorPage(message: string): string {
  return page('出错了 · 连心桥', `<h1>出错了</h1>\n<p class="error">${escapeHtml(message)}</p>\n<p>请返回重新登录。</p>`);
}
