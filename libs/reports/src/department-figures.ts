// Per-department figures for performance appraisal (绩效考核). The dashboard and the ledger's
// summary sheet both use this one function, so the two can never disagree.

import type { DepartmentFigures, FigureFinding } from './types';

export interface DepartmentRef {
  id: string;
  code: string;
  name: string;
}

/** A finding closed at or before its due time counts as on time; one without a due time does not. */
export function closedOnTime(f: Pick<FigureFinding, 'closedAt' | 'dueAt'>): boolean {
  if (!f.closedAt || !f.dueAt) return false;
  return Date.parse(f.closedAt) <= Date.parse(f.dueAt);
}

/**
 * One row per department (in the order given), counting the findings it leads. Findings not yet
 * assigned to a department are in no row.
 */
export function departmentFigures(
  departments: DepartmentRef[],
  findings: FigureFinding[],
  /** 约谈 and 问责 records per department id (supervision records, counted in SQL). */
  records: ReadonlyMap<string, { talks: number; accountabilityRecords: number }> = new Map(),
): DepartmentFigures[] {
  const rows = new Map<string, DepartmentFigures & { onTime: number }>();
  for (const d of departments) {
    rows.set(d.id, {
      departmentId: d.id,
      code: d.code,
      name: d.name,
      total: 0,
      open: 0,
      overdue: 0,
      closed: 0,
      sentBack: 0,
      escalated: 0,
      accountability: 0,
      talks: records.get(d.id)?.talks ?? 0,
      accountabilityRecords: records.get(d.id)?.accountabilityRecords ?? 0,
      onTimeRate: null,
      onTime: 0,
    });
  }
  for (const f of findings) {
    const row = f.leadDepartmentId ? rows.get(f.leadDepartmentId) : undefined;
    if (!row) continue;
    row.total++;
    if (f.stage === 'closed') {
      row.closed++;
      if (closedOnTime(f)) row.onTime++;
    } else {
      row.open++;
    }
    if (f.overdue) row.overdue++;
    row.sentBack += f.sentBackCount;
    if (f.escalated) row.escalated++;
    row.accountability += f.accountabilityCount;
  }
  return [...rows.values()].map(({ onTime, ...row }) => ({
    ...row,
    onTimeRate: row.closed > 0 ? Math.round((onTime / row.closed) * 10_000) / 10_000 : null,
  }));
}
