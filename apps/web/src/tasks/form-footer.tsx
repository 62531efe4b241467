import { SendOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The errors no field claims, then the submit button. */
export function FormFooter({
  general,
  busy,
  disabled,
  label,
  extra,
}: {
  general: string[];
  busy: boolean;
  disabled?: boolean;
  label?: string;
  /** Beside the submit button (保存草稿). */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="form-error"
          title={
            general.length === 1 ? (
              general[0]
            ) : (
              <ul className="error-list">
                {general.map((g) => (
                  <li key={g}>{g}</li>
                ))}
              </ul>
            )
          }
        />
      )}
      <Space wrap>
        <Button
          type="primary"
          htmlType="submit"
          icon={<SendOutlined />}
          loading={busy}
          disabled={disabled}
          size="large"
          data-testid="submit-task"
        >
          {label ?? t('common.submit')}
        </Button>
        {extra}
      </Space>
    </Space>
  );
}
