import { zonedWeeks } from '@rectiflow/domain';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/**
 * The dashboard answers questions: every figure it shows drills down to GET /api/findings with
 * filters, and the list's total is the figure clicked (stages, lights and 待交办, departments,
 * leaders, overdue, escalated, closed, long-term); the weekly trend matches a count by hand
 * over the findings' own timestamps.
 */
const S = 1000;

describe('dashboard drill-down and trend', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let roundA = '';
  let roundB = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack({
      STEP_DUE: '30d',
      WARN_BEFORE: '2d',
      ESCALATE_AFTER: '0s',
      ESCALATION_INTERVAL: '1h',
    });
    world = await World.create(stack, undefined, { title: '县委第一巡察组反馈意见' });
    api = world.api;
    roundA = world.roundId;
    ids.dueSoon = await world.createFinding({ title: '临期', dept: 'D1', dueAt: inDays(1) });
    ids.onCourse = await world.createFinding({
      title: '正常',
      dept: 'D2',
      leader: 'leader1',
      dueAt: inDays(10),
    });
    // D1 co-operates on a finding D2 leads: dept1's dashboard counts it beside those D1 leads.
    const coOp = await api.post(`/findings/${ids.onCourse}/reassign`, 'office', {
      reason: '需要D1协办',
      coDepartmentIds: [world.dept('D1')],
    });
    expect(coOp.status).toBe(200);
    ids.longTerm = await world.createFinding({
      title: '长期',
      dept: 'D2',
      leader: 'leader1',
      dueAt: inDays(60),
      longTerm: true,
    });
    ids.unassigned = await world.createFinding({ title: '待交办' });
    ids.closed = await world.createFinding({ title: '销号', dept: 'D1', dueAt: inDays(20) });
    world.roundId = roundB = (
      await api.post('/rounds', 'office', { title: '审计整改', source: 'audit' })
    ).body.id;
    ids.overdue = await world.createFinding({
      title: '逾期',
      dept: 'D3',
      leader: 'leader2',
      dueAt: new Date(Date.now() + 3 * S).toISOString(),
    });
    await world.advance(ids.closed, 'closed');
    await pollUntil(
      'overdue and escalated',
      async () => {
        const f = (await api.get(`/findings/${ids.overdue}`, 'office')).body;
        return f.overdue && f.escalationLevel > 0;
      },
      60 * S,
    );
  }, 240 * S);

  afterAll(async () => {
    await stack?.close();
  });

  const list = async (q: string, as = 'office') => {
    const res = await api.get(`/findings?pageSize=500&${q}`, as);
    expect(res.status).toBe(200);
    const body = res.body as { items: { id: string }[]; total: number };
    expect(body.items).toHaveLength(body.total);
    return body;
  };

  it.each([
    ['all rounds', '', 'office'],
    ['round A', 'A', 'office'],
    ['round B', 'B', 'office'],
    // A department's staff: what D1 leads, and the finding it co-operates on.
    ['all rounds as dept1', '', 'dept1'],
    ['round A as dept1', 'A', 'dept1'],
  ])('each figure of %s equals the total of the list it drills to', async (_, which, as) => {
    const round = which === 'A' ? roundA : which === 'B' ? roundB : '';
    const r = round ? `roundId=${round}&` : '';
    const dash = (await api.get(`/dashboard${round ? `?roundId=${round}` : ''}`, as)).body;
    const live = `${r}withdrawn=false`;
    const checks: [string, number, string][] = [
      ['total', dash.total, live],
      ['overdue', dash.overdue, `${live}&overdue=true`],
      ['escalated', dash.escalated, `${live}&escalated=true`],
      ['closed', dash.closed, `${live}&stage=closed`],
      ['longTerm', dash.longTerm, `${live}&longTerm=true`],
    ];
    for (const [stage, n] of Object.entries(dash.byStage as Record<string, number>))
      checks.push([`stage ${stage}`, n, `${live}&stage=${stage}`]);
    for (const [light, n] of Object.entries(dash.byLight as Record<string, number>))
      checks.push([`light ${light}`, n, `${r}light=${light}`]);
    for (const d of dash.byDepartment) {
      const dep = `${live}&departmentId=${d.departmentId}`;
      checks.push([`${d.code} open`, d.open, `${dep}&open=true`]);
      checks.push([`${d.code} overdue`, d.overdue, `${dep}&overdue=true`]);
      checks.push([`${d.code} closed`, d.closed, `${dep}&stage=closed`]);
      checks.push([`${d.code} escalated`, d.escalated, `${dep}&escalated=true`]);
    }
    for (const l of dash.byLeader) {
      const lead = `${live}&leaderId=${l.leaderId}`;
      checks.push([`${l.leaderId} open`, l.open, `${lead}&open=true`]);
      checks.push([`${l.leaderId} overdue`, l.overdue, `${r}leaderId=${l.leaderId}&light=red`]);
      checks.push([`${l.leaderId} closed`, l.closed, `${lead}&stage=closed`]);
      for (const [light, n] of Object.entries(l.byLight as Record<string, number>))
        checks.push([
          `${l.leaderId} light ${light}`,
          n,
          `${r}leaderId=${l.leaderId}&light=${light}`,
        ]);
      for (const [stage, n] of Object.entries(l.byStage as Record<string, number>))
        checks.push([`${l.leaderId} stage ${stage}`, n, `${lead}&stage=${stage}`]);
    }
    expect(checks.length).toBeGreaterThan(20);
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const [name, n, q] of checks) {
      want[name] = n;
      got[name] = (await list(q, as)).total;
    }
    expect(got).toEqual(want);
    // dept1 sees the three findings D1 leads or co-operates on in round A, no more.
    if (as === 'dept1') expect(dash.total).toBe(3);
  });

  it('the seeded figures are the ones the filters pick out', async () => {
    const only = async (q: string) => (await list(q)).items.map((i) => i.id).sort();
    expect(await only('light=red')).toEqual([ids.overdue]);
    expect(await only('light=yellow')).toEqual([ids.dueSoon]);
    expect(await only('light=unassigned')).toEqual([ids.unassigned]);
    expect(await only('escalated=true')).toEqual([ids.overdue]);
    expect(await only('longTerm=true')).toEqual([ids.longTerm]);
    expect(await only('stage=closed')).toEqual([ids.closed]);
    expect(await only(`leaderId=${api.userId('leader2')}`)).toEqual([ids.overdue]);
    expect(await only(`open=true&roundId=${roundA}`)).toEqual(
      [ids.dueSoon, ids.onCourse, ids.longTerm, ids.unassigned].sort(),
    );
    // A department's staff drill within what they may see.
    expect((await list('light=yellow', 'dept1')).items.map((i) => i.id)).toEqual([ids.dueSoon]);
    expect((await list('light=yellow', 'dept2')).total).toBe(0);
    for (const bad of ['light=blue', 'escalated=maybe', 'leaderId=x', 'longTerm=2', 'open=no']) {
      const res = await api.get(`/findings?${bad}`, 'office');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe(bad.split('=')[0]);
    }
  });

  it('counts opened, closed and overdue per week as a count by hand over the timestamps', async () => {
    const trend = async (q = '') => {
      const res = await api.get(`/dashboard/trend${q}`, 'office');
      expect(res.status).toBe(200);
      return res.body as {
        weeks: { weekStart: string; opened: number; closed: number; overdue: number }[];
        timeZone: string;
      };
    };
    const all = await trend();
    expect(all.weeks).toHaveLength(12);
    const findings = (await list('withdrawn=false')).items as unknown as {
      id: string;
      roundId: string;
      dueAt: string | null;
    }[];
    const details = await Promise.all(
      findings.map(async (f) => (await api.get(`/findings/${f.id}`, 'office')).body),
    );
    const weeks = zonedWeeks(Date.now() - 11 * 7 * 86_400_000, Date.now(), all.timeZone, 12);
    const now = Date.now();
    const byHand = (rows: typeof details) =>
      weeks.map((w) => {
        const end = Math.min(w.endMs, now);
        const t = (iso: string | null) => (iso ? Date.parse(iso) : NaN);
        return {
          weekStart: w.weekStart,
          opened: rows.filter((f) => t(f.createdAt) >= w.startMs && t(f.createdAt) < w.endMs)
            .length,
          closed: rows.filter((f) => t(f.closedAt) >= w.startMs && t(f.closedAt) < w.endMs).length,
          overdue: rows.filter(
            (f) => t(f.createdAt) < end && t(f.dueAt) < end && !(t(f.closedAt) < end),
          ).length,
        };
      });
    expect(all.weeks).toEqual(byHand(details));
    const last = all.weeks[all.weeks.length - 1];
    expect(last.opened).toBe(6);
    expect(last.closed).toBe(1);
    expect(last.overdue).toBe(1); // this week's is counted as of now
    // One round: from the week it was created, its findings only.
    const a = await trend(`?roundId=${roundA}`);
    expect(a.weeks.map((w) => w.weekStart)).toEqual([last.weekStart]);
    expect(a.weeks[0].opened).toBe(5);
    expect((await api.get('/dashboard/trend?roundId=nope', 'office')).status).toBe(400);
  });
});
