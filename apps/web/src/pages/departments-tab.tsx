import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Grid, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client';
import type { Department, Page } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useLoad } from '../hooks/use-load';
import { describeError, showSubmitError } from '../i18n/api-messages';

interface DepartmentValues {
  code?: string;
  name?: string;
  unitId?: string;
}

const FIELDS = ['code', 'name', 'unitId'] as const;

/** 部门: search, the active filter, add, rename or recode, deactivate and reactivate. */
export function DepartmentsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const org = useOrganisation();
  // A phone gets two columns (the department with its state, and the actions), no sideways scroll.
  const phone = Grid.useBreakpoint().md === false;
  const [q, setQ] = useState('');
  const [active, setActive] = useState<'' | 'true' | 'false'>('');
  const list = useLoad(
    () =>
      api.get<Page<Department>>(
        `/departments${query({ q: q.trim(), active, pageSize: 500, unitId: org.unitFilter })}`,
      ),
    [q, active, org.unitFilter],
  );
  /** The department being edited; `null` while adding one; undefined when the form is shut. */
  const [editing, setEditing] = useState<Department | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DepartmentValues>();

  const changed = async () => {
    await list.reload();
    org.reload();
  };

  const save = async (v: DepartmentValues) => {
    setBusy(true);
    try {
      const body = { code: (v.code ?? '').trim(), name: (v.name ?? '').trim() };
      const saved = editing
        ? await api.patch<Department>(`/departments/${editing.id}`, body)
        : await api.post<Department>('/departments', {
            ...body,
            ...(org.inspectingSide ? { unitId: v.unitId } : {}),
          });
      void message.success(
        t(editing ? 'org.departmentSaved' : 'org.departmentCreated', { name: saved.name }),
      );
      setEditing(undefined);
      await changed();
    } catch (err) {
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  const setActiveOf = async (d: Department, next: boolean) => {
    try {
      await api.patch<Department>(`/departments/${d.id}`, { active: next });
      void message.success(
        t(next ? 'org.departmentReactivated' : 'org.departmentDeactivated', { name: d.name }),
      );
      await changed();
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  return (
    <>
      <div className="org-toolbar">
        <Input.Search
          allowClear
          placeholder={t('org.deptSearch')}
          aria-label={t('org.deptSearch')}
          onSearch={setQ}
          className="org-search"
          data-testid="department-search"
        />
        <Select
          value={active}
          onChange={setActive}
          aria-label={t('org.active')}
          className="org-filter"
          options={[
            { value: '', label: `${t('org.active')}：${t('common.all')}` },
            { value: 'true', label: t('org.activeOnly') },
            { value: 'false', label: t('org.inactiveOnly') },
          ]}
        />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ unitId: org.unitFilter });
            setEditing(null);
          }}
          data-testid="create-department"
        >
          {t('org.createDepartment')}
        </Button>
      </div>
      <Table<Department>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={phone ? undefined : { x: 560 }}
        data-testid="departments"
        columns={[
          ...(phone
            ? [
                {
                  title: t('org.name'),
                  key: 'department',
                  render: (_: unknown, d: Department) => (
                    <Space orientation="vertical" size={2}>
                      <span>
                        {d.name} <code className="muted-code">{d.code}</code>
                      </span>
                      {org.inspectingSide && (
                        <span className="muted-code">{org.unitName(d.unitId)}</span>
                      )}
                      {d.active === false && <Tag>{t('org.inactiveTag')}</Tag>}
                    </Space>
                  ),
                },
              ]
            : [
                { title: t('org.code'), dataIndex: 'code', width: 110 },
                { title: t('org.name'), dataIndex: 'name' },
              ]),
          ...(org.inspectingSide && !phone
            ? [
                {
                  title: t('org.unit'),
                  dataIndex: 'unitId',
                  render: (id: string) => org.unitName(id),
                },
              ]
            : []),
          ...(phone
            ? []
            : [
                {
                  title: t('org.active'),
                  dataIndex: 'active',
                  width: 90,
                  render: (a: boolean) =>
                    a === false ? (
                      <Tag>{t('org.inactiveTag')}</Tag>
                    ) : (
                      <Tag color="green">{t('org.activeTag')}</Tag>
                    ),
                },
              ]),
          {
            title: t('common.actions'),
            key: 'actions',
            width: phone ? 120 : 150,
            render: (_: unknown, d: Department) => (
              <Space size={4} wrap>
                <Button
                  size="small"
                  onClick={() => {
                    form.setFieldsValue({ code: d.code, name: d.name });
                    setEditing(d);
                  }}
                  data-testid={`edit-department-${d.code}`}
                >
                  {t('common.edit')}
                </Button>
                {d.active === false ? (
                  <Button size="small" onClick={() => void setActiveOf(d, true)}>
                    {t('org.reactivate')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('org.deactivateDepartmentConfirm', { name: d.name })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => setActiveOf(d, false)}
                  >
                    <Button size="small" danger data-testid={`deactivate-department-${d.code}`}>
                      {t('org.deactivate')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing ? t('org.editDepartment') : t('org.createDepartment')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        forceRender
      >
        <Form<DepartmentValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void save(v)}
          aria-label={editing ? t('org.editDepartment') : t('org.createDepartment')}
        >
          {org.inspectingSide && !editing && (
            <Form.Item name="unitId" label={t('org.unit')} required>
              <Select options={org.units.map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          )}
          <Form.Item name="code" label={t('org.code')} required>
            <Input maxLength={40} data-testid="department-code" />
          </Form.Item>
          <Form.Item name="name" label={t('org.name')} required>
            <Input maxLength={200} data-testid="department-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
