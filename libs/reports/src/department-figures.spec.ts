import { closedOnTime, departmentFigures, type FigureFinding } from './index';

const base: FigureFinding = {
  leadDepartmentId: 'd1',
  stage: 'evidence',
  overdue: false,
  dueAt: '2025-09-30T15:59:59.999Z',
  closedAt: null,
  sentBackCount: 0,
  escalated: false,
  accountabilityCount: 0,
};

describe('department figures (绩效考核)', () => {
  it('counts open, overdue, closed, send-backs, escalations, accountability and the on-time rate', () => {
    const rows = departmentFigures(
      [
        { id: 'd1', code: 'D1', name: '一科' },
        { id: 'd2', code: 'D2', name: '二科' },
      ],
      [
        { ...base, overdue: true, sentBackCount: 2, escalated: true, accountabilityCount: 1 },
        { ...base, stage: 'closed', closedAt: '2025-09-30T10:00:00.000Z' },
        { ...base, stage: 'closed', closedAt: '2025-10-02T10:00:00.000Z', sentBackCount: 1 },
        { ...base, stage: 'closed', closedAt: '2025-09-01T10:00:00.000Z', leadDepartmentId: 'd2' },
        { ...base, leadDepartmentId: null },
      ],
      new Map([['d2', { talks: 1, accountabilityRecords: 2 }]]),
    );
    expect(rows).toEqual([
      {
        departmentId: 'd1',
        code: 'D1',
        name: '一科',
        total: 3,
        open: 1,
        overdue: 1,
        closed: 2,
        sentBack: 3,
        escalated: 1,
        accountability: 1,
        talks: 0,
        accountabilityRecords: 0,
        onTimeRate: 0.5,
      },
      {
        departmentId: 'd2',
        code: 'D2',
        name: '二科',
        total: 1,
        open: 0,
        overdue: 0,
        closed: 1,
        sentBack: 0,
        escalated: 0,
        accountability: 0,
        talks: 1,
        accountabilityRecords: 2,
        onTimeRate: 1,
      },
    ]);
  });

  it('has no on-time rate while nothing is closed, and no due time is never on time', () => {
    expect(
      departmentFigures([{ id: 'd1', code: 'D1', name: '一科' }], [base])[0].onTimeRate,
    ).toBeNull();
    expect(closedOnTime({ closedAt: '2025-01-01T00:00:00Z', dueAt: null })).toBe(false);
    expect(closedOnTime({ closedAt: '2025-01-01T00:00:00Z', dueAt: '2025-01-01T00:00:00Z' })).toBe(
      true,
    );
  });
});
