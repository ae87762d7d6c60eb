import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider as AntConfigProvider, Flex, Spin } from 'antd';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AuthProvider } from './auth/session';
import { Callback } from './auth/Callback';
import { RequireSession } from './auth/RequireSession';
import { ConfigProvider, type ConsoleConfig } from './config';
import { LanguageProvider, useAntdLocale } from './i18n';
import { Shell } from './shell/Shell';
import { prefersReducedMotion, themeFor } from './shell/theme';
import { Landing } from './views/home/Landing';
import { NotFound } from './views/home/NotFound';
import { ResidentTrackingPage } from './views/resident';

const AgentView = lazy(() => import('./views/agent/AgentView'));
const DispatcherView = lazy(() => import('./views/dispatcher/DispatcherView'));
const MemberView = lazy(() => import('./views/member/MemberView'));
const SupervisorView = lazy(() => import('./views/supervisor/SupervisorView'));
const OrderPage = lazy(() => import('./views/order/OrderPage'));

function Loading() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin size="large" />
    </Flex>
  );
}

function Themed({ children }: { children: React.ReactNode }) {
  const locale = useAntdLocale();
  return (
    // No space put between two Chinese characters of a button: its name stays 受理, not 受 理.
    <AntConfigProvider locale={locale} theme={themeFor(prefersReducedMotion())} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </AntConfigProvider>
  );
}

/**
 * The console: public routes (`/`, `/track` for residents, `/callback` of sign-in) and the
 * signed-in shell with one view per role: 坐席受理, 派单台, 党员待办, 督办, and the order page.
 */
export function ConsoleApp({ config }: { config: ConsoleConfig }) {
  return (
    <ConfigProvider config={config}>
      <LanguageProvider>
        <Themed>
          <AuthProvider>
            <BrowserRouter>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route path="/" element={<Landing />} />
                  <Route path="/callback" element={<Callback />} />
                  <Route path="/track" element={<ResidentTrackingPage />} />
                  <Route
                    element={
                      <RequireSession>
                        <Shell />
                      </RequireSession>
                    }
                  >
                    <Route path="/agent" element={<AgentView />} />
                    <Route path="/dispatcher" element={<DispatcherView />} />
                    <Route path="/member" element={<MemberView />} />
                    <Route path="/supervisor" element={<SupervisorView />} />
                    <Route path="/orders/:id" element={<OrderPage />} />
                  </Route>
                  <Route path="*" element={<NotFound />} />
                </Routes>
              </Suspense>
            </BrowserRouter>
          </AuthProvider>
        </Themed>
      </LanguageProvider>
    </ConfigProvider>
  );
}
