import type { DraftMeasuresInput } from '@rectiflow/domain';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useOrganisation } from '../auth/organisation';
import { ReviewsList } from '../components/finding-panels';
import { endOfDayIso, notBeforeToday, toDay, keepEnterFromSubmitting } from './dates';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { DraftNote, SaveDraftButton, useTaskDraft } from './task-draft';
import { useTaskSubmit } from './use-task-submit';
import { clearErrorsOnChange, fieldRules } from './field-rules';

interface MeasureValues {
  text?: string;
  dueAt?: Dayjs;
  ownerDepartmentId?: string;
}

interface DraftValues {
  measures: MeasureValues[];
}

const FIELDS = ['measures'] as const;

/** 制定整改措施: an ordered list, "一是…二是…", each with its own deadline and owner. */
export function MeasuresForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const [form] = Form.useForm<DraftValues>();
  const { submit, busy, general } = useTaskSubmit<DraftMeasuresInput>(task, form, FIELDS, onDone);
  const ordinal = t('form.measures.ordinal', { returnObjects: true }) as string[];
  const sentBack = finding.reviews.filter((r) => r.level === 0 && r.cycle === finding.cycle);

  // A draft the leader sent back comes pre-filled, so only the criticised parts need work.
  const initial: MeasureValues[] = finding.measures.length
    ? finding.measures.map((m) => ({
        text: m.text,
        dueAt: toDay(m.dueAt),
        ownerDepartmentId: m.ownerDepartmentId ?? undefined,
      }))
    : [{ text: '', ownerDepartmentId: finding.leadDepartmentId ?? undefined }];

  const toBody = (v: DraftValues) => ({
    measures: (v.measures ?? []).map((m) => ({
      text: (m.text ?? '').trim(),
      dueAt: endOfDayIso(m.dueAt),
      ownerDepartmentId: m.ownerDepartmentId || undefined,
    })),
  });
  const finish = (v: DraftValues) => void submit(toBody(v));
  const draft = useTaskDraft<DraftValues>(task, finding, form, toBody, (body) => ({
    measures: (
      (body.measures ?? []) as { text?: string; dueAt?: string; ownerDepartmentId?: string }[]
    ).map((m) => ({
      text: m.text ?? '',
      dueAt: toDay(m.dueAt),
      ownerDepartmentId: m.ownerDepartmentId,
    })),
  }));

  return (
    <Form<DraftValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onValuesChange={clearErrorsOnChange(form)}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{ measures: initial }}
      aria-label={t('kind.draft_measures')}
    >
      {sentBack.length > 0 && (
        <Card size="small" title={t('form.decision.earlier')} className="earlier-reviews">
          <ReviewsList reviews={sentBack} />
        </Card>
      )}
      <DraftNote saved={draft.saved} />
      <p className="muted">{t('form.measures.help')}</p>
      <Form.List name="measures" rules={fieldRules('draft_measures', 'measures', t)}>
        {(fields, { add, remove, move }, { errors }) => (
          <div className="measure-editor">
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                className="measure-card"
                data-testid={`measure-${index}`}
                title={<span>{`${ordinal[index] ?? `${index + 1}.`}`}</span>}
                extra={
                  <Space size={2}>
                    <Tooltip title={t('form.measures.up', { n: index + 1 })}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowUpOutlined />}
                        disabled={!canAct || index === 0}
                        onClick={() => move(index, index - 1)}
                        aria-label={t('form.measures.up', { n: index + 1 })}
                      />
                    </Tooltip>
                    <Tooltip title={t('form.measures.down', { n: index + 1 })}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowDownOutlined />}
                        disabled={!canAct || index === fields.length - 1}
                        onClick={() => move(index, index + 1)}
                        aria-label={t('form.measures.down', { n: index + 1 })}
                      />
                    </Tooltip>
                    <Tooltip title={t('form.measures.remove', { n: index + 1 })}>
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        disabled={!canAct}
                        onClick={() => remove(index)}
                        aria-label={t('form.measures.remove', { n: index + 1 })}
                      />
                    </Tooltip>
                  </Space>
                }
              >
                <Form.Item
                  name={[field.name, 'text']}
                  label={t('form.measures.text', { n: index + 1 })}
                  required
                  rules={fieldRules('measure', 'text', t)}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    placeholder={t('form.measures.textPlaceholder')}
                    maxLength={5000}
                  />
                </Form.Item>
                <Row gutter={12}>
                  <Col xs={24} sm={12}>
                    <Form.Item name={[field.name, 'dueAt']} label={t('form.measures.dueAt')}>
                      <DatePicker style={{ width: '100%' }} disabledDate={notBeforeToday} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      name={[field.name, 'ownerDepartmentId']}
                      label={t('form.measures.owner')}
                    >
                      <Select
                        allowClear
                        placeholder={t('form.measures.ownerDefault')}
                        options={org.departments.map((d) => ({
                          value: d.id,
                          label: `${d.name}（${d.code}）`,
                        }))}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() =>
                add({ text: '', ownerDepartmentId: finding.leadDepartmentId ?? undefined })
              }
              data-testid="add-measure"
            >
              {t('form.measures.add')}
            </Button>
          </div>
        )}
      </Form.List>
      <div style={{ height: 16 }} />
      <FormFooter
        general={general}
        busy={busy}
        disabled={!canAct}
        extra={
          <SaveDraftButton
            onSave={() => void draft.save()}
            saving={draft.saving}
            disabled={!canAct}
          />
        }
      />
    </Form>
  );
}
