import { Button, Checkbox, DatePicker, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Page, User } from '../api/types';
import { useOrganisation } from '../auth/organisation';
import { notBeforeToday } from '../tasks/dates';
import type { RowAssignment } from './import-corrections';

/**
 * The leader who oversees a department (分管领导, GET /departments/:id/overseers), asked once
 * per department: choosing a lead department proposes them, as the assign form does.
 */
export function useOverseers(): (departmentId: string) => Promise<string | undefined> {
  const cache = useRef(new Map<string, Promise<string | undefined>>());
  return useCallback((departmentId: string) => {
    let answer = cache.current.get(departmentId);
    if (!answer) {
      answer = api
        .get<Page<User>>(`/departments/${departmentId}/overseers`)
        .then((page) => page.items.find((u) => u.active !== false)?.id)
        .catch(() => undefined);
      cache.current.set(departmentId, answer);
    }
    return answer;
  }, []);
}

function useChoices() {
  const org = useOrganisation();
  const leaders = org.leaders
    .filter((u) => u.active !== false)
    .map((u) => ({ value: u.id, label: u.displayName }));
  const departments = org.departments
    .filter((d) => d.active !== false)
    .map((d) => ({ value: d.id, label: `${d.name}（${d.code}）` }));
  return { leaders, departments };
}

/** The four fields of one assignment, in a row (the bar) or under a previewed finding. */
function AssignmentControls({
  value,
  onChange,
  testIdPrefix,
  proposedLeader,
}: {
  value: RowAssignment;
  onChange(patch: RowAssignment): void;
  testIdPrefix: string;
  proposedLeader: boolean;
}) {
  const { t } = useTranslation();
  const { leaders, departments } = useChoices();
  return (
    <div className="import-assign-fields">
      <Select
        size="small"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('import.assign.department')}
        options={departments}
        value={value.leadDepartmentId}
        onChange={(v: string | undefined) => onChange({ leadDepartmentId: v })}
        aria-label={t('import.assign.department')}
        data-testid={`${testIdPrefix}-department`}
        className="import-assign-department"
      />
      <span className="import-assign-leader">
        <Select
          size="small"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('import.assign.leader')}
          options={leaders}
          value={value.responsibleLeaderId}
          onChange={(v: string | undefined) => onChange({ responsibleLeaderId: v })}
          aria-label={t('import.assign.leader')}
          data-testid={`${testIdPrefix}-leader`}
        />
        {proposedLeader && (
          <Tag color="blue" className="overseer-tag" data-testid={`${testIdPrefix}-overseer`}>
            {t('form.assign.overseer')}
          </Tag>
        )}
      </span>
      <Select
        size="small"
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('import.assign.coDepartments')}
        options={departments.filter((d) => d.value !== value.leadDepartmentId)}
        value={value.coDepartmentIds ?? []}
        onChange={(v: string[]) => onChange({ coDepartmentIds: v })}
        aria-label={t('import.assign.coDepartments')}
        data-testid={`${testIdPrefix}-co`}
        className="import-assign-co"
      />
      <DatePicker
        size="small"
        placeholder={t('import.assign.dueAt')}
        disabledDate={notBeforeToday}
        value={value.dueAt ? dayjs(value.dueAt) : null}
        onChange={(d: Dayjs | null) => onChange({ dueAt: d ? d.format('YYYY-MM-DD') : undefined })}
        aria-label={t('import.assign.dueAt')}
        data-testid={`${testIdPrefix}-due`}
        className="import-assign-due"
      />
    </div>
  );
}

/**
 * 填入所选: one leader, lead department, co-departments and due day for the rows ticked (or
 * for every row when none is), the leader proposed from the department's 分管.
 */
export function AssignBar({
  total,
  selected,
  assigned,
  onSelectAll,
  onApply,
}: {
  total: number;
  selected: number;
  assigned: number;
  onSelectAll(all: boolean): void;
  onApply(patch: RowAssignment): void;
}) {
  const { t } = useTranslation();
  const overseerOf = useOverseers();
  const [value, setValue] = useState<RowAssignment>({});
  /** The leader the bar last proposed; null once one is chosen by hand. */
  const proposed = useRef<string | null>(null);
  const [, rerender] = useState(0);

  const change = (patch: RowAssignment) => {
    setValue((v) => ({ ...v, ...patch }));
    if ('responsibleLeaderId' in patch) proposed.current = null;
    const dept = patch.leadDepartmentId;
    if (!dept) return;
    void overseerOf(dept).then((leader) => {
      if (!leader) return;
      setValue((v) => {
        // A leader chosen by hand is never replaced.
        if (v.responsibleLeaderId && v.responsibleLeaderId !== proposed.current) return v;
        proposed.current = leader;
        return { ...v, responsibleLeaderId: leader };
      });
      rerender((n) => n + 1);
    });
  };
  const empty =
    !value.responsibleLeaderId &&
    !value.leadDepartmentId &&
    !value.dueAt &&
    !(value.coDepartmentIds ?? []).length;

  return (
    <div className="import-assign-bar" data-testid="import-assign-bar">
      <Space wrap size={[8, 4]} className="import-assign-bar-head">
        <Checkbox
          checked={selected > 0 && selected === total}
          indeterminate={selected > 0 && selected < total}
          onChange={(e) => onSelectAll(e.target.checked)}
          data-testid="fill-select-all"
        >
          {t('import.assign.selectAll')}
        </Checkbox>
        <Typography.Text strong>{t('import.assign.title')}</Typography.Text>
        <Typography.Text type="secondary" data-testid="import-assigned-count" data-value={assigned}>
          {t('import.assign.status', { assigned, total })}
        </Typography.Text>
      </Space>
      <AssignmentControls
        value={value}
        onChange={change}
        testIdPrefix="fill"
        proposedLeader={!!proposed.current && proposed.current === value.responsibleLeaderId}
      />
      <Button
        size="small"
        type="primary"
        ghost
        disabled={empty}
        onClick={() => onApply(value)}
        data-testid="fill-apply"
      >
        {selected > 0
          ? t('import.assign.applySelected', { count: selected })
          : t('import.assign.applyAll', { count: total })}
      </Button>
    </div>
  );
}

/** One previewed finding's own assignment, with a tick to include it in 填入所选. */
export function RowAssignmentControls({
  value,
  selected,
  onSelect,
  onChange,
}: {
  value: RowAssignment;
  selected: boolean;
  onSelect(on: boolean): void;
  onChange(patch: RowAssignment): void;
}) {
  const { t } = useTranslation();
  const overseerOf = useOverseers();
  const [proposed, setProposed] = useState<string | null>(null);
  const change = (patch: RowAssignment) => {
    onChange(patch);
    if ('responsibleLeaderId' in patch) setProposed(null);
    const dept = patch.leadDepartmentId;
    if (dept && (!value.responsibleLeaderId || value.responsibleLeaderId === proposed)) {
      void overseerOf(dept).then((leader) => {
        if (!leader) return;
        setProposed(leader);
        onChange({ responsibleLeaderId: leader });
      });
    }
  };
  return (
    <div className="import-row-assign">
      <Checkbox
        checked={selected}
        onChange={(e) => onSelect(e.target.checked)}
        aria-label={t('import.assign.selectRow')}
        data-testid="row-select"
      />
      <AssignmentControls
        value={value}
        onChange={change}
        testIdPrefix="row"
        proposedLeader={!!proposed && proposed === value.responsibleLeaderId}
      />
    </div>
  );
}
