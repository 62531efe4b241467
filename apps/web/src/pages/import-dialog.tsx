import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  Descriptions,
  Input,
  Modal,
  Row,
  Space,
  Statistic,
  Tabs,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { ImportAnswer } from '../api/types';
import { describeError, explainApiMessage } from '../i18n/api-messages';
import {
  allFindings,
  assignedCount,
  countOf,
  editableTree,
  treeBody,
  type EditableArea,
} from './import-corrections';
import { ImportPreviewEditor } from './import-preview-editor';

type Source =
  | { kind: 'text'; text: string; name?: string }
  | { kind: 'json'; body: unknown; name: string }
  /** Read by the API: a Word or PDF report, or the XLSX template. */
  | { kind: 'file'; file: File };

const BINARY = ['.docx', '.pdf', '.xlsx'];

async function sourceOfFile(file: File): Promise<Source> {
  const name = file.name.toLowerCase();
  if (BINARY.some((ext) => name.endsWith(ext))) return { kind: 'file', file };
  const text = await file.text();
  if (name.endsWith('.json'))
    return { kind: 'json', body: JSON.parse(text) as unknown, name: file.name };
  return { kind: 'text', text, name: file.name };
}

function send(roundId: string, source: Source, dryRun: boolean): Promise<ImportAnswer> {
  const path = `/rounds/${roundId}/import${dryRun ? '?dryRun=true' : ''}`;
  if (source.kind === 'text') return api.post<ImportAnswer>(path, source.text);
  if (source.kind === 'json') return api.post<ImportAnswer>(path, source.body);
  const form = new FormData();
  form.append('file', source.file);
  return api.post<ImportAnswer>(path, form);
}

/**
 * Import a problem list: paste text or pick a file (text, Word, PDF, the XLSX template), see
 * what the API would create (dry run: counts, warnings, the parsed outline), correct the outline
 * where the parser got it wrong, then confirm. An uncorrected preview is confirmed by sending
 * the source again; a corrected one as the JSON tree with the preview's `origin`, so the import
 * is recorded as the document with the office's corrections.
 */
