import { LockOutlined, LogoutOutlined, TranslationOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { passwordMinLength } from '../api/settings';
import { useUser, useSession } from '../auth/session';
import { useDocumentTitle } from '../hooks/use-document-title';
import { showSubmitError } from '../i18n/api-messages';

interface Values {
  currentPassword?: string;
  newPassword?: string;
  confirmPassword?: string;
}

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/**
 * 修改密码: the current password, the new one twice. The change revokes every earlier token,
 * so the app signs in again with the new password at once; only if that fails does the person
 * see the sign-in page.
 */
export function ChangePasswordForm({ onChanged }: { onChanged(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { login, logout } = useSession();
  const me = useUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const finish = async (v: Values) => {
    setBusy(true);
    const newPassword = v.newPassword ?? '';
    try {
      await api.post('/me/password', { currentPassword: v.currentPassword ?? '', newPassword });
    } catch (err) {
      setBusy(false);
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
      return;
    }
    try {
      await login(me.username, newPassword);
      void message.success(t('password.changed'));
      onChanged();
    } catch {
      logout();
      void message.info(t('password.signInAgain'));
      void navigate('/login', { replace: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void finish(v)}
      requiredMark={false}
      aria-label={t('password.title')}
      className="password-form"
    >
      {/* For password managers: whose password this is. */}
      <input
        type="text"
        name="username"
        autoComplete="username"
        value={me.username}
        readOnly
        hidden
      />
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="current-password"
          data-testid="current-password"
        />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.newHelp', { min: passwordMinLength() })}
        rules={[
          { required: true, message: t('form.required') },
          {
            validator: (_, value?: string) =>
              !value || [...value].length >= passwordMinLength()
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.tooShort', { min: passwordMinLength() }))),
          },
        ]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="new-password"
          data-testid="new-password"
        />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('form.required') },
          ({ getFieldValue }) => ({
            validator: (_, value?: string) =>
              !value || value === getFieldValue('newPassword')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password
          prefix={<LockOutlined />}
          autoComplete="new-password"
          data-testid="confirm-password"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block data-testid="change-password">
        {t('password.submit')}
      </Button>
    </Form>
  );
}

/** From the user menu, at any time. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useDocumentTitle(t('password.title'));
  return (
    <div className="page narrow-page">
      <Typography.Title level={2} className="page-title">
        {t('password.title')}
      </Typography.Title>
      <Card variant="borderless">
        <ChangePasswordForm onChanged={() => void navigate('/', { replace: true })} />
      </Card>
    </div>
  );
}

/**
 * Holding a temporary password: this form is all there is (every other answer would be 403
 * `password_change_required`) until it is changed.
 */
export function ForcedPasswordPage() {
  const { t, i18n } = useTranslation();
  const { logout } = useSession();
  const me = useUser();
  const navigate = useNavigate();
  useDocumentTitle(t('password.forcedTitle'));
  return (
    <main className="login-page" data-testid="forced-password">
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
          <Typography.Title level={2} style={{ marginTop: 0 }}>
            {t('password.forcedTitle')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {me.displayName}（{me.username}）
          </Typography.Paragraph>
          <Alert
            type="warning"
            showIcon
            title={t('password.forcedHint')}
            style={{ marginBottom: 16 }}
          />
          <ChangePasswordForm onChanged={() => void navigate('/', { replace: true })} />
          <Button
            type="link"
            icon={<LogoutOutlined />}
            onClick={() => {
              logout();
              void navigate('/login', { replace: true });
            }}
            style={{ marginTop: 8, paddingLeft: 0 }}
          >
            {t('common.logout')}
          </Button>
        </Card>
      </div>
    </main>
  );
}
