import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { FindingDetail, Task, TaskDraftSaved, TaskDraftView } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { formatDateTime } from '../components/format';
import { describeError } from '../i18n/api-messages';

/**
 * 草稿 of a measure plan or an evidence report: loads the task's draft into the form when it
 * opens (none is fine), and saves what is written so far — never a submission.
 */
export function useTaskDraft<V>(
  task: Task,
  finding: FindingDetail,
  form: FormInstance<V>,
  toBody: (values: V) => Record<string, unknown>,
  fromBody: (body: Record<string, unknown>) => Partial<V>,
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saved, setSaved] = useState<TaskDraftSaved | null>(null);
  const [saving, setSaving] = useState(false);

  const hasDraft = finding.draftTaskIds.includes(task.id);
  useEffect(() => {
    // Asked only when there is one: no 404 for the common case of none.
    if (!hasDraft) return;
    let live = true;
    api
      .get<TaskDraftView>(`/tasks/${task.id}/draft`)
      .then((draft) => {
        if (!live) return;
        form.setFieldsValue(fromBody(draft.body) as Parameters<typeof form.setFieldsValue>[0]);
        setSaved({ savedAt: draft.savedAt, savedBy: draft.savedBy });
      })
      // No draft (404), or none readable: the form starts as it would without drafts.
      .catch((err: unknown) => {
        if (!(err instanceof ApiError)) console.warn('draft', err);
      });
    return () => {
      live = false;
    };
    // The draft is read once, when the task's form opens.
  }, [task.id, hasDraft]);

  const save = async () => {
    setSaving(true);
    try {
      const answer = await api.put<TaskDraftSaved>(`/tasks/${task.id}/draft`, {
        body: toBody(form.getFieldsValue(true) as V),
      });
      setSaved(answer);
      void message.success(t('task.draftSaved'));
    } catch (err) {
      void message.error(describeError(err, t));
    } finally {
      setSaving(false);
    }
  };

  return { saved, saving, save };
}

/** The 保存草稿 button. */
export function SaveDraftButton({
  onSave,
  saving,
  disabled,
}: {
  onSave(): void;
  saving: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Button
      icon={<SaveOutlined />}
      loading={saving}
      disabled={disabled}
      size="large"
      onClick={onSave}
      data-testid="save-draft"
    >
      {t('task.saveDraft')}
    </Button>
  );
}

/** "草稿由 X 于 … 保存", when the form holds a saved draft. */
export function DraftNote({ saved }: { saved: TaskDraftSaved | null }) {
  const { t } = useTranslation();
  const org = useOrganisation();
  if (!saved) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="draft-note"
      style={{ marginBottom: 16 }}
      title={t('task.draftBy', {
        name: org.userName(saved.savedBy),
        at: formatDateTime(saved.savedAt),
      })}
    />
  );
}