export function ImportDialog({
  roundId,
  open,
  onClose,
  onImported,
}: {
  roundId: string;
  open: boolean;
  onClose(): void;
  onImported(answer: ImportAnswer): void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [tab, setTab] = useState<'paste' | 'file'>('paste');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<{ answer: ImportAnswer; source: Source } | null>(null);
  const [edited, setEdited] = useState<EditableArea[] | null>(null);
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const parsedTree = useMemo(
    () => (preview?.answer.tree ? editableTree(preview.answer.tree) : null),
    [preview],
  );
  const modified =
    !!edited &&
    !!parsedTree &&
    JSON.stringify(treeBody(edited)) !== JSON.stringify(treeBody(parsedTree));

  const reset = () => {
    setPreview(null);
    setEdited(null);
    setError([]);
  };

  const currentSource = async (): Promise<Source | null> => {
    if (tab === 'paste') return text.trim() ? { kind: 'text', text } : null;
    return file ? sourceOfFile(file) : null;
  };

  const runPreview = async () => {
    setError([]);
    let source: Source | null;
    try {
      source = await currentSource();
    } catch (err) {
      setError([describeError(err, t)]);
      return;
    }
    if (!source) {
      setError([t('import.chooseFirst')]);
      return;
    }
    setBusy(true);
    try {
      const answer = await send(roundId, source, true);
      setPreview({ answer, source });
      setEdited(answer.tree ? editableTree(answer.tree) : null);
    } catch (err) {
      setPreview(null);
      setEdited(null);
      setError(
        err instanceof ApiError
          ? err.messages.map((m) => explainApiMessage(m, t, err.errors))
          : [describeError(err, t)],
      );
    } finally {
      setBusy(false);
    }
  };

  const toAssign = edited ? assignedCount(edited) : 0;

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const a = preview.answer;
      // Corrected or assigning, the tree goes as JSON (with the preview's origin, so the import
      // is still recorded as the document); otherwise the source goes again as it was.
      const titles = edited ? allFindings(edited).map((f) => f.title) : [];
      const answer =
        (modified || toAssign > 0) && edited
          ? await api.post<ImportAnswer>(`/rounds/${roundId}/import`, {
              areas: treeBody(edited, true),
              ...(a.publication ? { publication: a.publication } : {}),
              ...(a.origin ? { origin: a.origin } : {}),
            })
          : await send(roundId, preview.source, false);
      const assigned = answer.assigned?.length ?? 0;
      void message.success(
        assigned > 0
          ? t('import.doneAssigned', { count: answer.findings, assigned })
          : t('import.done', { count: answer.findings }),
      );
      if (answer.failed?.length)
        modal.warning({
          title: t('import.assign.failed', { count: answer.failed.length }),
          content: (
            <ul className="plain-list" data-testid="import-assign-failed">
              {answer.failed.map((f) => (
                <li key={f.findingId}>
                  （{f.index + 1}）{titles[f.index] ?? ''}：{explainApiMessage(f.message, t)}
                </li>
              ))}
            </ul>
          ),
        });
      setPreview(null);
      setEdited(null);
      setText('');
      setFile(null);
      onImported(answer);
    } catch (err) {
      setError(err instanceof ApiError ? err.messages : [describeError(err, t)]);
    } finally {
      setBusy(false);
    }
  };

  const a = preview?.answer;
  // Corrected, the counts are those of the tree that will be sent.
  const counts = a && modified && edited ? countOf(edited) : a;
  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={920}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space wrap className="import-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            onClick={() => void runPreview()}
            loading={busy && !preview}
            data-testid="import-preview"
          >
            {t('import.preview')}
          </Button>
          <Button
            type="primary"
            disabled={!counts || counts.findings === 0}
            loading={busy && !!preview}
            onClick={() => void confirm()}
            data-testid="import-confirm"
          >
            {toAssign > 0
              ? t('import.confirmAssign', { count: counts?.findings ?? 0, assigned: toAssign })
              : t('import.confirm', { count: counts?.findings ?? 0 })}
          </Button>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as 'paste' | 'file');
          reset();
        }}
        items={[
          {
            key: 'paste',
            label: t('import.paste'),
            children: (
              <label className="block-label">
                <span>{t('import.textLabel')}</span>
                <Input.TextArea
                  value={text}
                  onChange={(e) => {
                    setText(e.target.value);
                    reset();
                  }}
                  autoSize={{ minRows: 8, maxRows: 12 }}
                  placeholder={t('import.textPlaceholder')}
                  data-testid="import-text"
                />
              </label>
            ),
          },
          {
            key: 'file',
            label: t('import.file'),
            children: (
              <Upload.Dragger
                accept=".docx,.pdf,.txt,.md,.json,.xlsx"
                maxCount={1}
                beforeUpload={(f) => {
                  setFile(f);
                  reset();
                  return false;
                }}
                onRemove={() => {
                  setFile(null);
                  reset();
                }}
                fileList={file ? [{ uid: 'import', name: file.name, status: 'done' }] : []}
                data-testid="import-file"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('import.fileHint')}</p>
              </Upload.Dragger>
            ),
          },
        ]}
      />
      {error.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="form-context"
          title={
            <ul className="error-list">
              {error.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          }
        />
      )}
      {a && counts && (
        <section
          className="import-preview"
          aria-label={t('import.previewTitle')}
          data-testid="import-result"
        >
          <Typography.Title level={5}>{t('import.previewTitle')}</Typography.Title>
          <Row gutter={12}>
            {(['areas', 'themes', 'findings', 'measures', 'longTermItems'] as const).map((k) => (
              <Col key={k} xs={8} sm={4} md={4}>
                <div data-testid={`import-count-${k}`} data-value={counts[k]}>
                  <Statistic title={t(`import.${k}`)} value={counts[k]} />
                </div>
              </Col>
            ))}
          </Row>
          <div className="section-gap" />
          {a.warnings.length ? (
            <Alert
              type="warning"
              showIcon
              title={`${t('import.warnings')}（${a.warnings.length}）`}
              description={
                <ul className="error-list">
                  {a.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              }
            />
          ) : (
            <Alert type="success" showIcon title={t('import.noWarnings')} />
          )}
          {a.publication && (
            <>
              <div className="section-gap" />
              <Descriptions
                size="small"
                bordered
                title={t('import.publication')}
                column={{ xs: 1, md: 2 }}
                items={[
                  {
                    key: 'window',
                    label: t('import.window'),
                    children: `${a.publication.from ?? '?'} — ${a.publication.to ?? '?'}`,
                  },
                  { key: 'phone', label: t('import.phone'), children: a.publication.phone ?? '—' },
                  { key: 'email', label: t('import.email'), children: a.publication.email ?? '—' },
                  {
                    key: 'address',
                    label: t('import.address'),
                    children: `${a.publication.address ?? '—'} ${a.publication.postcode ?? ''}`,
                  },
                ]}
              />
            </>
          )}
          {edited && edited.length > 0 && parsedTree && (
            <ImportPreviewEditor
              tree={edited}
              modified={modified}
              onChange={setEdited}
              onUpdate={(change) => setEdited((tree) => (tree ? change(tree) : tree))}
              onReset={() => setEdited(parsedTree)}
            />
          )}
        </section>
      )}
    </Modal>
  );
}
