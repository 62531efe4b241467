import { checkReturnAssignment, RETURNABLE_STAGES } from './assignment-return';
import { STAGES } from './vocabulary';
import type { Actor } from './actor';

const clerk: Actor = { userId: 'u1', roles: ['department'], departmentId: 'D1' };
const head: Actor = { userId: 'u2', roles: ['department_head'], departmentId: 'D1' };
const otherDept: Actor = { userId: 'u3', roles: ['department'], departmentId: 'D2' };
const office: Actor = { userId: 'u4', roles: ['office'], departmentId: 'D1' };

describe('退回交办: who may return an assignment, and when', () => {
  const at = (stage: (typeof STAGES)[number], withdrawn = false) => ({
    stage,
    leadDepartmentId: 'D1',
    withdrawn,
  });

  it('lets the lead department’s clerk or head return it before the measures are approved', () => {
    for (const actor of [clerk, head]) {
      for (const stage of STAGES) {
        const verdict = checkReturnAssignment(actor, at(stage));
        expect({ stage, ok: verdict.ok }).toEqual({
          stage,
          ok: RETURNABLE_STAGES.includes(stage),
        });
      }
    }
    expect(RETURNABLE_STAGES).toEqual(['draft_measures', 'approve_measures']);
  });

  it('refuses anyone else (forbidden) and a withdrawn finding (conflict)', () => {
    expect(checkReturnAssignment(otherDept, at('draft_measures'))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    // The office is not the department, even with a department id.
    expect(checkReturnAssignment(office, at('draft_measures'))).toMatchObject({
      ok: false,
      reason: 'forbidden',
    });
    expect(checkReturnAssignment(clerk, { stage: 'assign', leadDepartmentId: null })).toMatchObject(
      { ok: false, reason: 'forbidden' },
    );
    expect(checkReturnAssignment(clerk, at('draft_measures', true))).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
    expect(checkReturnAssignment(clerk, at('evidence'))).toMatchObject({
      ok: false,
      reason: 'conflict',
    });
  });
});
