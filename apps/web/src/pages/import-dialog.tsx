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
  Tag,
  Tree,
  Typography,
  Upload,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { ImportAnswer, PreviewArea } from '../api/types';
import { describeError } from '../i18n/api-messages';

type Source =
  | { kind: 'text'; text: string; name?: string }
  | { kind: 'json'; body: unknown; name: string }
  | { kind: 'xlsx'; file: File };

async function sourceOfFile(file: File): Promise<Source> {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return { kind: 'xlsx', file };
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

function treeData(
  areas: PreviewArea[],
  t: (k: string, o?: Record<string, unknown>) => string,
): DataNode[] {
  return areas.map((area, ai) => ({
    key: `a${ai}`,
    title: <strong>{area.title}</strong>,
    children: area.themes.map((theme, ti) => ({
      key: `a${ai}t${ti}`,
      title: theme.title,
      children: theme.findings.map((finding, fi) => ({
        key: `a${ai}t${ti}f${fi}`,
        title: (
          <span>
            {finding.title}{' '}
            <Tag variant="filled">
              {t('import.measureCount', { count: finding.measures?.length ?? 0 })}
            </Tag>
            {finding.longTerm && <Tag color="gold">{t('import.longTermTag')}</Tag>}
          </span>
        ),
        children: (finding.measures ?? []).map((m, mi) => ({
          key: `a${ai}t${ti}f${fi}m${mi}`,
          title: <span className="muted">{m}</span>,
          isLeaf: true,
        })),
      })),
    })),
  }));
}

/**
 * Import a problem list: paste text or pick a file, see what the API would create (dry run:
 * counts, warnings, the parsed outline), then confirm.
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
  const { message } = App.useApp();
  const [tab, setTab] = useState<'paste' | 'file'>('paste');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<{ answer: ImportAnswer; source: Source } | null>(null);
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setPreview(null);
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
      setPreview({ answer: await send(roundId, source, true), source });
    } catch (err) {
      setPreview(null);
      setError(err instanceof ApiError ? err.messages : [describeError(err, t)]);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const answer = await send(roundId, preview.source, false);
      void message.success(t('import.done', { count: answer.findings }));
      setPreview(null);
      setText('');
      setFile(null);
      onImported(answer);
    } catch (err) {
      setError(err instanceof ApiError ? err.messages : [describeError(err, t)]);
    } finally {
      setBusy(false);
    }
  };

  // The outline the API would create (dry runs answer it), as a tree to check before confirming.
  const tree = preview?.answer.tree ?? null;

  const a = preview?.answer;
  return (
    <Modal
      open={open}
      title={t('import.title')}
      width={920}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
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
            disabled={!a || a.findings === 0}
            loading={busy && !!preview}
            onClick={() => void confirm()}
            data-testid="import-confirm"
          >
            {t('import.confirm', { count: a?.findings ?? 0 })}
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
                accept=".txt,.md,.json,.xlsx"
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
      {a && (
        <section
          className="import-preview"
          aria-label={t('import.previewTitle')}
          data-testid="import-result"
        >
          <Typography.Title level={5}>{t('import.previewTitle')}</Typography.Title>
          <Row gutter={12}>
            {(['areas', 'themes', 'findings', 'measures', 'longTermItems'] as const).map((k) => (
              <Col key={k} xs={8} sm={4} md={4}>
                <div data-testid={`import-count-${k}`} data-value={a[k]}>
                  <Statistic title={t(`import.${k}`)} value={a[k]} />
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
          {tree && tree.length > 0 && (
            <>
              <Typography.Title level={5} className="section-title">
                {t('import.tree')}
              </Typography.Title>
              <Tree
                className="import-tree"
                showLine
                defaultExpandedKeys={tree.flatMap((area, ai) => [
                  `a${ai}`,
                  ...area.themes.map((_, ti) => `a${ai}t${ti}`),
                ])}
                treeData={treeData(tree, t)}
                selectable={false}
              />
            </>
          )}
        </section>
      )}
    </Modal>
  );
}
