import type { SupervisionOrderInput } from '@rectiflow/domain';
import type { FindingDetail, TaskView } from '@rectiflow/contracts';
import { Descriptions, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrganisation } from '../auth/organisation';
import { formatDate } from '../components/format';
import { keepEnterFromSubmitting } from './dates';
import { DecisionForm } from './decision-form';
import { EvidenceUploader } from './evidence-uploader';
import { FormFooter } from './form-footer';
import type { TaskFormProps } from './task-form-props';
import { useTaskSubmit } from './use-task-submit';

/** The order a task of either kind is for (its current task). */
function orderOf(finding: FindingDetail, task: Pick<TaskView, 'id'>) {
  return finding.supervisionOrders.find((o) => o.taskId === task.id) ?? null;
}

/** What was ordered (and, for the acceptance, what the department answered). */
function OrderContext({ finding, task }: Pick<TaskFormProps, 'finding' | 'task'>) {
  const { t } = useTranslation();
  const org = useOrganisation();
  const order = orderOf(finding, task);
  if (!order) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="form-context"
      data-testid="supervision-order-context"
    >
      <Descriptions.Item label={t('form.supervisionOrder.department')}>
        {org.departmentName(order.departmentId)}
      </Descriptions.Item>
      <Descriptions.Item label={t('form.supervisionOrder.requirement')}>
        <span className="pre-wrap">{order.requirement}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('form.supervisionOrder.due')}>
        {formatDate(order.dueAt)}
      </Descriptions.Item>
      {order.returnComment && order.status === 'open' ? (
        <Descriptions.Item label={t('form.supervisionOrder.returned')}>
          {order.returnComment}
        </Descriptions.Item>
      ) : null}
      {order.status === 'answered' ? (
        <Descriptions.Item label={t('form.supervisionOrder.answer')}>
          <span className="pre-wrap" data-testid="supervision-order-answer">
            {order.answer}
          </span>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

interface AnswerValues {
  answer?: string;
  evidenceIds?: string[];
}
const ANSWER_FIELDS = ['answer', 'evidenceIds'] as const;

/** 督办单: the department answers what it did about the order, with its files. */
export function SupervisionOrderForm({ task, finding, canAct, onDone }: TaskFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AnswerValues>();
  const { submit, busy, general } = useTaskSubmit<SupervisionOrderInput>(
    task,
    form,
    ANSWER_FIELDS,
    onDone,
  );
  const finish = (v: AnswerValues) =>
    void submit({
      answer: (v.answer ?? '').trim(),
      evidenceIds: v.evidenceIds?.length ? v.evidenceIds : undefined,
    });
  return (
    <Form<AnswerValues>
      form={form}
      layout="vertical"
      onFinish={finish}
      onKeyDownCapture={keepEnterFromSubmitting}
      disabled={!canAct}
      initialValues={{ evidenceIds: [] }}
      aria-label={t('kind.supervision_order')}
    >
      <OrderContext finding={finding} task={task} />
      <Form.Item name="answer" label={t('form.supervisionOrder.answer')} required>
        <Input.TextArea
          autoSize={{ minRows: 4, maxRows: 12 }}
          maxLength={20000}
          showCount
          placeholder={t('form.supervisionOrder.answerPlaceholder')}
          data-testid="supervision-order-answer-input"
        />
      </Form.Item>
      <Form.Item name="evidenceIds" label={t('form.supervisionOrder.files')}>
        <EvidenceUploader findingId={finding.id} existing={[]} disabled={!canAct} />
      </Form.Item>
      <FormFooter general={general} busy={busy} disabled={!canAct} />
    </Form>
  );
}

/** 督办单验收: the supervisor or office accepts the answer or returns it with a comment. */
export function SupervisionOrderReviewForm(props: TaskFormProps) {
  const { t } = useTranslation();
  return (
    <DecisionForm
      {...props}
      context={<OrderContext finding={props.finding} task={props.task} />}
      words={{
        label: t('form.supervisionOrder.decision'),
        approve: t('form.supervisionOrder.accept'),
        reject: t('form.supervisionOrder.return'),
        comment: t('form.supervisionOrder.comment'),
      }}
    />
  );
}
