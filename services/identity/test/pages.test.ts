import { errorPage, loginPage } from '../src/interaction/pages';

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
});
