import { useMemo, useState } from 'react';
import { Button, Drawer, Flex, Grid, Layout, Menu, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation } from 'react-router';
import { createApiClient } from '../api/client';
import { ApiContext, servicesApi } from '../api/services';
import { useAuth, useSession } from '../auth/session';
import { useConfig } from '../config';
import { useLanguage, useText } from '../i18n';
import { roleLabels } from '../shared/labels';
import { WorkQueueStreamProvider } from '../shared/live';
import { LanguageSwitch } from './LanguageSwitch';
import { NoticesButton } from './NoticesButton';
import { NoticesProvider } from './notices';
import { viewsFor } from './views';

const text = {
  'zh-CN': { brand: '连心桥工作台', short: '连心桥', skip: '跳到主要内容', nav: '主导航', menu: '菜单', signOut: '退出登录', signedInAs: '当前用户' },
  en: { brand: 'Lianxin Console', short: 'Lianxin', skip: 'Skip to main content', nav: 'Main navigation', menu: 'Menu', signOut: 'Sign out', signedInAs: 'Signed in as' },
};

/** The services as the signed-in person (one client per session; a 401 ends the session). */
function SignedInApi({ children }: { children: React.ReactNode }) {
  const config = useConfig();
  const { session, expire } = useAuth();
  const token = session?.accessToken;
  const api = useMemo(() => servicesApi(createApiClient({ accessToken: () => token, onUnauthorized: expire }), config), [config, token, expire]);
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/**
 * The signed-in console: a header (brand, notices, language, who is signed in, 退出登录), the
 * menu of the views the person's roles open (a side menu on wide screens, a drawer on phones), and
 * the view itself in <main>. The work-queue and notice streams live here, one each for every view.
 */
export function Shell() {
  return (
    <SignedInApi>
      <NoticesProvider>
        <ShellLayout />
      </NoticesProvider>
    </SignedInApi>
  );
}

function ShellLayout() {
  const t = useText(text);
  const { language } = useLanguage();
  const { principal, signOut } = useSession();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = screens.md ?? true;
  const [menuOpen, setMenuOpen] = useState(false);
  const entries = viewsFor(principal.roles);
  const selected = entries.find((v) => location.pathname.startsWith(v.path))?.path;
  const roles = principal.roles.map((r) => roleLabels[language][r] ?? r).join('、');

  const menu = (
    <nav aria-label={t.nav}>
      <Menu
        mode="inline"
        selectedKeys={selected ? [selected] : []}
        items={entries.map((v) => ({ key: v.path, label: <Link to={v.path}>{v.label[language]}</Link> }))}
        onClick={() => setMenuOpen(false)}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );

  return (
    <WorkQueueStreamProvider enabled>
      <Layout style={{ minHeight: '100vh' }}>
        <a className="skip-link" href="#main">
          {t.skip}
        </a>
        <Layout.Header className="console-header">
          {!wide && (
            <Button type="text" icon={<MenuOutlined aria-hidden />} onClick={() => setMenuOpen(true)} style={{ color: '#ffffff' }} aria-label={t.menu}>
              {t.menu}
            </Button>
          )}
          <Link to="/" className="brand">
            {wide ? t.brand : t.short}
          </Link>
          <div style={{ flex: 1 }} />
          <NoticesButton compact={!wide} />
          {wide && (
            <>
              <LanguageSwitch size="small" />
              <span style={{ color: '#ffffff' }} data-testid="principal" title={`${t.signedInAs}: ${principal.id}`}>
                {principal.name}
                <span className="visually-hidden">（{roles}）</span>
              </span>
              <Button icon={<LogoutOutlined aria-hidden />} onClick={() => void signOut()} size="small">
                {t.signOut}
              </Button>
            </>
          )}
        </Layout.Header>
        <Layout>
          {wide && entries.length > 0 && (
            <Layout.Sider width={200} theme="light">
              {menu}
            </Layout.Sider>
          )}
          {/* antd's Content is the page's <main>. */}
          <Layout.Content id="main" className="console-main" tabIndex={-1}>
            <Outlet />
          </Layout.Content>
        </Layout>
        {!wide && (
          <Drawer title={t.menu} placement="left" open={menuOpen} onClose={() => setMenuOpen(false)} size={280}>
            <Flex vertical gap={16}>
              <div>
                <Typography.Text strong data-testid="principal">
                  {principal.name}
                </Typography.Text>
                <br />
                <Typography.Text type="secondary">{roles}</Typography.Text>
              </div>
              {menu}
              <LanguageSwitch />
              <Button
                icon={<LogoutOutlined aria-hidden />}
                onClick={() => {
                  setMenuOpen(false);
                  void signOut();
                }}
              >
                {t.signOut}
              </Button>
            </Flex>
          </Drawer>
        )}
      </Layout>
    </WorkQueueStreamProvider>
  );
}
