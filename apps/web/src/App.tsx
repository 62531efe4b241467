import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { OrganisationProvider, useOrganisation } from './auth/organisation';
import { SessionProvider, useSession } from './auth/session';
import { AppLayout } from './layout/app-layout';
import { FindingPage } from './pages/finding-page';
import { HomePage } from './pages/home-page';
import { ChangePasswordPage, ForcedPasswordPage } from './pages/change-password-page';
import { LoginPage } from './pages/login-page';
import { SsoLandingPage } from './pages/sso-landing-page';
import { RoundsPage } from './pages/rounds-page';
import { TaskPage } from './pages/task-page';

// Charts and the import preview (with the genre parser) load only when opened.
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

function RequireSession({ children }: { children: ReactNode }) {
  const { user, mustChangePassword } = useSession();
  const location = useLocation();
  if (!user)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // A temporary password opens nothing but its change (the API answers 403 to all else).
  if (mustChangePassword) return <ForcedPasswordPage />;
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
                  <Suspense fallback={<Spin className="page-spin" />}>
                    <PublicRoundPage />
                  </Suspense>
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
                <Route index element={<HomePage />} />
                <Route
                  path="findings"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <FindingsPage />
                    </Suspense>
                  }
                />
                <Route path="findings/:findingId" element={<FindingPage />} />
                <Route path="findings/:findingId/tasks/:taskId" element={<TaskPage />} />
                <Route
                  path="public-comments/:taskId"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <PublicCommentTaskPage />
                    </Suspense>
                  }
                />
                <Route path="rounds" element={<RoundsPage />} />
                <Route
                  path="rounds/:roundId"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <RoundPage />
                    </Suspense>
                  }
                />
                <Route
                  path="dashboard"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <DashboardPage />
                    </Suspense>
                  }
                />
                <Route
                  path="batches"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <BatchesPage />
                    </Suspense>
                  }
                />
                <Route
                  path="batches/:batchId"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <BatchPage />
                    </Suspense>
                  }
                />
                <Route
                  path="supervision"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <SupervisionPage />
                    </Suspense>
                  }
                />
                <Route
                  path="scorecard"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <ScorecardPage />
                    </Suspense>
                  }
                />
                <Route
                  path="meetings/:meetingId?"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <MeetingsPage />
                    </Suspense>
                  }
                />
                <Route
                  path="organisation/:tab?"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <OrganisationPage />
                    </Suspense>
                  }
                />
                <Route
                  path="audit"
                  element={
                    <Suspense fallback={<Spin className="page-spin" />}>
                      <AuditPage />
                    </Suspense>
                  }
                />
                <Route path="password" element={<ChangePasswordPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
