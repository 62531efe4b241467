import { Alert, Button, Card, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';
import { useDocumentTitle } from '../hooks/use-document-title';

/**
 * `/login/sso#token=…`: where the API's single sign-on callback sends the browser. The token
 * travels in the fragment (never sent to a server, never in a log); it is taken out of the
 * address at once and becomes the session like a password sign-in's.
 */
export function SsoLandingPage() {
  const { t } = useTranslation();
  const { signInWithToken } = useSession();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  useDocumentTitle(t('login.title'));

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    window.history.replaceState(null, '', window.location.pathname);
    if (!token) {
      setFailed(true);
      return;
    }
    signInWithToken(token)
      .then(() => void navigate('/', { replace: true }))
      .catch(() => setFailed(true));
  }, [signInWithToken, navigate]);

  return (
    <main className="login-page">
      <Card className="login-card" variant="borderless">
        {failed ? (
          <>
            <Alert type="error" showIcon role="alert" title={t('login.sso.errors.failed')} />
            <Button type="link" style={{ marginTop: 16 }}>
              <Link to="/login" replace>
                {t('login.sso.backToLogin')}
              </Link>
            </Button>
          </>
        ) : (
          <Spin tip={t('login.sso.signingIn')} size="large">
            <div style={{ height: 80 }} />
          </Spin>
        )}
      </Card>
    </main>
  );
}
