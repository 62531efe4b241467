import { App, type FormInstance } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnyTaskInput } from '@rectiflow/domain';
import { api, ApiError } from '../api/client';
import { placeMessages } from '../api/field-errors';
import type { CompleteAnswer, Task } from '../api/types';
import { describeError, explainApiMessage } from '../i18n/api-messages';

export interface TaskSubmit<I extends AnyTaskInput> {
  submit(body: I): Promise<void>;
  busy: boolean;
  /** Messages of a 400 that name no field of this form, or any other failure. */
  general: string[];
  clearGeneral(): void;
}

/**
 * Completes a task with the form's body. A 400 puts each message under the field it names
 * (`measures.0.text …` → the first measure's text); the rest shows above the submit button.
 * One Idempotency-Key per form, so a retry after a lost answer cannot act twice.
 */
export function useTaskSubmit<I extends AnyTaskInput>(
  task: Task,
  form: FormInstance,
  fields: readonly string[],
  onDone: (answer: CompleteAnswer) => void,
): TaskSubmit<I> {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const key = useRef(crypto.randomUUID());

  const submit = async (body: I) => {
    setBusy(true);
    setGeneral([]);
    // Clear the API's earlier verdicts: they may no longer hold.
    form.setFields(
      form
        .getFieldsError()
        .filter((f) => f.errors.length)
        .map((f) => ({ name: f.name, errors: [] })),
    );
    try {
      const answer = await api.post<CompleteAnswer>(`/tasks/${task.id}/complete`, body, {
        'Idempotency-Key': key.current,
      });
      void message.success(t('task.submitted', { kind: t(`kind.${task.kind}`) }));
      onDone(answer);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const placed = placeMessages(err.messages, fields);
        const entries = [...placed.byField.values()];
        form.setFields(
          entries.map((e) => ({
            name: e.path,
            errors: e.messages.map((m) => explainApiMessage(m, t, err.errors)),
          })),
        );
        if (entries.length) form.scrollToField(entries[0].path, { block: 'center' });
        setGeneral(placed.general.map((m) => explainApiMessage(m, t, err.errors)));
        void message.error(t('task.fixErrors'));
      } else {
        setGeneral([describeError(err, t)]);
      }
    } finally {
      setBusy(false);
    }
  };

  return { submit, busy, general, clearGeneral: () => setGeneral([]) };
}
