import type { Page } from 'playwright-core';
import { developmentPassword, oidcIssuer } from '../tokens';
import { expectAccessible } from './accessibility';

/**
 * Signs `username` (a sample account of `@lianxin/sample-register`) in through the run's real
 * identity service: from `start` (a console address), the console sends the browser to the
 * provider's zh-CN login page by itself or by its 登录 button; the helper checks that page with
 * axe-core as the console's views are, types the username and the development password
 * (`LIANXIN_DEV_PASSWORD`) and waits until the console has the browser back from its callback.
 * A refusal on the login page fails with the page's message.
 */
export async function signIn(page: Page, username: string, start: string): Promise<void> {
  const issuer = oidcIssuer();
  const consoleOrigin = new URL(start).origin;
  const onLoginPage = () => page.url().startsWith(`${issuer}/interaction/`);
  await page.goto(start);
  const button = page.getByRole('button', { name: '登录', exact: true }).or(page.getByRole('link', { name: '登录', exact: true }));
  const deadline = Date.now() + 20_000;
  let clicked = false;
  while (!onLoginPage()) {
    if (Date.now() > deadline) throw new Error(`signing in ${username}: the console at ${page.url()} never led to the login page of ${issuer}`);
    if (!clicked && (await button.first().isVisible().catch(() => false))) {
      clicked = true;
      await button.first().click().catch(() => undefined);
    }
    await page.waitForTimeout(200);
  }

  await page.waitForLoadState();
  // The login page is a view people use too: held to the same accessibility check.
  await expectAccessible(page, 'the identity login page');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(developmentPassword());
  await page.locator('form').getByRole('button', { name: '登录' }).click();
  const refused = page.getByRole('alert');
  const backBy = Date.now() + 20_000;
  for (;;) {
    const url = new URL(page.url());
    if (url.origin === consoleOrigin && !url.pathname.startsWith('/callback')) return;
    if (onLoginPage() && (await refused.isVisible().catch(() => false))) {
      throw new Error(`signing in ${username} was refused: ${await refused.innerText()}`);
    }
    if (Date.now() > backBy) throw new Error(`signing in ${username}: not back at the console after the login page (at ${page.url()})`);
    await page.waitForTimeout(200);
  }
}
