import { InboxOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_KINDS, type EvidenceKind } from '@rectiflow/domain';
import { api, fieldErrorsOf, getToken } from '../api/client';
import type { Evidence, UploadedEvidence } from '../api/types';
import { PreviewButton } from '../components/evidence-preview';
import { formatSize } from '../components/format';
import { describeError, explainApiMessage } from '../i18n/api-messages';

interface Props {
  findingId: string;
  /** Files already on the finding (earlier cycles, co-operating departments), selectable too. */
  existing: Evidence[];
  /** The measures a file may prove: a picker on upload, and the list grouped by them. */
  measures?: { id: string; seq: number; text: string }[];
  value?: string[];
  onChange?: (ids: string[]) => void;
  disabled?: boolean;
  id?: string;
}

/**
 * Drag-and-drop upload with progress (antd's Upload drives the XHR); each finished file shows
 * its SHA-256 as the API computed it and joins the form value (`evidenceIds`). With measures,
 * each upload names the measure it proves and the files are grouped under their measure; a
 * file no submission has cited yet can be previewed and withdrawn (撤回).
 */
export function EvidenceUploader({
  findingId,
  existing,
  measures = [],
  value = [],
  onChange,
  disabled,
  id,
}: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<EvidenceKind>('material');
  const [measureId, setMeasureId] = useState<string>('');
  const [withdrawn, setWithdrawn] = useState<string[]>([]);
  const [uploading, setUploading] = useState<UploadFile[]>([]);
  const [uploaded, setUploaded] = useState<UploadedEvidence[]>([]);
  // Several files may finish between two renders: always extend the latest value.
  const latest = useRef(value);
  latest.current = value;

  const toggle = (evidenceId: string, on: boolean) => {
    const current = latest.current;
    const next = on
      ? [...new Set([...current, evidenceId])]
      : current.filter((v) => v !== evidenceId);
    latest.current = next;
    onChange?.(next);
  };

  const all: (UploadedEvidence & { fresh: boolean; submitted: boolean })[] = [
    ...existing
      .filter((e) => !uploaded.some((u) => u.id === e.id))
      .map((e) => ({ ...e, fresh: false })),
    ...uploaded.map((u) => ({ ...u, fresh: true, submitted: false })),
  ].filter((e) => !withdrawn.includes(e.id));

  const withdraw = async (e: { id: string; filename: string }) => {
    try {
      await api.del(`/evidence/${e.id}`);
      setWithdrawn((prev) => [...prev, e.id]);
      toggle(e.id, false);
      void message.success(t('form.evidence.withdrawn', { name: e.filename }));
    } catch (err) {
      void message.error(describeError(err, t));
    }
  };

  // Files under the measure they prove, in the measures' order; the rest under 整体材料.
  const groups = [
    ...measures.map((m) => ({
      key: m.id,
      title: `${t('form.evidence.measureN', { n: m.seq })} ${m.text}`,
      files: all.filter((e) => e.measureId === m.id),
    })),
    {
      key: 'general',
      title: t('form.evidence.general'),
      files: all.filter((e) => !e.measureId || !measures.some((m) => m.id === e.measureId)),
    },
  ].filter((g) => g.files.length > 0);

  return (
    <div className="evidence-uploader" id={id}>
      <Space className="evidence-kind" wrap>
        <label htmlFor={`${id ?? 'evidence'}-kind`}>{t('form.evidence.kind')}</label>
        <Select<EvidenceKind>
          id={`${id ?? 'evidence'}-kind`}
          value={kind}
          onChange={setKind}
          style={{ width: 140 }}
          disabled={disabled}
          options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`evidenceKind.${k}`) }))}
        />
        {measures.length > 0 && (
          <>
            <label htmlFor={`${id ?? 'evidence'}-measure`}>{t('form.evidence.measure')}</label>
            <Select<string>
              id={`${id ?? 'evidence'}-measure`}
              value={measureId}
              onChange={setMeasureId}
              style={{ width: 'min(320px, 80vw)' }}
              disabled={disabled}
              data-testid="evidence-measure-picker"
              options={[
                { value: '', label: t('form.evidence.noMeasure') },
                ...measures.map((m) => ({
                  value: m.id,
                  label: `${t('form.evidence.measureN', { n: m.seq })} ${m.text}`,
                })),
              ]}
            />
          </>
        )}
      </Space>
      <Upload.Dragger
        name="file"
        multiple
        disabled={disabled}
        action={`/api/findings/${findingId}/evidence`}
        headers={{ Authorization: `Bearer ${getToken() ?? ''}` }}
        data={measureId ? { kind, measureId } : { kind }}
        fileList={uploading}
        data-testid="evidence-dropzone"
        onChange={({ file, fileList }) => {
          // Finished files leave antd's list for ours (with the hash); failures stay visible.
          setUploading(fileList.filter((f) => f.status === 'uploading' || f.status === 'error'));
          if (file.status === 'done') {
            const answer = file.response as UploadedEvidence;
            setUploaded((prev) => [...prev, answer]);
            toggle(answer.id, true);
          } else if (file.status === 'error') {
            const body = file.response as { message?: string | string[] } | undefined;
            const raw = Array.isArray(body?.message)
              ? body.message.join('；')
              : (body?.message ?? file.error?.message ?? '');
            // A refused type (file_type_not_allowed, file_type_mismatch) is said by its code.
            const errors = fieldErrorsOf(body);
            const explained = errors.length
              ? errors.map((e) => explainApiMessage(e.message, t, errors)).join('；')
              : explainApiMessage(raw, t);
            void message.error(t('form.evidence.failed', { name: file.name, message: explained }));
          }
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('form.evidence.dragHint')}</p>
        <p className="ant-upload-hint">{t('form.evidence.dragSub')}</p>
      </Upload.Dragger>
      {groups.map((g) => (
        <div key={g.key} className="evidence-group" data-testid="evidence-group">
          <div className="evidence-group-title">{g.title}</div>
          <ul className="evidence-list" aria-label={g.title}>
            {g.files.map((e) => (
              <li key={e.id} className="evidence-item" data-testid="uploaded-evidence">
                <Checkbox
                  checked={value.includes(e.id)}
                  onChange={(ev) => toggle(e.id, ev.target.checked)}
                  disabled={disabled}
                >
                  <Space wrap size={6}>
                    <strong>{e.filename}</strong>
                    <Tag>{t(`evidenceKind.${e.kind}`)}</Tag>
                    <span className="muted small">{formatSize(e.size)}</span>
                    {e.submitted ? (
                      <Tag color="processing">{t('form.evidence.submitted')}</Tag>
                    ) : e.fresh ? (
                      <Tag color="success">{t('form.evidence.uploaded')}</Tag>
                    ) : (
                      <Tag>{t('form.evidence.alreadyUploaded')}</Tag>
                    )}
                  </Space>
                </Checkbox>
                <Space size={4} wrap className="evidence-actions">
                  <PreviewButton evidence={e} />
                  {!e.submitted && !disabled && (
                    <Popconfirm
                      title={t('form.evidence.withdrawConfirm', { name: e.filename })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => withdraw(e)}
                    >
                      <Button
                        size="small"
                        danger
                        icon={<RollbackOutlined />}
                        aria-label={`${t('form.evidence.withdraw')} ${e.filename}`}
                        data-testid="evidence-withdraw"
                      >
                        {t('form.evidence.withdraw')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
                <div className="sha-line">
                  <span className="muted small">{t('form.evidence.sha256')}</span>{' '}
                  <Typography.Text code copyable className="sha" data-testid="sha256">
                    {e.sha256}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
