import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useDocumentTitle } from '../hooks/use-document-title';
import { DepartmentsTab } from './departments-tab';
import { UsersTab } from './users-tab';

/** 组织管理: the unit's departments and people (the office; the inspecting office per unit). */
export function OrganisationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { tab } = useParams();
  const current = tab === 'departments' ? 'departments' : 'users';
  useDocumentTitle(`${t('org.title')} · ${t(`org.${current}`)}`);
  return (
    <div className="page">
      <Typography.Title level={2} className="page-title">
        {t('org.title')}
      </Typography.Title>
      <Card variant="borderless">
        <Tabs
          activeKey={current}
          onChange={(key) => void navigate(`/organisation/${key}`)}
          destroyOnHidden
          items={[
            { key: 'users', label: t('org.users'), children: <UsersTab /> },
            { key: 'departments', label: t('org.departments'), children: <DepartmentsTab /> },
          ]}
        />
      </Card>
    </div>
  );
}
