import { ExperimentOutlined, HistoryOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { checkLookBackNow, MAX_SAMPLE_SEED } from '@rectiflow/domain';
import type { LookBackSample, LookBackStarted } from '@rectiflow/contracts';
import { api } from '../api/client';
import type { FindingDetail } from '../api/types';
import { useUser } from '../auth/session';
import { describeError, showSubmitError } from '../i18n/api-messages';

/**
 * 立即回头看: on a closed finding still waiting for its look-back, the supervisor or the office
 * opens it now (shown only to whom the shared rule allows it); then offers the new task.
 */
export function LookBackNowButton({
  finding,
  onChanged,
}: {
  finding: FindingDetail;
  onChanged: () => void | Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const lookBackOpen = finding.openTasks.some((task) => task.kind === 'look_back');
  const verdict = checkLookBackNow(
    { roles: user.roles },
    {
      stage: finding.stage,
      withdrawn: finding.withdrawn,
      lookBackOpen,
      lookBackDone: finding.lookBacks.some((l) => l.cycle === finding.cycle),
    },
  );
  if (!verdict.ok || finding.halted) return null;

  const start = async () => {
    setBusy(true);
    try {
      const res = await api.post<LookBackStarted>(`/findings/${finding.id}/look-back`);
      void message.success({
        content: (
          <span>
            {t('lookBackNow.started')}{' '}
            <a
              onClick={() => void navigate(`/findings/${finding.id}/tasks/${res.taskId}`)}
              data-testid="look-back-to-task"
            >
              {t('lookBackNow.toTask')}
            </a>
          </span>
        ),
      });
      await onChanged();
    } catch (err) {
      void message.error(describeError(err, t));
      await onChanged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popconfirm
      title={t('lookBackNow.confirmTitle')}
      description={<div className="popconfirm-text">{t('lookBackNow.confirmBody')}</div>}
      okText={t('lookBackNow.start')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'look-back-now-ok' } as never}
      onConfirm={start}
    >
      <Button type="primary" icon={<HistoryOutlined />} data-testid="look-back-now">
        {t('lookBackNow.start')}
      </Button>
    </Popconfirm>
  );
}

interface SampleValues {
  count?: number | null;
  seed?: number | null;
}
const SAMPLE_FIELDS = ['count', 'seed'] as const;

/**
 * 抽查回头看 on a round: how many (and, to repeat a draw, which seed); the drawn findings are
 * listed with their new tasks and the seed that drew them.
 */
export function LookBackSampleButton({ roundId }: { roundId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [drawn, setDrawn] = useState<LookBackSample | null>(null);
  const [form] = Form.useForm<SampleValues>();
  if (!user.roles.some((r) => r === 'supervisor' || r === 'office')) return null;

  const draw = async (v: SampleValues) => {
    setBusy(true);
    try {
      const body: Record<string, number> = { count: v.count ?? 0 };
      if (v.seed !== undefined && v.seed !== null) body.seed = v.seed;
      setDrawn(await api.post<LookBackSample>(`/rounds/${roundId}/look-back-sample`, body));
    } catch (err) {
      showSubmitError(err, form, SAMPLE_FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<ExperimentOutlined />}
        onClick={() => {
          form.resetFields();
          setDrawn(null);
          setOpen(true);
        }}
        data-testid="look-back-sample"
      >
        {t('lookBackNow.sample')}
      </Button>
      <Modal
        open={open}
        title={t('lookBackNow.sampleTitle')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        footer={
          drawn ? (
            <Button type="primary" onClick={() => setOpen(false)}>
              {t('lookBackNow.close')}
            </Button>
          ) : (
            <Space>
              <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                loading={busy}
                onClick={() => form.submit()}
                data-testid="look-back-sample-ok"
              >
                {t('lookBackNow.draw')}
              </Button>
            </Space>
          )
        }
      >
        {drawn ? (
          <div className="look-back-sample-result" data-testid="look-back-sample-result">
            <Alert
              type="success"
              showIcon
              title={t('lookBackNow.drawn', {
                n: drawn.items.length,
                seed: drawn.seed,
                eligible: drawn.eligible,
              })}
            />
            <List
              size="small"
              dataSource={drawn.items}
              renderItem={(item) => (
                <List.Item>
                  <Space wrap>
                    <Link to={`/findings/${item.findingId}`}>
                      <span className="finding-code">{item.code}</span> {item.title}
                    </Link>
                    <Link to={`/findings/${item.findingId}/tasks/${item.taskId}`}>
                      {t('lookBackNow.toTask')}
                    </Link>
                  </Space>
                </List.Item>
              )}
            />
            {drawn.failed.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('lookBackNow.failed')}
                description={drawn.failed.map((f) => f.message).join('；')}
              />
            )}
          </div>
        ) : (
          <Form
            form={form}
            name="look-back-sample"
            layout="vertical"
            onFinish={(v) => void draw(v)}
            requiredMark={false}
          >
            <Typography.Paragraph type="secondary">
              {t('lookBackNow.sampleHelp')}
            </Typography.Paragraph>
            <Form.Item
              name="count"
              label={t('lookBackNow.count')}
              rules={[{ required: true, message: t('lookBackNow.countRequired') }]}
            >
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="seed" label={t('lookBackNow.seed')}>
              <InputNumber
                min={0}
                max={MAX_SAMPLE_SEED}
                precision={0}
                placeholder={t('lookBackNow.seedPlaceholder')}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}
