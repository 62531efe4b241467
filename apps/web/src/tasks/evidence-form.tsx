import type { SubmitEvidenceInput } from '@rectiflow/domain';
import { Card, Checkbox, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ContributionsList, MeasureText, ReviewsList } from '../components/finding-panels';
import { keepEnterFromSubmitting } from './dates';
import { FormFooter } from './form-footer';
import { EvidenceUploader } from './evidence-uploader';
import type { TaskFormProps } from './task-form-props';
import { DraftNote, SaveDraftButton, useTaskDraft } from './task-draft';
import { useTaskSubmit } from './use-task-submit';
import { clearErrorsOnChange, fieldRules } from './field-rules';

interface EvidenceValues {
  evidenceIds?: string[];
  measuresDone?: string[];
  report?: string;
}

const FIELDS = ['evidenceIds', 'measuresDone', 'report'] as const;

/** 提交佐证材料: files (with their hashes), every measure ticked done, and the report. */
export function EvidenceForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EvidenceValues>();
  const { submit, busy, general } = useTaskSubmit<SubmitEvidenceInput>(task, form, FIELDS, onDone);
  const ordinal = t('form.measures.ordinal', { returnObjects: true }) as string[];
  const sentBack = finding.reviews.filter(
    (r) => r.level > 0 && r.cycle === finding.cycle && r.decision === 'reject',
  );

  const toBody = (v: EvidenceValues) => ({
    report: (v.report ?? '').trim(),
    evidenceIds: v.evidenceIds ?? [],
    measuresDone: v.measuresDone ?? [],
  });
  const finish = (v: EvidenceValues) => void submit(toBody(v));
  const draft = useTaskDraft<EvidenceValues>(task, finding, form, toBody, (body) => ({
    report: typeof body.report === 'string' ? body.report : undefined,
    evidenceIds: Array.isArray(body.evidenceIds) ? (body.evidenceIds as string[]) : undefined,
    measuresDone: Array.isArray(body.measuresDone) ? (body.measuresDone as string[]) : undefined,
  }));

  return (
    <Form<EvidenceValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onValuesChange={clearErrorsOnChange(form)}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{
        // A resubmission after a send-back starts from what was filed before.
        evidenceIds: finding.evidence.map((e) => e.id),
        measuresDone: finding.measures.filter((m) => m.done).map((m) => m.id),
        report: finding.lastReport ?? '',
      }}
      aria-label={t('kind.submit_evidence')}
    >
      {sentBack.length > 0 && (
        <Card
          size="small"
          title={t('form.decision.earlier')}
          className="form-context earlier-reviews"
        >
          <ReviewsList reviews={sentBack} />
        </Card>
      )}
      {finding.contributions.length > 0 && (
        <Card
          size="small"
          title={t('finding.contributionsTitle', {
            pending: finding.contributions.filter((c) => c.status === 'pending').length,
          })}
          className="form-context contributions-card"
        >
          <ContributionsList contributions={finding.contributions} evidence={finding.evidence} />
        </Card>
      )}
      <DraftNote saved={draft.saved} />
      <Form.Item
        name="evidenceIds"
        label={t('form.evidence.upload')}
        required
        rules={fieldRules('submit_evidence', 'evidenceIds', t)}
      >
        <EvidenceUploader
          findingId={finding.id}
          existing={finding.evidence}
          measures={finding.measures}
          disabled={!canAct}
        />
      </Form.Item>
      <Form.Item
        name="measuresDone"
        label={t('form.evidence.measuresDone')}
        required
        extra={t('form.evidence.measuresDoneHelp')}
      >
        <Checkbox.Group className="measures-done">
          <Space orientation="vertical">
            {finding.measures.map((m, i) => (
              <Checkbox key={m.id} value={m.id} data-testid="measure-done">
                <MeasureText text={m.text} index={i} ordinal={ordinal} />
              </Checkbox>
            ))}
          </Space>
        </Checkbox.Group>
      </Form.Item>
      <Form.Item
        name="report"
        label={t('form.evidence.report')}
        required
        rules={fieldRules('submit_evidence', 'report', t)}
      >
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={20000}
          showCount
          placeholder={t('form.evidence.reportPlaceholder')}
          data-testid="evidence-report"
        />
      </Form.Item>
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
