import type { ContributeInput } from '@rectiflow/domain';
import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrganisation } from '../auth/organisation';
import { formatDate } from '../components/format';
import { keepEnterFromSubmitting } from './dates';
import { EvidenceUploader } from './evidence-uploader';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

interface ContributeValues {
  text?: string;
  evidenceIds?: string[];
}

const FIELDS = ['text', 'evidenceIds'] as const;

/** 配合整改: the co-department reports what it did of its part, with its own files. */
export function ContributeForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const [form] = Form.useForm<ContributeValues>();
  const { submit, busy, general } = useTaskSubmit<ContributeInput>(task, form, FIELDS, onDone);

  const finish = (v: ContributeValues) =>
    void submit({
      text: (v.text ?? '').trim(),
      evidenceIds: v.evidenceIds?.length ? v.evidenceIds : undefined,
    });

  return (
    <Form<ContributeValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{ evidenceIds: [] }}
      aria-label={t('kind.contribute')}
    >
      <Alert
        type="info"
        showIcon
        className="form-context"
        title={t('form.contribute.help', {
          lead: org.departmentName(finding.leadDepartmentId),
          due: formatDate(task.dueAt),
        })}
      />
      <Form.Item name="text" label={t('form.contribute.text')} required>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={20000}
          showCount
          placeholder={t('form.contribute.textPlaceholder')}
          data-testid="contribute-text"
        />
      </Form.Item>
      <Form.Item name="evidenceIds" label={t('form.contribute.files')}>
        <EvidenceUploader findingId={finding.id} existing={[]} disabled={!canAct} />
      </Form.Item>
      <FormFooter general={general} busy={busy} disabled={!canAct} />
    </Form>
  );
}
