import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, download, query } from '../api/client';
import type {
  CommentFileView,
  FindingSummary,
  Page,
  SupervisionRecord,
  SupervisionRecordPage,
} from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { AttachFiles, StoredFileItem } from '../components/file-attachments';
import { useSession } from '../auth/session';
import { useLoad } from '../hooks/use-load';
import { describeError, showSubmitError } from '../i18n/api-messages';

type Kind = SupervisionRecord['kind'];

interface Values {
  occurredOn?: Dayjs;
  findingIds?: string[];
  departmentId?: string;
  subject?: string;
  heldBy?: string;
  accountabilityKind?: string;
  note?: string;
}
const FIELDS = [
  'occurredOn',
  'findingIds',
  'departmentId',
  'subject',
  'heldBy',
  'accountabilityKind',
  'note',
] as const;

/**
 * 约谈 and 问责 records: on the supervision page (all of them, or a department's) and on a
 * finding's page (those about it). The supervisor records new ones from here; everyone who
 * watches supervision reads and exports them.
 */
export function SupervisionRecords({
  findingId,
  findingLabel,
  departmentId,
  unitId,
  onRecorded,
}: {
  /** Only the records about this finding, and it is preselected in a new record. */
  findingId?: string;
  /** Its code and title, for the preselected choice. */
  findingLabel?: string;
  departmentId?: string;
  unitId?: string;
  /** After a new record is saved (the finding's page reloads its 办理过程, which shows it). */
  onRecorded?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useSession();
  const { departmentName } = useOrganisation();
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<Kind | null>(null);
  const [version, setVersion] = useState(0);
  const filters = { findingId, departmentId, unitId };
  const records = useLoad(
    () =>
      api.get<SupervisionRecordPage>(
        `/supervision/records${query({ ...filters, page, pageSize: 10 })}`,
      ),
    [findingId, departmentId, unitId, page, version],
  );

  const exportRecords = async () => {
    try {
      const name = await download(
        `/supervision/records.xlsx${query(filters)}`,
        '约谈问责记录.xlsx',
      );
      void message.success(t('round.downloaded', { name }));
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  return (
    <div className="supervision-records">
      <Space wrap className="records-actions">
        {hasRole('supervisor') && (
          <>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setRecording('talk')}
              data-testid="record-talk"
            >
              {t('records.recordTalk')}
            </Button>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setRecording('accountability')}
              data-testid="record-accountability"
            >
              {t('records.recordAccountability')}
            </Button>
          </>
        )}
        <Button icon={<DownloadOutlined />} onClick={() => void exportRecords()}>
          {t('records.export')}
        </Button>
      </Space>
      <Table<SupervisionRecord>
        rowKey="id"
        size="small"
        className="records-table"
        loading={records.loading}
        dataSource={records.data?.items ?? []}
        scroll={{ x: 820 }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={records.error ? describeError(records.error, t) : t('records.empty')}
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize: 10,
          total: records.data?.total ?? 0,
          hideOnSinglePage: true,
          showTotal: (n) => t('records.total', { count: n }),
          onChange: setPage,
        }}
        columns={[
          { title: t('records.occurredOn'), dataIndex: 'occurredOn', width: 110 },
          {
            title: t('records.kinds.talk') + '／' + t('records.kinds.accountability'),
            dataIndex: 'kind',
            width: 120,
            render: (_, r) => (
              <Space size={2} wrap>
                <Tag color={r.kind === 'talk' ? 'blue' : 'red'}>{t(`records.kinds.${r.kind}`)}</Tag>
                {r.accountabilityKind && <Tag>{r.accountabilityKind}</Tag>}
              </Space>
            ),
          },
          {
            title: t('records.subjectTalk') + '／' + t('records.subjectAccountability'),
            dataIndex: 'subject',
            width: 150,
            render: (_, r) => (
              <>
                {r.subject}
                {r.heldBy && (
                  <Typography.Text type="secondary" className="block-line">
                    {t('records.heldBy')}：{r.heldBy}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            title: t('records.department'),
            dataIndex: 'departmentId',
            width: 130,
            render: (id: string | null, r) => r.departmentName ?? departmentName(id),
          },
          ...(findingId
            ? []
            : [
                {
                  title: t('records.findings'),
                  key: 'findings',
                  render: (_: unknown, r: SupervisionRecord) => (
                    <ul className="plain-list">
                      {r.findings.map((f) => (
                        <li key={f.id}>
                          <Link to={`/findings/${f.id}`}>
                            {f.code} {f.title}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]),
          {
            title: t('records.note'),
            dataIndex: 'note',
            render: (n: string, r) => (
              <>
                {n || (r.files.length === 0 ? '—' : null)}
                {r.files.length > 0 && (
                  <ul className="comment-files" aria-label={t('records.files')}>
                    {r.files.map((f) => (
                      <StoredFileItem
                        key={f.id}
                        file={f}
                        path={`/supervision/record-files/${f.id}`}
                      />
                    ))}
                  </ul>
                )}
              </>
            ),
          },
          { title: t('records.recordedBy'), dataIndex: 'recordedByName', width: 90 },
        ]}
      />
      {recording && (
        <RecordDialog
          kind={recording}
          findingId={findingId}
          findingLabel={findingLabel}
          unitId={unitId}
          accountabilityKinds={records.data?.accountabilityKinds ?? []}
          onClose={() => setRecording(null)}
          onSaved={() => {
            setRecording(null);
            setPage(1);
            setVersion((v) => v + 1);
            onRecorded?.();
            void message.success(t('records.saved'));
          }}
        />
      )}
    </div>
  );
}

/** The form of one new 约谈 or 问责, in a dialog. */
function RecordDialog({
  kind,
  findingId,
  findingLabel,
  unitId,
  accountabilityKinds,
  onClose,
  onSaved,
}: {
  kind: Kind;
  findingId?: string;
  findingLabel?: string;
  unitId?: string;
  accountabilityKinds: string[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { departments, departmentName } = useOrganisation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  // The minutes or the decision: uploaded first, then named by the record in `fileIds`.
  const [files, setFiles] = useState<CommentFileView[]>([]);
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);

  // Findings to choose from: those matching what is typed (code or title), 50 at a time.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<Page<FindingSummary>>(
          `/findings${query({ q: search || undefined, unitId, pageSize: 50 })}`,
        )
        .then((answer) => {
          if (!live) return;
          setOptions((current) => {
            const chosen = new Set<string>(form.getFieldValue('findingIds') ?? []);
            const kept = current.filter((o) => chosen.has(o.value));
            const fresh = answer.items
              .filter((f) => !chosen.has(f.id))
              .map((f) => ({ value: f.id, label: `${f.code} ${f.title}` }));
            return [...kept, ...fresh];
          });
        })
        .catch(() => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, unitId, form]);

  const finish = async (v: Values) => {
    setBusy(true);
    try {
      await api.post<SupervisionRecord>('/supervision/records', {
        kind,
        occurredOn: v.occurredOn?.format('YYYY-MM-DD') ?? '',
        findingIds: v.findingIds ?? [],
        departmentId: v.departmentId || undefined,
        subject: v.subject ?? '',
        heldBy: kind === 'talk' ? (v.heldBy ?? '') : undefined,
        accountabilityKind: kind === 'accountability' ? (v.accountabilityKind ?? '') : undefined,
        note: v.note || undefined,
        ...(files.length > 0 ? { fileIds: files.map((f) => f.id) } : {}),
      });
      onSaved();
    } catch (err) {
      showSubmitError(err, form, FIELDS, t, (text) => void message.error(text));
    } finally {
      setBusy(false);
    }
  };

  const title = kind === 'talk' ? t('records.recordTalk') : t('records.recordAccountability');
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        aria-label={title}
        initialValues={{ occurredOn: dayjs(), findingIds: findingId ? [findingId] : [] }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item
          name="occurredOn"
          label={t('records.occurredOn')}
          rules={[{ required: true, message: t('records.occurredOnRequired') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
          />
        </Form.Item>
        <Form.Item
          name="findingIds"
          label={t('records.findings')}
          rules={[{ required: true, message: t('records.findingsRequired') }]}
        >
          <Select
            mode="multiple"
            showSearch={{ filterOption: false, onSearch: setSearch }}
            placeholder={t('records.findingsPlaceholder')}
            options={
              findingId && !options.some((o) => o.value === findingId)
                ? [{ value: findingId, label: findingLabel ?? findingId }, ...options]
                : options
            }
            data-testid="record-findings"
          />
        </Form.Item>
        <Form.Item name="departmentId" label={t('records.department')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('records.departmentPlaceholder')}
            options={departments
              .filter((d) => d.active !== false && (!unitId || d.unitId === unitId))
              .map((d) => ({ value: d.id, label: departmentName(d.id) }))}
          />
        </Form.Item>
        <Form.Item
          name="subject"
          label={kind === 'talk' ? t('records.subjectTalk') : t('records.subjectAccountability')}
          rules={[{ required: true, whitespace: true, message: t('records.subjectRequired') }]}
        >
          <Input maxLength={200} data-testid="record-subject" />
        </Form.Item>
        {kind === 'talk' ? (
          <Form.Item
            name="heldBy"
            label={t('records.heldBy')}
            rules={[{ required: true, whitespace: true, message: t('records.heldByRequired') }]}
          >
            <Input maxLength={200} data-testid="record-held-by" />
          </Form.Item>
        ) : (
          <Form.Item
            name="accountabilityKind"
            label={t('records.accountabilityKind')}
            rules={[{ required: true, message: t('records.accountabilityKindRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={accountabilityKinds.map((k) => ({ value: k, label: k }))}
              data-testid="record-accountability-kind"
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('records.note')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <AttachFiles
          action="/api/supervision/record-files"
          files={files}
          onChange={setFiles}
          max={10}
          label={t('records.attach')}
          listLabel={t('records.files')}
          testId="record-attach"
        />
      </Form>
    </Modal>
  );
}
