import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AMOUNT_KINDS,
  AMOUNT_KIND_LABELS,
  OUTCOME_KINDS,
  OUTCOME_KIND_LABELS,
  REGULATION_KINDS,
  REGULATION_KIND_LABELS,
  type AmountKind,
  type OutcomeKind,
  type RegulationKind,
} from '@rectiflow/domain';
import { api, ApiError } from '../api/client';
import type { Evidence, Outcome, OutcomeList } from '../api/types';
import { ItemList } from '../components/item-list';
import { formatDateTime } from '../components/format';
import { outcomeText } from '../components/outcome-text';
import { useLoad } from '../hooks/use-load';
import { describeError, explainApiMessage } from '../i18n/api-messages';

interface Values {
  kind: OutcomeKind;
  title?: string;
  regulationKind?: RegulationKind;
  issuer?: string;
  issuedOn?: Dayjs;
  evidenceId?: string;
  amountKind?: AmountKind;
  amount?: string;
  peopleCount?: number;
  peopleKind?: string;
  note?: string;
}

/**
 * 整改成效 of a finding: regulations adopted or revised, funds returned/recovered/retrieved,
 * people dealt with. The office and the lead department add them and remove a wrong one; the
 * report, the ledger and the dashboard sum them.
 */
export function FindingOutcomes({
  findingId,
  evidence,
  onChanged,
}: {
  findingId: string;
  evidence: Evidence[];
  onChanged?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const { message } = App.useApp();
  const list = useLoad(() => api.get<OutcomeList>(`/findings/${findingId}/outcomes`), [findingId]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);

  const save = async (v: Values) => {
    setBusy(true);
    try {
      const { issuedOn, ...rest } = v;
      await api.post<Outcome>(`/findings/${findingId}/outcomes`, {
        ...rest,
        ...(issuedOn ? { issuedOn: issuedOn.format('YYYY-MM-DD') } : {}),
      });
      void message.success(t('outcomes.saved'));
      setOpen(false);
      await list.reload();
      onChanged?.();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.errors.length > 0)
        form.setFields(
          err.errors.map((e) => ({
            name: e.field as keyof Values,
            errors: [explainApiMessage(e.message, t, err.errors)],
          })),
        );
      else void message.error(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (o: Outcome) => {
    try {
      await api.del(`/findings/${findingId}/outcomes/${o.id}`);
      void message.success(t('outcomes.removed'));
      await list.reload();
      onChanged?.();
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  const items = list.data?.items ?? [];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="outcomes">
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('outcomes.none')}</Typography.Text>
      ) : (
        <ItemList
          label={t('outcomes.title')}
          items={items.map((o) => ({
            key: o.id,
            title: (
              <Space wrap size={6}>
                <Tag color={o.kind === 'amount' ? 'gold' : o.kind === 'people' ? 'red' : 'blue'}>
                  {OUTCOME_KIND_LABELS[o.kind][lang]}
                </Tag>
                <span data-testid="outcome-text">{outcomeText(o, lang)}</span>
                {list.data?.canRecord && (
                  <Popconfirm
                    title={t('outcomes.removeConfirm')}
                    onConfirm={() => void remove(o)}
                    okText={t('outcomes.remove')}
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('outcomes.remove')}
                    />
                  </Popconfirm>
                )}
              </Space>
            ),
            description: (
              <span className="muted small">
                {[o.note, `${o.recordedByName} · ${formatDateTime(o.recordedAt)}`]
                  .filter(Boolean)
                  .join(' — ')}
              </span>
            ),
          }))}
        />
      )}
      {list.data?.canRecord && (
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ kind: 'regulation', regulationKind: 'new' });
            setOpen(true);
          }}
        >
          {t('outcomes.add')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('outcomes.addTitle')}
        okText={t('outcomes.save')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} name="outcome" layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="kind" label={t('outcomes.kind')} rules={[{ required: true }]}>
            <Radio.Group optionType="button">
              {OUTCOME_KINDS.map((k) => (
                <Radio.Button key={k} value={k}>
                  {OUTCOME_KIND_LABELS[k][lang]}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          {kind === 'regulation' && (
            <>
              <Form.Item
                name="title"
                label={t('outcomes.regulationTitle')}
                rules={[{ required: true, whitespace: true }, { max: 500 }]}
              >
                <Input placeholder="《……管理办法》" />
              </Form.Item>
              <Form.Item name="regulationKind" label={t('outcomes.regulationKind')}>
                <Radio.Group>
                  {REGULATION_KINDS.map((k) => (
                    <Radio key={k} value={k}>
                      {REGULATION_KIND_LABELS[k][lang]}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item
                name="issuer"
                label={t('outcomes.issuer')}
                rules={[{ required: true, whitespace: true }, { max: 200 }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="issuedOn"
                label={t('outcomes.issuedOn')}
                rules={[{ required: true }]}
              >
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              {evidence.length > 0 && (
                <Form.Item name="evidenceId" label={t('outcomes.file')}>
                  <Select
                    allowClear
                    options={evidence.map((e) => ({ value: e.id, label: e.filename }))}
                  />
                </Form.Item>
              )}
            </>
          )}
          {kind === 'amount' && (
            <>
              <Form.Item
                name="amountKind"
                label={t('outcomes.amountKind')}
                rules={[{ required: true }]}
              >
                <Select
                  options={AMOUNT_KINDS.map((k) => ({
                    value: k,
                    label: AMOUNT_KIND_LABELS[k][lang],
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="amount"
                label={t('outcomes.amount')}
                rules={[
                  { required: true },
                  { pattern: /^(0|[1-9]\d{0,10})(\.\d{1,2})?$/, message: t('outcomes.amountRule') },
                ]}
              >
                <Input inputMode="decimal" suffix={t('outcomes.yuan')} />
              </Form.Item>
            </>
          )}
          {kind === 'people' && (
            <>
              <Form.Item
                name="peopleKind"
                label={t('outcomes.peopleKind')}
                rules={[{ required: true }]}
              >
                <Select
                  options={(list.data?.peopleKinds ?? []).map((k) => ({ value: k, label: k }))}
                />
              </Form.Item>
              <Form.Item
                name="peopleCount"
                label={t('outcomes.peopleCount')}
                rules={[{ required: true }]}
              >
                <InputNumber min={1} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
          <Form.Item name="note" label={t('outcomes.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
