import { errorPage, loginPage, logoutPage, signedOutPage } from '../src/interaction/pages';

describe('sign-in pages', () => {
  it('ask for 用户名 and 密码 in zh-CN, posting to the interaction', () => {
    const html = loginPage({ action: '/interaction/abc/login', clientName: '连心桥工作台' });
    expect(html).toContain('<html lang="zh-CN">');
    for (const text of ['用户名', '密码', '登录', 'action="/interaction/abc/login"', 'type="password"']) expect(html).toContain(text);
    expect(html).not.toContain('<script');
  });

  it('escape what they show back', () => {
    const html = loginPage({ action: '/interaction/x/login', clientName: '<b>', username: '"><script>alert(1)</script>', error: '用户名或密码错误' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect(html).toContain('用户名或密码错误');
    expect(errorPage('<img src=x>')).toContain('&lt;img src=x&gt;');
  });

  it('confirm 退出登录 in zh-CN with the provider\'s form, without scripts', () => {
    const html = logoutPage('<form id="op.logoutForm" method="post" action="/session/end/confirm"><input type="hidden" name="xsrf" value="x"/></form>');
    for (const text of ['<html lang="zh-CN">', '退出登录', 'form="op.logoutForm"', 'name="logout" value="yes"', 'action="/session/end/confirm"']) expect(html).toContain(text);
    expect(html).not.toContain('<script');
    expect(signedOutPage()).toContain('已退出登录');
  });
});
