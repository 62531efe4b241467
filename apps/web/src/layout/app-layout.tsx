import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  FolderOpenOutlined,
  AuditOutlined,
  InboxOutlined,
  KeyOutlined,
  ScheduleOutlined,
  LogoutOutlined,
  TeamOutlined,
  TranslationOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Button, Dropdown, Layout, Menu, Select } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useOrganisation } from '../auth/organisation';
import { useSession, useUser } from '../auth/session';
import { NotificationBell } from './notification-bell';

function sectionOf(pathname: string): string {
  if (pathname.startsWith('/rounds')) return 'rounds';
  // A finding belongs to its round; a task on it was opened from the inbox.
  if (pathname.startsWith('/findings/') && !pathname.includes('/tasks/')) return 'rounds';
  if (pathname.startsWith('/dashboard')) return 'dashboard';
  // The findings list a dashboard figure drills down to belongs to the dashboard.
  if (pathname === '/findings') return 'dashboard';
  if (pathname.startsWith('/batches')) return 'batches';
  if (pathname.startsWith('/supervision')) return 'supervision';
  if (pathname.startsWith('/scorecard')) return 'scorecard';
  if (pathname.startsWith('/meetings')) return 'meetings';
  if (pathname.startsWith('/organisation')) return 'organisation';
  if (pathname.startsWith('/audit')) return 'audit';
  return 'inbox';
}

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { logout, hasRole } = useSession();
  const { inspectingSide, units, unitFilter, setUnitFilter } = useOrganisation();
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);

  // After moving to another page, focus its content (as a page load would), so keyboard and
  // screen-reader users start there instead of on the link they left.
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    main.current?.focus({ preventScroll: false });
  }, [location.pathname]);

  const items = [
    {
      key: 'inbox',
      icon: <InboxOutlined />,
      // The inspector has no inbox: their home page is the progress they watch.
      label: (
        <Link to="/">
          {hasRole('inspector') && !hasRole('supervisor', 'office', 'leader', 'committee')
            ? t('nav.home')
            : t('nav.inbox')}
        </Link>
      ),
    },
    {
      key: 'rounds',
      icon: <FolderOpenOutlined />,
      label: <Link to="/rounds">{t('nav.rounds')}</Link>,
    },
    {
      key: 'dashboard',
      icon: <BarChartOutlined />,
      label: <Link to="/dashboard">{t('nav.dashboard')}</Link>,
    },
    // 督办台账 for those who watch over the work.
    ...(hasRole('supervisor', 'office', 'committee', 'inspector', 'inspection_office')
      ? [
          {
            key: 'supervision',
            icon: <AlertOutlined />,
            label: <Link to="/supervision">{t('nav.supervision')}</Link>,
          },
        ]
      : []),
    // 绩效考核: the watchers see every department, a department its own row.
    ...(hasRole(
      'supervisor',
      'office',
      'committee',
      'inspector',
      'inspection_office',
      'department',
      'department_head',
    )
      ? [
          {
            key: 'scorecard',
            icon: <TrophyOutlined />,
            label: <Link to="/scorecard">{t('nav.scorecard')}</Link>,
          },
        ]
      : []),
    // 专题会议: the office holds them, the committee reads them.
    ...(hasRole('office', 'committee')
      ? [
          {
            key: 'meetings',
            icon: <ScheduleOutlined />,
            label: <Link to="/meetings">{t('nav.meetings')}</Link>,
          },
        ]
      : []),
    // The inspecting side follows its batches (巡察轮次) across units.
    ...(inspectingSide
      ? [
          {
            key: 'batches',
            icon: <ApartmentOutlined />,
            label: <Link to="/batches">{t('nav.batches')}</Link>,
          },
        ]
      : []),
    // 组织管理: a unit's office, and the inspecting office for the units it follows.
    ...(hasRole('office', 'inspection_office')
      ? [
          {
            key: 'organisation',
            icon: <TeamOutlined />,
            label: <Link to="/organisation/users">{t('nav.organisation')}</Link>,
          },
        ]
      : []),
    ...(hasRole('office', 'committee', 'supervisor', 'inspection_office')
      ? [
          {
            key: 'audit',
            icon: <AuditOutlined />,
            label: <Link to="/audit">{t('nav.audit')}</Link>,
          },
        ]
      : []),
  ];

  return (
    <Layout className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <Layout.Header className="app-header">
        <Link to="/" className="brand" aria-label={t('app.title')}>
          <span className="brand-mark" aria-hidden>
            整
          </span>
          <span className="brand-text">{t('app.title')}</span>
        </Link>
        <nav className="app-nav" aria-label={t('nav.menu')}>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={[sectionOf(location.pathname)]}
            items={items}
          />
        </nav>
        <div className="header-right">
          {inspectingSide && units.length > 1 && (
            <Select
              className="unit-switcher"
              data-testid="unit-switcher"
              aria-label={t('units.filter')}
              value={unitFilter ?? ''}
              onChange={(v: string) => setUnitFilter(v || undefined)}
              popupMatchSelectWidth={false}
              options={[
                { value: '', label: t('units.all') },
                ...units.map((u) => ({ value: u.id, label: u.name })),
              ]}
            />
          )}
          <Button
            type="text"
            className="header-button"
            icon={<TranslationOutlined />}
            aria-label={t('common.languageLabel')}
            onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}
          >
            <span className="hide-narrow">{t('common.language')}</span>
          </Button>
          <NotificationBell />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'roles',
                  disabled: true,
                  label: user.roles.map((r) => t(`role.${r}`)).join('、'),
                },
                { type: 'divider' },
                { key: 'password', icon: <KeyOutlined />, label: t('password.title') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('common.logout') },
              ],
              onClick: ({ key }) => {
                if (key === 'password') void navigate('/password');
                if (key === 'logout') {
                  logout();
                  void navigate('/login');
                }
              },
            }}
          >
            <Button
              type="text"
              className="header-button"
              icon={<UserOutlined />}
              data-testid="user-menu"
            >
              <span className="hide-narrow">{user.displayName}</span>
            </Button>
          </Dropdown>
        </div>
      </Layout.Header>
      <Layout.Content id="main" ref={main} className="app-content" tabIndex={-1}>
        {/* A page that breaks shows what broke; the header and the other pages keep working. */}
        <Alert.ErrorBoundary key={location.pathname} title={t('common.error')}>
          <Outlet />
        </Alert.ErrorBoundary>
      </Layout.Content>
    </Layout>
  );
}
