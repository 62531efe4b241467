import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { OrganisationProvider, useOrganisation } from './auth/organisation';
import { SessionProvider, useSession } from './auth/session';
import { AppLayout } from './layout/app-layout';
import { LoginPage } from './pages/login-page';
import { SsoLandingPage } from './pages/sso-landing-page';
import { getToken } from './api/client';

// Every page but the sign-in loads when opened: the sign-in page and the inbox never load the
// dashboard's charts (ECharts), the task forms or the import preview (BENCH.md, web load).
const loadHome = () => import('./pages/home-page');
// Signed in already (a saved session): the inbox's code loads beside the session's first
// requests instead of after them.
if (getToken()) void loadHome();
const HomePage = lazy(() => loadHome().then((m) => ({ default: m.HomePage })));
const FindingPage = lazy(() =>
  import('./pages/finding-page').then((m) => ({ default: m.FindingPage })),
);
const TaskPage = lazy(() => import('./pages/task-page').then((m) => ({ default: m.TaskPage })));
const RoundsPage = lazy(() =>
  import('./pages/rounds-page').then((m) => ({ default: m.RoundsPage })),
);
const ChangePasswordPage = lazy(() =>
  import('./pages/change-password-page').then((m) => ({ default: m.ChangePasswordPage })),
);
const ForcedPasswordPage = lazy(() =>
  import('./pages/change-password-page').then((m) => ({ default: m.ForcedPasswordPage })),
);
const DashboardPage = lazy(() =>
  import('./pages/dashboard-page').then((m) => ({ default: m.DashboardPage })),
);
const BatchesPage = lazy(() =>
  import('./pages/batches-page').then((m) => ({ default: m.BatchesPage })),
);
const SupervisionPage = lazy(() =>
  import('./pages/supervision-page').then((m) => ({ default: m.SupervisionPage })),
);
const ScorecardPage = lazy(() =>
  import('./pages/scorecard-page').then((m) => ({ default: m.ScorecardPage })),
);
const MeetingsPage = lazy(() =>
  import('./pages/meetings-page').then((m) => ({ default: m.MeetingsPage })),
);
const BatchPage = lazy(() => import('./pages/batch-page').then((m) => ({ default: m.BatchPage })));
const OrganisationPage = lazy(() =>
  import('./pages/organisation-page').then((m) => ({ default: m.OrganisationPage })),
);
const AuditPage = lazy(() => import('./pages/audit-page').then((m) => ({ default: m.AuditPage })));
const FindingsPage = lazy(() =>
  import('./pages/findings-page').then((m) => ({ default: m.FindingsPage })),
);
const RoundPage = lazy(() => import('./pages/round-page').then((m) => ({ default: m.RoundPage })));
const PublicCommentTaskPage = lazy(() =>
  import('./pages/public-comment-task-page').then((m) => ({ default: m.PublicCommentTaskPage })),
);
// 公开: the public page, no sign-in, outside the signed-in layout.
const PublicRoundPage = lazy(() =>
  import('./pages/public-round-page').then((m) => ({ default: m.PublicRoundPage })),
);

/** A page loaded when opened, with a spinner meanwhile. */
function Loaded({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spin className="page-spin" />}>{children}</Suspense>;
}

function RequireSession({ children }: { children: ReactNode }) {
  const { user, mustChangePassword } = useSession();
  const location = useLocation();
  if (!user)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // A temporary password opens nothing but its change (the API answers 403 to all else).
  if (mustChangePassword)
    return (
      <Loaded>
        <ForcedPasswordPage />
      </Loaded>
    );
  // Re-mount per user: nothing of one person's data survives into another's session.
  return <OrganisationProvider key={user.id}>{children}</OrganisationProvider>;
}

function OrganisationGate({ children }: { children: ReactNode }) {
  const { loaded } = useOrganisation();
  return loaded ? children : <Spin size="large" className="page-spin" />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      extra={<Link to="/">{t('common.goHome')}</Link>}
    />
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{
        token: {
          // Blue controls: red stays the brand's and the errors' colour, never "selected".
          colorPrimary: '#1d5fd1',
          borderRadius: 6,
          fontFamily:
            "-apple-system, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Segoe UI', Roboto, sans-serif",
        },
      }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/login/sso" element={<SsoLandingPage />} />
              <Route
                path="/public/rounds/:slug"
                element={
                  <Loaded>
                    <PublicRoundPage />
                  </Loaded>
                }
              />
              <Route
                element={
                  <RequireSession>
                    <OrganisationGate>
                      <AppLayout />
                    </OrganisationGate>
                  </RequireSession>
                }
              >
                <Route
                  index
                  element={
                    <Loaded>
                      <HomePage />
                    </Loaded>
                  }
                />
                <Route
                  path="findings"
                  element={
                    <Loaded>
                      <FindingsPage />
                    </Loaded>
                  }
                />
                <Route
                  path="findings/:findingId"
                  element={
                    <Loaded>
                      <FindingPage />
                    </Loaded>
                  }
                />
                <Route
                  path="findings/:findingId/tasks/:taskId"
                  element={
                    <Loaded>
                      <TaskPage />
                    </Loaded>
                  }
                />
                <Route
                  path="public-comments/:taskId"
                  element={
                    <Loaded>
                      <PublicCommentTaskPage />
                    </Loaded>
                  }
                />
                <Route
                  path="rounds"
                  element={
                    <Loaded>
                      <RoundsPage />
                    </Loaded>
                  }
                />
                <Route
                  path="rounds/:roundId"
                  element={
                    <Loaded>
                      <RoundPage />
                    </Loaded>
                  }
                />
                <Route
                  path="dashboard"
                  element={
                    <Loaded>
                      <DashboardPage />
                    </Loaded>
                  }
                />
                <Route
                  path="batches"
                  element={
                    <Loaded>
                      <BatchesPage />
                    </Loaded>
                  }
                />
                <Route
                  path="batches/:batchId"
                  element={
                    <Loaded>
                      <BatchPage />
                    </Loaded>
                  }
                />
                <Route
                  path="supervision"
                  element={
                    <Loaded>
                      <SupervisionPage />
                    </Loaded>
                  }
                />
                <Route
                  path="scorecard"
                  element={
                    <Loaded>
                      <ScorecardPage />
                    </Loaded>
                  }
                />
                <Route
                  path="meetings/:meetingId?"
                  element={
                    <Loaded>
                      <MeetingsPage />
                    </Loaded>
                  }
                />
                <Route
                  path="organisation/:tab?"
                  element={
                    <Loaded>
                      <OrganisationPage />
                    </Loaded>
                  }
                />
                <Route
                  path="audit"
                  element={
                    <Loaded>
                      <AuditPage />
                    </Loaded>
                  }
                />
                <Route
                  path="password"
                  element={
                    <Loaded>
                      <ChangePasswordPage />
                    </Loaded>
                  }
                />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
