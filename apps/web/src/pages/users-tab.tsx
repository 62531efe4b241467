import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Form,
  Grid,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  type MenuProps,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '@rectiflow/domain';
import { api, query } from '../api/client';
import type { Page, User, UserWithPassword } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { formatDateTime } from '../components/format';
import { useLoad } from '../hooks/use-load';
import { describeError, showSubmitError } from '../i18n/api-messages';
import { TemporaryPasswordModal, type ShownPassword } from './temporary-password-modal';

interface UserValues {
  username?: string;
  displayName?: string;
  roles?: Role[];
  departmentId?: string;
  authSource?: 'local' | 'directory';
  password?: string;
  /** Inspecting side: the unit the person works in; '' for its own side. */
  unitId?: string;
}

const FIELDS = [
  'username',
  'displayName',
  'roles',
  'departmentId',
  'authSource',
  'password',
  'unitId',
] as const;

const isLocked = (u: User) => !!u.lockedUntil && Date.parse(u.lockedUntil) > Date.now();

/**
 * 人员: search and filters, add (a temporary password shown once), edit name, roles and
 * department, deactivate and reactivate, reset the password, unlock, and a leader's 分管.
 */
export function UsersTab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const org = useOrganisation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [departmentId, setDepartmentId] = useState('');
  const [active, setActive] = useState<'' | 'true' | 'false'>('');
  const list = useLoad(
    () =>
      api.get<Page<User>>(
        `/users${query({
          q: q.trim(),
          role,
          departmentId,
          active,
          pageSize: 500,
          unitId: org.unitFilter,
        })}`,
      ),
    [q, role, departmentId, active, org.unitFilter],
  );
  /** The user being edited; `null` while adding one; undefined when the form is shut. */
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const [overseeing, setOverseeing] = useState<User | undefined>(undefined);
  const [oversees, setOversees] = useState<string[]>([]);
  const [shown, setShown] = useState<ShownPassword | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<UserValues>();
  const formUnit = Form.useWatch('unitId', form);

  const changed = async () => {
    await list.reload();
    org.reload();
  };
  const departmentLabel = (id: string) => {
    const d = org.departments.find((x) => x.id === id);
    return d ? `${d.name}（${d.code}）` : id.slice(0, 8);
  };
  /** The departments a person of `unitId` may belong to or oversee. */
  const departmentOptions = (unitId: string | null | undefined, keep: string[] = []) =>
    org.departments
      .filter(
        (d) =>
          keep.includes(d.id) ||
          (d.active !== false && (!org.inspectingSide || !unitId || d.unitId === unitId)),
      )
      .map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }));

  const save = async (v: UserValues) => {
    setBusy(true);
    try {
      if (editing) {
        const saved = await api.patch<User>(`/users/${editing.id}`, {
          displayName: (v.displayName ?? '').trim(),
          roles: v.roles ?? [],
          departmentId: v.departmentId ?? null,
          authSource: v.authSource,
        });
        void message.success(t('org.userSaved', { name: saved.displayName }));
      } else {
        const created = await api.post<UserWithPassword>('/users', {
          username: (v.username ?? '').trim(),
          displayName: (v.displayName ?? '').trim(),
          roles: v.roles ?? [],
          departmentId: v.departmentId || undefined,
          authSource: v.authSource,
          password: v.password || undefined,
          ...(org.inspectingSide && v.unitId ? { unitId: v.unitId } : {}),
        });
        void message.success(t('org.userCreated', { name: created.displayName }));
        if (created.temporaryPassword)
          setShown({
            displayName: created.displayName,
            username: created.username,
            password: created.temporaryPassword,
          });
      }
      setEditing(undefined);
      await changed();
    } catch (err) {
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      void message.success(done);
      await changed();
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  const resetPassword = (u: User) =>
    modal.confirm({
      title: t('org.resetPassword'),
      content: t('org.resetPasswordConfirm', { name: u.displayName }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const answer = await api.post<{ temporaryPassword: string }>(
            `/users/${u.id}/reset-password`,
          );
          setShown({
            displayName: u.displayName,
            username: u.username,
            password: answer.temporaryPassword,
          });
          await changed();
        } catch (err) {
          void message.error(describeError(err, t));
        }
      },
    });

  const setActiveOf = (u: User, next: boolean) =>
    modal.confirm({
      title: next ? t('org.reactivate') : t('org.deactivate'),
      content: t(next ? 'org.reactivateUserConfirm' : 'org.deactivateUserConfirm', {
        name: u.displayName,
      }),
      okText: t('common.confirm'),
      okButtonProps: { danger: !next },
      cancelText: t('common.cancel'),
      onOk: () =>
        act(
          () => api.patch(`/users/${u.id}`, { active: next }),
          t(next ? 'org.userReactivated' : 'org.userDeactivated', { name: u.displayName }),
        ),
    });

  const saveOversees = async () => {
    if (!overseeing) return;
    setBusy(true);
    try {
      await api.put<User>(`/users/${overseeing.id}/oversees`, { departmentIds: oversees });
      void message.success(t('org.overseesSaved', { name: overseeing.displayName }));
      setOverseeing(undefined);
      await changed();
    } catch (err) {
      void message.error(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const openEdit = (u: User | null) => {
    form.resetFields();
    if (u)
      form.setFieldsValue({
        displayName: u.displayName,
        roles: u.roles,
        departmentId: u.departmentId ?? undefined,
        authSource: u.authSource ?? 'local',
      });
    else form.setFieldsValue({ authSource: 'local', unitId: org.unitFilter ?? '' });
    setEditing(u);
  };

  const actions = (u: User): ReactNode => {
    const items: MenuProps['items'] = [
      ...(u.roles.includes('leader') ? [{ key: 'oversees', label: t('org.editOversees') }] : []),
      ...(u.authSource !== 'directory' ? [{ key: 'reset', label: t('org.resetPassword') }] : []),
      ...(isLocked(u) ? [{ key: 'unlock', label: t('org.unlock') }] : []),
      u.active
        ? { key: 'deactivate', label: t('org.deactivate'), danger: true }
        : { key: 'reactivate', label: t('org.reactivate') },
    ];
    return (
      <Space size={4}>
        <Button size="small" onClick={() => openEdit(u)} data-testid={`edit-user-${u.username}`}>
          {t('common.edit')}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            items,
            onClick: ({ key }) => {
              if (key === 'oversees') {
                setOversees(u.oversees ?? []);
                setOverseeing(u);
              } else if (key === 'reset') resetPassword(u);
              else if (key === 'unlock')
                void act(
                  () => api.post(`/users/${u.id}/unlock`),
                  t('org.unlocked', { name: u.displayName }),
                );
              else if (key === 'deactivate') setActiveOf(u, false);
              else if (key === 'reactivate') setActiveOf(u, true);
            },
          }}
        >
          <Button size="small" data-testid={`user-actions-${u.username}`}>
            {t('common.actions')} <DownOutlined />
          </Button>
        </Dropdown>
      </Space>
    );
  };

  const statusTags = (u: User) => (
    <Space size={[0, 4]} wrap>
      {u.active ? <Tag color="green">{t('org.activeTag')}</Tag> : <Tag>{t('org.inactiveTag')}</Tag>}
      {isLocked(u) && (
        <Tag color="red" title={t('org.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>
          {t('org.lockedTag')}
        </Tag>
      )}
      {u.mustChangePassword && <Tag color="orange">{t('org.mustChangeTag')}</Tag>}
      {u.authSource === 'directory' && <Tag color="blue">{t('org.authDirectory')}</Tag>}
    </Space>
  );
  const roleTags = (roles: Role[]) => (
    <Space size={[0, 4]} wrap>
      {roles.map((r) => (
        <Tag key={r} color="blue" variant="filled">
          {t(`role.${r}`)}
        </Tag>
      ))}
    </Space>
  );
  const overseesText = (u: User) =>
    u.roles.includes('leader') && (u.oversees ?? []).length > 0
      ? (u.oversees ?? []).map(departmentLabel).join('、')
      : null;

  const users = list.data?.items ?? [];

  return (
    <>
      <div className="org-toolbar">
        <Input.Search
          allowClear
          placeholder={t('org.userSearch')}
          aria-label={t('org.userSearch')}
          onSearch={setQ}
          className="org-search"
          data-testid="user-search"
        />
        <Select
          value={role}
          onChange={setRole}
          aria-label={t('org.roleFilter')}
          className="org-filter"
          popupMatchSelectWidth={false}
          options={[
            { value: '', label: `${t('org.roleFilter')}：${t('common.all')}` },
            ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) })),
          ]}
          data-testid="user-role-filter"
        />
        <Select
          value={departmentId}
          onChange={setDepartmentId}
          aria-label={t('org.departmentFilter')}
          className="org-filter"
          popupMatchSelectWidth={false}
          showSearch={{ optionFilterProp: 'label' }}
          options={[
            { value: '', label: `${t('org.departmentFilter')}：${t('common.all')}` },
            ...org.departments.map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` })),
          ]}
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
          onClick={() => openEdit(null)}
          data-testid="create-user"
        >
          {t('org.createUser')}
        </Button>
      </div>
      {phone ? (
        // A phone gets one card per person: seven columns do not fit 390 px.
        <Spin spinning={list.loading}>
          {users.length === 0 && !list.loading ? (
            <Empty />
          ) : (
            <ul className="org-cards" data-testid="users">
              {users.map((u) => (
                <li key={u.id} data-row-key={u.id}>
                  <Card size="small" className="org-card">
                    <div className="org-card-head">
                      <strong>{u.displayName}</strong> <code>{u.username}</code>
                    </div>
                    <div>{roleTags(u.roles)}</div>
                    {u.departmentId && <div>{departmentLabel(u.departmentId)}</div>}
                    {overseesText(u) && (
                      <div className="org-card-meta">
                        {t('org.oversees')}：{overseesText(u)}
                      </div>
                    )}
                    <div>{statusTags(u)}</div>
                    <div className="org-card-actions">{actions(u)}</div>
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </Spin>
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={users}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 980 }}
          data-testid="users"
          columns={[
            {
              title: t('org.displayName'),
              dataIndex: 'displayName',
              width: 140,
              fixed: 'left',
            },
            {
              title: t('org.username'),
              dataIndex: 'username',
              width: 120,
              render: (n: string) => <code>{n}</code>,
            },
            { title: t('org.roles'), dataIndex: 'roles', render: roleTags },
            {
              title: t('org.department'),
              dataIndex: 'departmentId',
              render: (id: string | null) => (id ? departmentLabel(id) : '—'),
            },
            ...(org.inspectingSide
              ? [
                  {
                    title: t('org.unit'),
                    dataIndex: 'unitId',
                    render: (id: string | null) =>
                      id ? org.unitName(id) : t('org.inspectingSideUnit'),
                  },
                ]
              : []),
            {
              title: t('org.oversees'),
              key: 'oversees',
              render: (_, u) => overseesText(u) ?? '—',
            },
            { title: t('org.active'), key: 'status', width: 150, render: (_, u) => statusTags(u) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 170,
              render: (_, u) => actions(u),
            },
          ]}
        />
      )}
      <Modal
        open={editing !== undefined}
        title={editing ? t('org.editUser') : t('org.createUser')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        forceRender
      >
        <Form<UserValues>
          form={form}
          layout="vertical"
          onFinish={(v) => void save(v)}
          aria-label={editing ? t('org.editUser') : t('org.createUser')}
        >
          {org.inspectingSide && !editing && (
            <Form.Item name="unitId" label={t('org.unit')}>
              <Select
                options={[
                  { value: '', label: t('org.inspectingSideUnit') },
                  ...org.units.map((u) => ({ value: u.id, label: u.name })),
                ]}
              />
            </Form.Item>
          )}
          {!editing && (
            <Form.Item name="username" label={t('org.username')} required>
              <Input maxLength={60} autoComplete="off" data-testid="user-username" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label={t('org.displayName')} required>
            <Input maxLength={200} data-testid="user-display-name" />
          </Form.Item>
          <Form.Item name="roles" label={t('org.roles')} required>
            <Select
              mode="multiple"
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              data-testid="user-roles"
            />
          </Form.Item>
          <Form.Item name="departmentId" label={t('org.department')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('org.noDepartment')}
              options={departmentOptions(
                editing ? editing.unitId : formUnit,
                editing?.departmentId ? [editing.departmentId] : [],
              )}
              data-testid="user-department"
            />
          </Form.Item>
          <Form.Item name="authSource" label={t('org.authSource')}>
            <Select
              options={[
                { value: 'local', label: t('org.authLocal') },
                { value: 'directory', label: t('org.authDirectory') },
              ]}
              data-testid="user-auth-source"
            />
          </Form.Item>
          {!editing && (
            <Form.Item name="password" label={t('org.password')} extra={t('org.passwordHelp')}>
              <Input.Password autoComplete="new-password" data-testid="user-password" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={!!overseeing}
        title={overseeing ? t('org.overseesTitle', { name: overseeing.displayName }) : ''}
        onCancel={() => setOverseeing(undefined)}
        onOk={() => void saveOversees()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={oversees}
          onChange={setOversees}
          aria-label={t('org.oversees')}
          showSearch={{ optionFilterProp: 'label' }}
          options={departmentOptions(overseeing?.unitId, overseeing?.oversees ?? [])}
          data-testid="oversees-select"
        />
      </Modal>
      <TemporaryPasswordModal shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
