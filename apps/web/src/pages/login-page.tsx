import {
  LockOutlined,
  SafetyCertificateOutlined,
  TranslationOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Input, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { DemoUsersAnswer, SignInProviders } from '../api/types';
import { useSession } from '../auth/session';
import { describeError } from '../i18n/api-messages';
import { useDocumentTitle } from '../hooks/use-document-title';

/** The reasons the API's single sign-on callback names (`/login?sso_error=`). */
const SSO_ERRORS = ['unknown_user', 'inactive_user', 'pending_activation', 'unavailable', 'failed'];

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { user, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Credentials>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoUsersAnswer | null>(null);
  const [providers, setProviders] = useState<SignInProviders | null>(null);
  const [params] = useSearchParams();
  const ssoError = params.get('sso_error');
  useDocumentTitle(t('login.title'));

  useEffect(() => {
    api
      .get<SignInProviders>('/auth/providers')
      .then(setProviders)
      .catch(() => setProviders(null));
  }, []);

  useEffect(() => {
    // Answered only where the demo organisation is seeded (the embedded default).
    api
      .get<DemoUsersAnswer>('/public/demo-users')
      .then(setDemo)
      .catch(() => setDemo(null));
  }, []);

  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (user) return <Navigate to={from} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      void navigate(from, { replace: true });
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401 ? t('login.failed') : describeError(err, t),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <div className="login-lang">
        <Button
          icon={<TranslationOutlined />}
          aria-label={t('common.languageLabel')}
          onClick={() => void i18n.changeLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}
        >
          {t('common.language')}
        </Button>
      </div>
      <div className="login-columns">
        <Card className="login-card" variant="borderless">
          <div className="login-brand">
            <span className="brand-mark big" aria-hidden>
              整
            </span>
            <div>
              <Typography.Title level={2} style={{ margin: 0 }}>
                {t('app.title')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
            </div>
          </div>
          {ssoError && (
            <Alert
              type="warning"
              showIcon
              title={t(`login.sso.errors.${SSO_ERRORS.includes(ssoError) ? ssoError : 'failed'}`)}
              role="alert"
              data-testid="sso-error"
              style={{ marginBottom: 16 }}
            />
          )}
          <Form<Credentials>
            form={form}
            layout="vertical"
            onFinish={(v) => void submit(v)}
            requiredMark={false}
            aria-label={t('login.title')}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                size="large"
              />
            </Form.Item>
            {error && (
              <Alert
                type="error"
                showIcon
                title={error}
                role="alert"
                style={{ marginBottom: 16 }}
              />
            )}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          {providers?.oidc && (
            <>
              <Divider plain>{t('login.sso.or')}</Divider>
              {/* A page load, not a fetch: the API redirects the browser to the provider. */}
              <Button
                href="/api/auth/oidc/start"
                icon={<SafetyCertificateOutlined />}
                block
                size="large"
                data-testid="sso-button"
              >
                {providers.oidc.label ?? t('login.sso.button')}
              </Button>
            </>
          )}
        </Card>
        {demo && demo.users.length > 0 && (
          <Card
            className="demo-card"
            title={t('login.demoTitle', { password: demo.password })}
            variant="borderless"
          >
            <Typography.Paragraph type="secondary">{t('login.demoHint')}</Typography.Paragraph>
            <ul className="demo-users">
              {demo.users.map((u) => (
                <li key={u.username}>
                  <button
                    type="button"
                    className="demo-user"
                    data-username={u.username}
                    aria-label={t('login.loginAs', { name: `${u.displayName}（${u.username}）` })}
                    disabled={busy}
                    onClick={() => void submit({ username: u.username, password: demo.password })}
                  >
                    <span className="demo-name">{u.displayName}</span>
                    <span className="demo-meta">
                      <code>{u.username}</code>
                      {u.roles.map((r) => (
                        <Tag key={r} variant="filled" color="blue">
                          {t(`role.${r}`)}
                        </Tag>
                      ))}
                      {u.departmentCode && <Tag variant="filled">{u.departmentCode}</Tag>}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </main>
  );
}
