import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Flex, Spin } from 'antd';
import { useConfig } from '../config';
import { useText } from '../i18n';
import { completeSignIn, SignInError } from './oidc';
import { useAuth } from './session';

const text = {
  'zh-CN': { working: '正在完成登录…', failed: '登录失败', again: '重新登录', home: '返回首页', title: '登录' },
  en: { working: 'Finishing sign-in…', failed: 'Sign-in failed', again: 'Sign in again', home: 'Back to start', title: 'Sign in' },
};

/** /callback: the provider's redirect with the authorization code; exchanges it and returns to where sign-in began. */
export function Callback() {
  const config = useConfig();
  const { establish, signIn } = useAuth();
  const navigate = useNavigate();
  const t = useText(text);
  const [failure, setFailure] = useState<string | undefined>();
  const started = useRef(false);

  useEffect(() => {
    // Once only: a code is good for one exchange (React's strict mode would run this twice).
    if (started.current) return;
    started.current = true;
    completeSignIn(config, new URL(window.location.href)).then(
      ({ tokens, returnTo }) => {
        establish(tokens);
        navigate(returnTo, { replace: true });
      },
      (error: unknown) => setFailure(error instanceof SignInError ? error.message : `${t.failed}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }, [config, establish, navigate, t.failed]);

  return (
    <main>
      <h1 className="visually-hidden">{t.title}</h1>
      {failure ? (
        <Flex vertical align="center" gap={16} style={{ padding: 48 }}>
          <Alert type="error" showIcon title={t.failed} description={failure} />
          <Flex gap={8}>
            <Button type="primary" onClick={() => void signIn('/')}>
              {t.again}
            </Button>
            <Button onClick={() => navigate('/', { replace: true })}>{t.home}</Button>
          </Flex>
        </Flex>
      ) : (
        <Flex vertical align="center" style={{ padding: 48 }}>
          <Spin size="large" />
          <p role="status">{t.working}</p>
        </Flex>
      )}
    </main>
  );
}
