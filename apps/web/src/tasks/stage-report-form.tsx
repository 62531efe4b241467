import type { StageReportInput } from '@rectiflow/domain';
import { Form, Input, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { StageReportsList } from '../components/finding-panels';
import { keepEnterFromSubmitting } from './dates';
import { FormFooter } from './form-footer';
import { EvidenceUploader } from './evidence-uploader';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

interface StageReportValues {
  report?: string;
  evidenceIds?: string[];
  finalStage?: boolean;
}

const FIELDS = ['report', 'evidenceIds', 'finalStage'] as const;

/** 阶段进展报告 of a long-term item; the final one sends it to review. */
export function StageReportForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StageReportValues>();
  const { submit, busy, general } = useTaskSubmit<StageReportInput>(task, form, FIELDS, onDone);

  const finish = (v: StageReportValues) =>
    void submit({
      report: (v.report ?? '').trim(),
      evidenceIds: v.evidenceIds?.length ? v.evidenceIds : undefined,
      finalStage: !!v.finalStage,
    });

  return (
    <Form<StageReportValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{ evidenceIds: [], finalStage: false }}
      aria-label={t('kind.stage_report')}
    >
      {finding.stageReports.length > 0 && <StageReportsList reports={finding.stageReports} />}
      <Form.Item name="report" label={t('form.stageReport.report')} required>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={20000}
          showCount
          placeholder={t('form.stageReport.reportPlaceholder')}
        />
      </Form.Item>
      <Form.Item name="evidenceIds" label={t('form.stageReport.evidence')}>
        <EvidenceUploader findingId={finding.id} existing={[]} disabled={!canAct} />
      </Form.Item>
      <Form.Item
        name="finalStage"
        label={t('form.stageReport.finalStage')}
        valuePropName="checked"
        extra={t('form.stageReport.finalStageHelp')}
      >
        <Switch />
      </Form.Item>
      <FormFooter general={general} busy={busy} disabled={!canAct} />
    </Form>
  );
}
