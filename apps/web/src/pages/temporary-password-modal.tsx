import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface ShownPassword {
  displayName: string;
  username: string;
  password: string;
}

/**
 * A temporary password, shown once: the API keeps only its hash, so after closing nobody can
 * see it again (the office would reset it).
 */
export function TemporaryPasswordModal({
  shown,
  onClose,
}: {
  shown: ShownPassword | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();

  const copy = async () => {
    if (!shown) return;
    try {
      await navigator.clipboard.writeText(shown.password);
      void message.success(t('common.copied'));
    } catch {
      // No clipboard (plain http, or refused): the field is selected for a manual copy.
      const field = document.querySelector<HTMLInputElement>('[data-testid="temporary-password"]');
      field?.select();
    }
  };

  return (
    <Modal
      open={!!shown}
      title={t('org.tempTitle')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="temporary-password-close">
          {t('common.close')}
        </Button>
      }
      destroyOnHidden
    >
      {shown && (
        <>
          <Typography.Paragraph>
            {t('org.tempFor', { name: shown.displayName, username: shown.username })}
          </Typography.Paragraph>
          <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
            <Input
              readOnly
              value={shown.password}
              className="temporary-password"
              data-testid="temporary-password"
              aria-label={t('org.tempTitle')}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="copy-password">
              {t('common.copy')}
            </Button>
          </Space.Compact>
          <Alert type="warning" showIcon title={t('org.tempWarning')} />
        </>
      )}
    </Modal>
  );
}
