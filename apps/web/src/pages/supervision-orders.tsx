import { BellOutlined, FileProtectOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { App, Button, DatePicker, Form, Input, List, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkSupervisionAction } from '@rectiflow/domain';
import { api } from '../api/client';
import type { FindingDetail } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { useUser } from '../auth/session';
import { formatDate } from '../components/format';
import { showSubmitError } from '../i18n/api-messages';
import { endOfDayIso, keepEnterFromSubmitting, notBeforeToday } from '../tasks/dates';

interface OrderValues {
  departmentId?: string;
  requirement?: string;
  dueAt?: Dayjs;
}
interface NudgeValues {
  departmentId?: string;
  text?: string;
}
const ORDER_FIELDS = ['departmentId', 'requirement', 'dueAt'] as const;
const NUDGE_FIELDS = ['departmentId', 'text'] as const;

/** The active departments of the finding's unit, the lead one first. */
function useDepartmentOptions(finding: FindingDetail) {
  const org = useOrganisation();
  return org.departments
    .filter((d) => d.unitId === finding.unitId && d.active)
    .sort((a, b) =>
      a.id === finding.leadDepartmentId ? -1 : b.id === finding.leadDepartmentId ? 1 : 0,
    )
    .map((d) => ({ value: d.id, label: d.name }));
}

/**
 * 下督办单 and 催办: the supervisor's or the office's, on a running finding (shown only to whom
 * the shared rule allows them).
 */
export function SupervisionActions({
  finding,
  onChanged,
}: {
  finding: FindingDetail;
  onChanged: () => void | Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const options = useDepartmentOptions(finding);
  const [which, setWhich] = useState<'order' | 'nudge' | null>(null);
  const [busy, setBusy] = useState(false);
  const [orderForm] = Form.useForm<OrderValues>();
  const [nudgeForm] = Form.useForm<NudgeValues>();
  if (!checkSupervisionAction({ roles: user.roles }, finding).ok || finding.halted) return null;

  const sendOrder = async (v: OrderValues) => {
    setBusy(true);
    try {
      await api.post(`/findings/${finding.id}/supervision-orders`, {
        departmentId: v.departmentId ?? '',
        requirement: v.requirement ?? '',
        dueAt: endOfDayIso(v.dueAt) ?? '',
      });
      void message.success(t('supervisionOrders.issued'));
      setWhich(null);
      await onChanged();
    } catch (err) {
      showSubmitError(err, orderForm, ORDER_FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };
  const sendNudge = async (v: NudgeValues) => {
    setBusy(true);
    try {
      await api.post(`/findings/${finding.id}/nudges`, {
        ...(v.departmentId ? { departmentId: v.departmentId } : {}),
        text: v.text ?? '',
      });
      void message.success(t('supervisionOrders.nudged'));
      setWhich(null);
      await onChanged();
    } catch (err) {
      showSubmitError(err, nudgeForm, NUDGE_FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<FileProtectOutlined />}
        onClick={() => {
          orderForm.resetFields();
          orderForm.setFieldsValue({ departmentId: finding.leadDepartmentId ?? undefined });
          setWhich('order');
        }}
        data-testid="issue-supervision-order"
      >
        {t('supervisionOrders.issue')}
      </Button>
      <Button
        icon={<BellOutlined />}
        onClick={() => {
          nudgeForm.resetFields();
          setWhich('nudge');
        }}
        data-testid="nudge"
      >
        {t('supervisionOrders.nudge')}
      </Button>
      <Modal
        open={which === 'order'}
        title={t('supervisionOrders.issue')}
        okText={t('supervisionOrders.issueConfirm')}
        okButtonProps={{ loading: busy, 'data-testid': 'supervision-order-ok' } as never}
        cancelText={t('common.cancel')}
        onOk={() => orderForm.submit()}
        onCancel={() => setWhich(null)}
        forceRender
      >
        <Form<OrderValues>
          form={orderForm}
          name="supervision-order"
          layout="vertical"
          onFinish={(v) => void sendOrder(v)}
          onKeyDownCapture={keepEnterFromSubmitting}
          aria-label={t('supervisionOrders.issue')}
        >
          <Form.Item name="departmentId" label={t('supervisionOrders.department')} required>
            <Select
              options={options}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="supervision-order-department"
            />
          </Form.Item>
          <Form.Item
            name="requirement"
            label={t('supervisionOrders.requirement')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('supervisionOrders.requirementRequired'),
              },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              maxLength={5000}
              placeholder={t('supervisionOrders.requirementPlaceholder')}
              data-testid="supervision-order-requirement"
            />
          </Form.Item>
          <Form.Item name="dueAt" label={t('supervisionOrders.dueAt')} required>
            <DatePicker
              disabledDate={notBeforeToday}
              style={{ width: '100%' }}
              data-testid="supervision-order-due"
            />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={which === 'nudge'}
        title={t('supervisionOrders.nudge')}
        okText={t('supervisionOrders.nudgeConfirm')}
        okButtonProps={{ loading: busy }}
        cancelText={t('common.cancel')}
        onOk={() => nudgeForm.submit()}
        onCancel={() => setWhich(null)}
        forceRender
      >
        <Form<NudgeValues>
          form={nudgeForm}
          name="nudge"
          layout="vertical"
          onFinish={(v) => void sendNudge(v)}
          onKeyDownCapture={keepEnterFromSubmitting}
          aria-label={t('supervisionOrders.nudge')}
        >
          <Typography.Paragraph type="secondary">
            {t('supervisionOrders.nudgeHelp')}
          </Typography.Paragraph>
          <Form.Item name="departmentId" label={t('supervisionOrders.department')}>
            <Select
              allowClear
              options={options}
              placeholder={t('supervisionOrders.leadByDefault')}
              data-testid="nudge-department"
            />
          </Form.Item>
          <Form.Item
            name="text"
            label={t('supervisionOrders.nudgeText')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('supervisionOrders.nudgeTextRequired'),
              },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={2000}
              data-testid="nudge-text"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

const STATUS_COLOR = {
  open: 'processing',
  answered: 'warning',
  accepted: 'success',
  cancelled: 'default',
} as const;

/** The finding's supervision orders: to whom, what, by when, where each stands. */
export function SupervisionOrdersList({ finding }: { finding: FindingDetail }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  return (
    <List
      size="small"
      dataSource={finding.supervisionOrders}
      data-testid="supervision-orders"
      renderItem={(o) => (
        <List.Item>
          <List.Item.Meta
            title={
              <span>
                <Tag color={STATUS_COLOR[o.status]}>
                  {t(`supervisionOrders.status.${o.status}`)}
                </Tag>
                {org.departmentName(o.departmentId)} ·{' '}
                {t('supervisionOrders.dueOn', { date: formatDate(o.dueAt) })}
              </span>
            }
            description={
              <>
                <div className="pre-wrap">{o.requirement}</div>
                {o.answer ? (
                  <div className="pre-wrap">
                    {t('supervisionOrders.answerLabel')}
                    {o.answer}
                  </div>
                ) : null}
                {o.returnComment && o.status === 'open' ? (
                  <div>
                    {t('supervisionOrders.returnedLabel')}
                    {o.returnComment}
                  </div>
                ) : null}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
