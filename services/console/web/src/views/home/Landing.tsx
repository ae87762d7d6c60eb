import { useState } from 'react';
import { Button, Card, Flex, Typography } from 'antd';
import { LoginOutlined, SearchOutlined } from '@ant-design/icons';
import { Link, Navigate } from 'react-router';
import { useAuth } from '../../auth/session';
import { useText } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { viewsFor } from '../../shell/views';

const text = {
  'zh-CN': {
    title: '连心桥工作台',
    lead: '群众点单、组织派单、党员办单：坐席受理、派单、党员办理与督办。',
    signIn: '登录',
    track: '群众查询工单进度',
    noView: '您的账号没有可用的工作台视图。',
    failed: '无法打开登录页：',
  },
  en: {
    title: 'Lianxin Console',
    lead: 'Residents place the order, the organisation dispatches it, a party member fulfils it: intake, dispatch, work and supervision.',
    signIn: 'Sign in',
    track: 'Track an order (residents)',
    noView: 'Your account has no console view.',
    failed: 'Cannot open the sign-in page: ',
  },
};

/** `/`: a signed-in person goes to the first view their roles open; anyone else may sign in or track an order. */
export function Landing() {
  const t = useText(text);
  const { session, signIn } = useAuth();
  const [failure, setFailure] = useState<string | undefined>();
  const first = session ? viewsFor(session.principal.roles)[0] : undefined;
  if (first) return <Navigate to={first.path} replace />;
  return (
    <main id="main" style={{ maxWidth: 560, margin: '10vh auto', padding: 16 }}>
      <Card>
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Title level={1} style={{ margin: 0, fontSize: 26, color: '#8e1616' }}>
              {t.title}
            </Typography.Title>
            <LanguageSwitch size="small" />
          </Flex>
          <Typography.Paragraph>{t.lead}</Typography.Paragraph>
          {session && <Typography.Paragraph>{t.noView}</Typography.Paragraph>}
          {!session && (
            <Button type="primary" size="large" icon={<LoginOutlined aria-hidden />} onClick={() => signIn('/').catch((e: unknown) => setFailure(String(e)))}>
              {t.signIn}
            </Button>
          )}
          {failure && <Typography.Text type="danger">{`${t.failed}${failure}`}</Typography.Text>}
          <Link to="/track">
            <SearchOutlined aria-hidden /> {t.track}
          </Link>
        </Flex>
      </Card>
    </main>
  );
}
