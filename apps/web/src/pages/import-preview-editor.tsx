import {
  ClockCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  MergeCellsOutlined,
  ScissorOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Alert, Button, Input, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  allFindings,
  assignedCount,
  dropFinding,
  editFinding,
  fillAssignments,
  findingOf,
  mergeWithNext,
  moveLongTermEntry,
  placeOf,
  setAssignment,
  splitFinding,
  type EditableArea,
  type EditableFinding,
} from './import-corrections';
import { AssignBar, RowAssignmentControls } from './import-assignments';

type Dialog =
  | { kind: 'edit'; key: string }
  | { kind: 'split'; key: string }
  | { kind: 'longTerm'; key: string }
  | null;

let splitCounter = 0;

/** For a button antd renders from props (a modal's OK): the attribute the tests find it by. */
function testId(id: string): Record<string, string> {
  return { 'data-testid': id };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Title, measures and theme of one finding. */
function EditDialog({
  tree,
  finding,
  onSave,
  onClose,
}: {
  tree: EditableArea[];
  finding: EditableFinding;
  onSave(patch: { title: string; measures: string[]; area: number; theme: number }): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const at = placeOf(tree, finding.key);
  const [title, setTitle] = useState(finding.title);
  const [measures, setMeasures] = useState(finding.measures.join('\n'));
  const [theme, setTheme] = useState(at ? `${at.area}:${at.theme}` : '0:0');
  const [area, themeIndex] = theme.split(':').map(Number);
  return (
    <Modal
      open
      title={t('import.edit.title')}
      onCancel={onClose}
      okText={t('import.edit.save')}
      okButtonProps={{ disabled: title.trim() === '', ...testId('correction-save') }}
      onOk={() =>
        onSave({ title: title.trim(), measures: lines(measures), area, theme: themeIndex })
      }
      destroyOnHidden
    >
      <label className="block-label">
        <span>{t('import.edit.findingTitle')}</span>
        <Input.TextArea
          value={title}
          onChange={(e) => setTitle(e.target.value.replace(/\n/g, ''))}
          autoSize={{ minRows: 1, maxRows: 4 }}
          data-testid="correction-title"
        />
      </label>
      <label className="block-label">
        <span>{t('import.edit.measures')}</span>
        <Input.TextArea
          value={measures}
          onChange={(e) => setMeasures(e.target.value)}
          autoSize={{ minRows: 3, maxRows: 10 }}
          data-testid="correction-measures"
        />
      </label>
      <label className="block-label">
        <span>{t('import.edit.theme')}</span>
        <Select
          value={theme}
          onChange={setTheme}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="correction-theme"
          options={tree.map((a, ai) => ({
            label: a.title,
            title: a.title,
            options: a.themes.map((th, ti) => ({
              value: `${ai}:${ti}`,
              label: `${a.title} / ${th.title}`,
            })),
          }))}
        />
      </label>
    </Modal>
  );
}

/** One finding that should be two: where its measures divide, and the two titles. */
function SplitDialog({
  finding,
  onSave,
  onClose,
}: {
  finding: EditableFinding;
  onSave(at: number, titles: [string, string]): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [at, setAt] = useState(Math.max(1, Math.ceil(finding.measures.length / 2)));
  const [first, setFirst] = useState(finding.title);
  const [second, setSecond] = useState('');
  return (
    <Modal
      open
      title={t('import.split.title')}
      onCancel={onClose}
      okText={t('import.split.save')}
      okButtonProps={{
        disabled: first.trim() === '' || second.trim() === '',
        ...testId('split-save'),
      }}
      onOk={() => onSave(at, [first.trim(), second.trim()])}
      destroyOnHidden
    >
      <label className="block-label">
        <span>{t('import.split.firstTitle')}</span>
        <Input value={first} onChange={(e) => setFirst(e.target.value)} data-testid="split-first" />
      </label>
      <label className="block-label">
        <span>{t('import.split.secondTitle')}</span>
        <Input
          value={second}
          onChange={(e) => setSecond(e.target.value)}
          data-testid="split-second"
        />
      </label>
      <label className="block-label">
        <span>{t('import.split.at')}</span>
        <Select
          value={at}
          onChange={setAt}
          data-testid="split-at"
          // The second finding starts at measure i (from 1: each part keeps at least one).
          options={finding.measures.slice(1).map((m, j) => ({
            value: j + 1,
            label: t('import.split.atMeasure', { n: j + 2, text: m.slice(0, 40) }),
          }))}
        />
      </label>
    </Modal>
  );
}

/** Which finding a long-term entry belongs to. */
function LongTermDialog({
  tree,
  finding,
  onSave,
  onClose,
}: {
  tree: EditableArea[];
  finding: EditableFinding;
  onSave(toKey: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<string | null>(null);
  const entry = finding.longTermEntry;
  if (!entry) return null;
  return (
    <Modal
      open
      title={t('import.longTerm.title')}
      onCancel={onClose}
      okText={t('import.longTerm.save')}
      okButtonProps={{ disabled: target === null, ...testId('longterm-save') }}
      onOk={() => target && onSave(target)}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <strong>{entry.title}</strong>
        {entry.progress && <span className="muted">：{entry.progress}</span>}
      </Typography.Paragraph>
      <Typography.Paragraph className="muted">
        {t('import.longTerm.now', { title: finding.title })}
      </Typography.Paragraph>
      {finding.ownEntry && (
        <Alert type="info" showIcon title={t('import.longTerm.ownNote')} className="form-context" />
      )}
      <label className="block-label">
        <span>{t('import.longTerm.target')}</span>
        <Select
          value={target}
          onChange={setTarget}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('import.longTerm.placeholder')}
          data-testid="longterm-target"
          options={allFindings(tree)
            .filter((f) => f.key !== finding.key)
            .map((f) => ({ value: f.key, label: f.title }))}
        />
      </label>
    </Modal>
  );
}

const MATCH_COLOR: Record<string, string> = { words: 'orange', office: 'blue' };

/**
 * The parsed outline, correctable before it is imported: edit a title or the measures, move a
 * finding to another theme, split one or merge two, drop a line that is no finding, and tie a
 * long-term entry to the finding it belongs to.
 */
export function ImportPreviewEditor({
  tree,
  modified,
  onChange,
  onUpdate,
  onReset,
}: {
  tree: EditableArea[];
  modified: boolean;
  onChange(tree: EditableArea[]): void;
  /** A change made from the latest tree (an overseer proposed after a round trip). */
  onUpdate(change: (tree: EditableArea[]) => EditableArea[]): void;
  onReset(): void;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog>(null);
  /** Rows ticked for 填入所选 (keys of rows since removed are ignored). */
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const rows = allFindings(tree);
  const ticked = new Set(rows.filter((f) => selected.has(f.key)).map((f) => f.key));
  const tick = (key: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const close = () => setDialog(null);
  const current = dialog ? findingOf(tree, dialog.key) : null;
  let findingNo = 0;

  return (
    <div className="import-editor">
      <Space className="import-editor-head" wrap>
        <Typography.Title level={5} className="section-title">
          {t('import.tree')}
        </Typography.Title>
        <span className="muted">{t('import.editHint')}</span>
        {modified && (
          <>
            <Tag color="blue" data-testid="import-modified">
              {t('import.modified')}
            </Tag>
            <Button size="small" icon={<UndoOutlined />} onClick={onReset}>
              {t('import.reset')}
            </Button>
          </>
        )}
      </Space>
      <AssignBar
        total={rows.length}
        selected={ticked.size}
        assigned={assignedCount(tree)}
        onSelectAll={(all) => setSelected(new Set(all ? rows.map((f) => f.key) : []))}
        onApply={(patch) => onUpdate((latest) => fillAssignments(latest, ticked, patch))}
      />
      <div className="import-tree">
        {tree.map((area, ai) => (
          <section key={`${ai}-${area.title}`} className="import-area">
            <div className="import-area-title">{area.title}</div>
            {area.themes.map((theme, ti) => (
              <div key={`${ti}-${theme.title}`} className="import-theme">
                <div className="import-theme-title">{theme.title}</div>
                {theme.findings.map((f, fi) => (
                  <div
                    key={f.key}
                    className="import-finding"
                    data-testid="preview-finding"
                    data-key={f.key}
                    data-title={f.title}
                  >
                    <div className="import-finding-head">
                      <span className="import-finding-title">
                        （{++findingNo}）{f.title}
                      </span>
                      <Tag variant="filled">
                        {t('import.measureCount', { count: f.measures.length })}
                      </Tag>
                      {f.longTerm && <Tag color="gold">{t('import.longTermTag')}</Tag>}
                      <Space size={0} className="import-finding-actions" wrap>
                        <Button
                          size="small"
                          type="link"
                          icon={<EditOutlined />}
                          onClick={() => setDialog({ kind: 'edit', key: f.key })}
                          data-testid="finding-edit"
                        >
                          {t('import.actions.edit')}
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          icon={<ScissorOutlined />}
                          disabled={f.measures.length < 2}
                          onClick={() => setDialog({ kind: 'split', key: f.key })}
                          data-testid="finding-split"
                        >
                          {t('import.actions.split')}
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          icon={<MergeCellsOutlined />}
                          disabled={fi === theme.findings.length - 1}
                          onClick={() => onChange(mergeWithNext(tree, f.key))}
                          data-testid="finding-merge"
                        >
                          {t('import.actions.merge')}
                        </Button>
                        <Popconfirm
                          title={t('import.actions.dropConfirm')}
                          onConfirm={() => onChange(dropFinding(tree, f.key))}
                          okButtonProps={testId('finding-drop-confirm')}
                        >
                          <Button
                            size="small"
                            type="link"
                            danger
                            icon={<DeleteOutlined />}
                            data-testid="finding-drop"
                          >
                            {t('import.actions.drop')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    </div>
                    <RowAssignmentControls
                      value={f.assignment}
                      selected={ticked.has(f.key)}
                      onSelect={(on) => tick(f.key, on)}
                      onChange={(patch) =>
                        onUpdate((latest) => setAssignment(latest, f.key, patch))
                      }
                    />
                    {f.longTermEntry && (
                      <div className="import-long-term" data-testid="preview-long-term">
                        <ClockCircleOutlined />{' '}
                        <span>
                          {t('import.longTerm.entry')}“{f.longTermEntry.title}”
                        </span>{' '}
                        <Tag color={MATCH_COLOR[f.longTermEntry.match] ?? 'default'}>
                          {t(`import.match.${f.longTermEntry.match}`)}
                        </Tag>
                        <Button
                          size="small"
                          type="link"
                          onClick={() => setDialog({ kind: 'longTerm', key: f.key })}
                          data-testid="finding-long-term"
                        >
                          {t('import.actions.longTerm')}
                        </Button>
                        {f.longTermEntry.progress && (
                          <div className="import-long-term-text muted">
                            {f.longTermEntry.progress}
                          </div>
                        )}
                      </div>
                    )}
                    <ol className="import-measures muted">
                      {f.measures.map((m, mi) => (
                        <li key={mi}>{m}</li>
                      ))}
                    </ol>
                  </div>
                ))}
              </div>
            ))}
          </section>
        ))}
      </div>
      {dialog?.kind === 'edit' && current && (
        <EditDialog
          tree={tree}
          finding={current}
          onClose={close}
          onSave={(patch) => {
            onChange(editFinding(tree, current.key, patch));
            close();
          }}
        />
      )}
      {dialog?.kind === 'split' && current && (
        <SplitDialog
          finding={current}
          onClose={close}
          onSave={(at, titles) => {
            onChange(splitFinding(tree, current.key, at, titles, `s${++splitCounter}`));
            close();
          }}
        />
      )}
      {dialog?.kind === 'longTerm' && current && (
        <LongTermDialog
          tree={tree}
          finding={current}
          onClose={close}
          onSave={(toKey) => {
            onChange(moveLongTermEntry(tree, current.key, toKey));
            close();
          }}
        />
      )}
    </div>
  );
}
