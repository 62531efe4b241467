import ExcelJS from 'exceljs';
import { In, IsNull } from 'typeorm';
import {
  AuditEventEntity,
  FindingEntity,
  FindingOutcomeEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import { AMOUNT_KINDS, STAGE_LABELS_ZH } from '@rectiflow/domain';
import {
  LEDGER_SHEET,
  OUTCOME_FIGURES,
  ROUND_SUMMARY_SHEET,
  noOutcomes,
  outcomesSentence,
  type OutcomeSums,
} from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { inDays, World } from '../support/world';

/** The sums of outcome rows, as a reader adds them up by hand. */
function sumRows(rows: FindingOutcomeEntity[]): OutcomeSums {
  const s = noOutcomes();
  for (const r of rows) {
    if (r.kind === 'regulation') {
      s.regulations.total++;
      if (r.regulationKind === 'new') s.regulations.new++;
      else s.regulations.revised++;
    }
    if (r.kind === 'amount') s.amountsFen[r.amountKind!] += r.amountFen!;
    if (r.kind === 'people') {
      s.people.total += r.peopleCount!;
      s.people.byKind[r.peopleKind!] = (s.people.byKind[r.peopleKind!] ?? 0) + r.peopleCount!;
    }
  }
  return s;
}

/**
 * 整改成效: the lead department and the office record regulations, amounts and people on a
 * finding; a wrong one is removed; the report's opening, the ledger and the dashboard state the
 * sums of the rows in the database. And `?asOf=`: the report's figures as the history stood at
 * the end of a past day.
 */
describe('outcomes recorded on findings, and the report as of a past day', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let ids: { atEvidence: string; closed: string; unassigned: string; withdrawn: string };

  beforeAll(async () => {
    stack = await startStack({});
    world = await World.create(stack, undefined, { title: '县委第二巡察组反馈意见' });
    api = world.api;
    const atEvidence = await world.createFinding({
      title: '公务用车管理不规范',
      dept: 'D1',
      dueAt: inDays(20),
    });
    await world.advance(atEvidence, 'evidence');
    const closed = await world.createFinding({
      title: '违规发放津贴补贴',
      dept: 'D2',
      dueAt: inDays(20),
    });
    await world.advance(closed, 'closed');
    const unassigned = await world.createFinding({ title: '待交办的问题' });
    const withdrawn = await world.createFinding({
      title: '误导入的问题',
      dept: 'D2',
      dueAt: inDays(20),
    });
    expect(
      (await api.post(`/findings/${withdrawn}/withdraw`, 'office', { reason: '重复导入' })).status,
    ).toBe(200);
    ids = { atEvidence, closed, unassigned, withdrawn };
  });

  afterAll(async () => {
    await stack?.close();
  });

  const post = (findingId: string, as: string, body: unknown) =>
    api.post(`/findings/${findingId}/outcomes`, as, body);

  const standing = () =>
    stack.dataSource
      .getRepository(FindingOutcomeEntity)
      .find({ where: { roundId: world.roundId, removedAt: IsNull() } });

  it('records outcomes of each kind, by the lead department and the office, and removes a wrong one', async () => {
    const evidenceId = await world.upload(ids.atEvidence, 'dept1', '公务用车管理办法.txt');
    const regulation = await post(ids.atEvidence, 'dept1', {
      kind: 'regulation',
      title: '《公务用车管理办法》',
      regulationKind: 'new',
      issuer: '局党委',
      issuedOn: '2026-11-20',
      evidenceId,
    });
    expect(regulation.status).toBe(201);
    expect(regulation.body).toMatchObject({ kind: 'regulation', evidenceId, amountFen: null });
    expect(
      (
        await post(ids.atEvidence, 'dept1', {
          kind: 'amount',
          amountKind: 'returned',
          amount: '665700',
        })
      ).status,
    ).toBe(201);
    const retrieved = await post(ids.atEvidence, 'dept1head', {
      kind: 'amount',
      amountKind: 'retrieved',
      amount: 1369.5,
    });
    expect(retrieved.status).toBe(201);
    expect(retrieved.body).toMatchObject({ amountFen: 136_950, amountYuan: '1369.50' });
    expect(
      (
        await post(ids.closed, 'office', {
          kind: 'amount',
          amountKind: 'recovered',
          amount: '1460000.10',
        })
      ).status,
    ).toBe(201);
    expect(
      (await post(ids.closed, 'dept2', { kind: 'people', peopleCount: 2, peopleKind: '批评教育' }))
        .status,
    ).toBe(201);
    expect(
      (
        await post(ids.closed, 'dept2head', {
          kind: 'regulation',
          title: '《津贴补贴发放管理规定》',
          regulationKind: 'revised',
          issuer: '局办公室',
          issuedOn: '2026-10-08',
        })
      ).status,
    ).toBe(201);

    // A wrong click: recorded, then removed; out of the list and every sum, kept in the history.
    const wrong = await post(ids.atEvidence, 'dept1', {
      kind: 'amount',
      amountKind: 'returned',
      amount: '999',
    });
    expect(wrong.status).toBe(201);
    const removed = await api.request(
      'DELETE',
      `/findings/${ids.atEvidence}/outcomes/${wrong.body.id}`,
      { as: 'dept1' },
    );
    expect(removed.status).toBe(204);
    expect(
      (
        await api.request('DELETE', `/findings/${ids.atEvidence}/outcomes/${wrong.body.id}`, {
          as: 'dept1',
        })
      ).status,
    ).toBe(409);
    const list = await api.get(`/findings/${ids.atEvidence}/outcomes`, 'leader1');
    expect(list.status).toBe(200);
    expect(list.body.canRecord).toBe(false);
    expect(list.body.peopleKinds).toContain('诫勉谈话');
    expect(list.body.items.map((o: { id: string }) => o.id)).not.toContain(wrong.body.id);
    expect(list.body.items).toHaveLength(3);
    const row = await stack.dataSource
      .getRepository(FindingOutcomeEntity)
      .findOneByOrFail({ id: wrong.body.id });
    expect(row.removedAt).not.toBeNull();
    expect(row.removedBy).toBe(api.userId('dept1'));

    const history = (await api.get(`/findings/${ids.atEvidence}`, 'office')).body.history as {
      action: string;
      actorId: string;
      detail: { outcomeId?: string; amountFen?: number };
    }[];
    const ofWrong = history.filter((h) => h.detail?.outcomeId === wrong.body.id);
    expect(ofWrong.map((h) => h.action)).toEqual(['outcome.recorded', 'outcome.removed']);
    expect(ofWrong[0].detail.amountFen).toBe(99_900);
  });

  it('refuses bad input naming the field', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const res = await post(ids.atEvidence, 'dept1', body);
      expect(res.status).toBe(400);
      return [...new Set((res.body.errors as { field: string }[]).map((e) => e.field))];
    };
    expect(await bad({ kind: 'amount', amountKind: 'returned', amount: '-5' })).toEqual(['amount']);
    expect(await bad({ kind: 'amount', amountKind: 'returned', amount: -5 })).toEqual(['amount']);
    expect(await bad({ kind: 'amount', amountKind: 'returned', amount: '1.234' })).toEqual([
      'amount',
    ]);
    expect(await bad({ kind: 'amount', amountKind: 'returned', amount: '0' })).toEqual(['amount']);
    expect(await bad({ kind: 'amount', amountKind: 'stolen', amount: '5' })).toEqual([
      'amountKind',
    ]);
    expect(await bad({ kind: 'bonus' })).toEqual(['kind']);
    expect(
      await bad({
        kind: 'regulation',
        regulationKind: 'new',
        issuer: '局党委',
        issuedOn: '2026-11-20',
      }),
    ).toEqual(['title']);
    expect(
      await bad({
        kind: 'regulation',
        title: '《办法》',
        regulationKind: 'new',
        issuer: '局党委',
        issuedOn: '2026-11-20',
        amount: '5',
      }),
    ).toEqual(['amount']);
    expect(await bad({ kind: 'people', peopleCount: 1, peopleKind: '罚款' })).toEqual([
      'peopleKind',
    ]);
    expect(await bad({ kind: 'people', peopleCount: 0, peopleKind: '批评教育' })).toEqual([
      'peopleCount',
    ]);
    // Another finding's file is not this regulation's text.
    const other = await world.upload(ids.closed, 'dept2');
    expect(
      await bad({
        kind: 'regulation',
        title: '《办法》',
        regulationKind: 'new',
        issuer: '局党委',
        issuedOn: '2026-11-20',
        evidenceId: other,
      }),
    ).toEqual(['evidenceId']);
  });

  it('lets only the office and the lead department record, never on a withdrawn finding', async () => {
    const amount = { kind: 'amount', amountKind: 'returned', amount: '100' };
    expect((await post(ids.atEvidence, 'leader1', amount)).status).toBe(403);
    expect((await post(ids.atEvidence, 'committee', amount)).status).toBe(403);
    expect((await post(ids.atEvidence, 'dept2', amount)).status).toBe(403);
    expect((await post(ids.closed, 'dept1', amount)).status).toBe(403);
    expect((await post(ids.withdrawn, 'office', amount)).status).toBe(409);
    expect((await api.get(`/findings/${ids.atEvidence}/outcomes`, 'dept2')).status).toBe(403);
    const mine = (await api.get(`/findings/${ids.closed}/outcomes`, 'dept2')).body.items[0];
    expect(
      (
        await api.request('DELETE', `/findings/${ids.closed}/outcomes/${mine.id}`, {
          as: 'dept1',
        })
      ).status,
    ).toBe(403);
    expect((await api.get(`/findings/${ids.closed}/outcomes`, 'dept2')).body.items).toHaveLength(3);
  });

  it('states the database sums in the report’s opening, the ledger and the dashboard', async () => {
    const rows = await standing();
    const sums = sumRows(rows);
    expect(sums.regulations.total).toBeGreaterThan(0);

    const dashboard = await api.get(`/dashboard?roundId=${world.roundId}`, 'office');
    expect(dashboard.body.outcomes).toEqual(sums);
    // A department's staff: the sums over the findings they see (their department's).
    const ofD2 = sumRows(rows.filter((r) => r.findingId === ids.closed));
    expect((await api.get(`/dashboard?roundId=${world.roundId}`, 'dept2')).body.outcomes).toEqual(
      ofD2,
    );

    const res = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/report?format=md`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    const text = await res.text();
    const sentence = outcomesSentence(sums);
    expect(sentence).toContain('清退违规资金');
    expect(text).toContain(`通过整改${sentence}。`);

    const ledger = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/ledger.xlsx`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await ledger.arrayBuffer());
    const summary = wb.getWorksheet(ROUND_SUMMARY_SHEET)!;
    const shown = new Map<string, unknown>();
    summary.eachRow((r) => shown.set(String(r.getCell(1).value), r.getCell(2).value));
    for (const f of OUTCOME_FIGURES) expect(shown.get(f.label)).toBe(f.value(sums));

    const sheet = wb.getWorksheet(LEDGER_SHEET)!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const findings = await stack.dataSource
      .getRepository(FindingEntity)
      .findBy({ id: In([ids.atEvidence, ids.closed]) });
    for (const f of findings) {
      const own = sumRows(rows.filter((r) => r.findingId === f.id));
      const row = [...Array(sheet.rowCount).keys()]
        .map((i) => sheet.getRow(i + 1))
        .find((r) => r.getCell(header.indexOf('编号') + 1).value === f.code)!;
      const cell = (label: string) => row.getCell(header.indexOf(label) + 1).value;
      expect(cell('建章立制（项）')).toBe(own.regulations.total || null);
      expect(cell('清退违规资金（元）')).toBe(own.amountsFen.returned / 100 || null);
      expect(cell('追回应由个人承担的资金（元）')).toBe(own.amountsFen.recovered / 100 || null);
      expect(cell('挽回经济损失（元）')).toBe(own.amountsFen.retrieved / 100 || null);
      expect(cell('问责处理（人）')).toBe(own.people.total || null);
    }
    for (const k of AMOUNT_KINDS) expect(Number.isInteger(sums.amountsFen[k])).toBe(true);
  });

  describe('?asOf=', () => {
    const ZONE = 'Asia/Shanghai';
    const dayIn = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(ms);
    /** The last instant of a calendar day in Shanghai (UTC+8, no daylight saving). */
    const endOf = (day: string) => new Date(Date.parse(`${day}T23:59:59.999+08:00`)).toISOString();
    const DAY = 86_400_000;
    let asOf: string;
    let round: World;
    let f: Record<
      'movedBack' | 'drafting' | 'unassigned' | 'closedBefore' | 'later' | 'withdrawnAfter',
      string
    >;

    const tasks = (findingId: string) =>
      stack.dataSource
        .getRepository(TaskEntity)
        .find({ where: { findingId }, order: { createdAt: 'ASC' } });
    const setTask = (id: string, patch: Partial<TaskEntity>) =>
      stack.dataSource.getRepository(TaskEntity).update({ id }, patch);
    const setCreated = (findingId: string, at: string) =>
      stack.dataSource.getRepository(FindingEntity).update({ id: findingId }, { createdAt: at });

    /**
     * The history of a day before today is written here directly in the database (the steps
     * were taken just now through the API): tasks' createdAt/completedAt/dueAt and findings'
     * createdAt are moved back to the day chosen, at its boundaries where it matters.
     */
    beforeAll(async () => {
      asOf = dayIn(Date.now() - 3 * DAY);
      const T = endOf(asOf);
      const before = (days: number) => new Date(Date.parse(T) - days * DAY).toISOString();
      const justAfter = new Date(Date.parse(T) + 1).toISOString();
      round = await World.create(stack, api, { title: '县委第三巡察组反馈意见' });
      const make = (title: string, dept?: 'D1' | 'D2') =>
        round.createFinding({ title, dept, dueAt: dept ? inDays(20) : undefined });
      f = {
        movedBack: await make('措施审批中的问题', 'D1'),
        drafting: await make('制定措施中的问题', 'D2'),
        unassigned: await make('当日待交办的问题'),
        closedBefore: await make('当日前已销号的问题', 'D1'),
        later: await make('次日才登记的问题', 'D2'),
        withdrawnAfter: await make('次日撤回的问题', 'D2'),
      };
      await round.advance(f.movedBack, 'evidence');
      await round.advance(f.closedBefore, 'closed');
      expect(
        (await api.post(`/findings/${f.withdrawnAfter}/withdraw`, 'office', { reason: '重复' }))
          .status,
      ).toBe(200);

      // Present on the day: created five days before its end.
      for (const id of [f.movedBack, f.drafting, f.unassigned, f.closedBefore, f.withdrawnAfter])
        await setCreated(id, before(5));
      // At approve_measures when the day ended: approved one millisecond after it, its due time
      // two days before (overdue then).
      const [draft, approve, evidence] = await tasks(f.movedBack);
      expect([draft.kind, approve.kind, evidence.kind]).toEqual([
        'draft_measures',
        'approve_measures',
        'submit_evidence',
      ]);
      await setTask(draft.id, { createdAt: before(5), completedAt: before(4) });
      await setTask(approve.id, { createdAt: before(4), completedAt: justAfter, dueAt: before(2) });
      await setTask(evidence.id, { createdAt: justAfter });
      // Its first step opened at the very last instant of the day: open then.
      const [drafting] = await tasks(f.drafting);
      await setTask(drafting.id, { createdAt: T });
      const [assign] = await tasks(f.unassigned);
      await setTask(assign.id, { createdAt: before(5) });
      const [first] = await tasks(f.withdrawnAfter);
      await setTask(first.id, { createdAt: before(5) });
      // Every step of the closed one a day before the day, in the same order.
      const steps = await tasks(f.closedBefore);
      const shift = Date.now() - Date.parse(before(1));
      for (const t of steps)
        await setTask(t.id, {
          createdAt: new Date(Date.parse(t.createdAt) - shift).toISOString(),
          completedAt: t.completedAt
            ? new Date(Date.parse(t.completedAt) - shift).toISOString()
            : null,
        });
      // One outcome recorded before the day ended, one after it.
      const early = await api.post(`/findings/${f.closedBefore}/outcomes`, 'dept1', {
        kind: 'amount',
        amountKind: 'returned',
        amount: '20000',
      });
      await stack.dataSource
        .getRepository(FindingOutcomeEntity)
        .update({ id: early.body.id }, { recordedAt: before(1) });
      await api.post(`/findings/${f.closedBefore}/outcomes`, 'dept1', {
        kind: 'amount',
        amountKind: 'retrieved',
        amount: '30000',
      });
    });

    /** Where each finding stood at the end of the day, derived by hand from the task rows. */
    async function derive() {
      const T = endOf(asOf);
      const stageOf: Record<string, string> = {
        assign: 'assign',
        draft_measures: 'draft_measures',
        approve_measures: 'approve_measures',
        submit_evidence: 'evidence',
        review_1: 'review_1',
        review_2: 'review_2',
        review_3: 'review_3',
        stage_report: 'long_term',
      };
      const rows = await stack.dataSource
        .getRepository(FindingEntity)
        .findBy({ roundId: round.roundId });
      const withdrawals = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ action: 'finding.withdrawn', findingId: In(rows.map((r) => r.id)) });
      const out: { id: string; stage: string; overdue: boolean }[] = [];
      for (const r of rows) {
        if (r.createdAt > T || withdrawals.some((w) => w.findingId === r.id && w.at <= T)) continue;
        const open = (await tasks(r.id)).filter(
          (t) => t.kind in stageOf && t.createdAt <= T && (!t.completedAt || t.completedAt > T),
        );
        expect(open.length).toBeLessThanOrEqual(1);
        out.push({
          id: r.id,
          stage: open[0] ? stageOf[open[0].kind] : 'closed',
          overdue: !!open[0]?.dueAt && open[0].dueAt < T,
        });
      }
      return out;
    }

    it('states the figures as the history stood at the end of that day', async () => {
      const then = await derive();
      const stage = (id: string) => then.find((x) => x.id === id)?.stage;
      // The scenario written above, read back from the rows.
      expect(stage(f.movedBack)).toBe('approve_measures');
      expect(stage(f.drafting)).toBe('draft_measures');
      expect(stage(f.unassigned)).toBe('assign');
      expect(stage(f.closedBefore)).toBe('closed');
      expect(stage(f.withdrawnAfter)).toBe('draft_measures');
      expect(stage(f.later)).toBeUndefined();

      const count = (p: (x: (typeof then)[number]) => boolean) => then.filter(p).length;
      const total = then.length;
      const unassigned = count((x) => x.stage === 'assign');
      const closed = count((x) => x.stage === 'closed');
      const approved = count((x) =>
        ['evidence', 'review_1', 'review_2', 'review_3', 'long_term', 'closed'].includes(x.stage),
      );
      const overdue = count((x) => x.overdue && x.stage !== 'closed');
      const res = await fetch(
        `${api.baseUrl}/api/rounds/${round.roundId}/report?format=md&asOf=${asOf}`,
        { headers: { authorization: `Bearer ${await api.token('office')}` } },
      );
      expect(res.status).toBe(200);
      const text = await res.text();
      const [y, m, d] = asOf.split('-').map(Number);
      const day = `${y}年${m}月${d}日`;
      expect(text).toContain(`（截至${day}）`);
      expect(text).toContain(
        `对巡察反馈的${total}个问题，已对其中${total - unassigned}个明确责任领导、牵头部门和整改时限，其余${unassigned}个正在研究交办`,
      );
      expect(text).toContain(`（${approved}个问题的整改措施已经审定）`);
      expect(text).toContain(
        `截至${day}，${total}个问题中已完成整改并销号${closed}个，正在推进${total - unassigned - closed}个，` +
          `其中需长期整改0个；尚未交办${unassigned}个；超过整改时限未完成${overdue}个。`,
      );
      expect(overdue).toBe(1);
      // Only the outcome recorded by then.
      const early = await stack.dataSource.getRepository(FindingOutcomeEntity).find({
        where: { findingId: f.closedBefore },
        order: { recordedAt: 'ASC' },
      });
      const byThen = sumRows(early.filter((o) => o.recordedAt <= endOf(asOf)));
      expect(text).toContain(`通过整改${outcomesSentence(byThen)}。`);
      expect(text).not.toContain('挽回经济损失');
      // Each finding as it stood: the one approved a moment after the day is still in progress.
      const line = (title: string) =>
        text
          .slice(text.indexOf(title))
          .split('\n\n')
          .find((p) => p.startsWith('完成情况')) ?? '';
      expect(line('措施审批中的问题')).toContain(`正在推进（${STAGE_LABELS_ZH.approve_measures}）`);
      expect(line('措施审批中的问题')).toContain('已超过整改时限');
      expect(text).toContain('次日撤回的问题');
      expect(text).not.toContain('次日才登记的问题');

      // Now: the current states, withdrawn and later ones as they are today.
      const current = await (
        await fetch(`${api.baseUrl}/api/rounds/${round.roundId}/report?format=md`, {
          headers: { authorization: `Bearer ${await api.token('office')}` },
        })
      ).text();
      expect(current).toContain('次日才登记的问题');
      expect(current).not.toContain('次日撤回的问题');
    });

    it('refuses a future or malformed day naming asOf', async () => {
      const tomorrow = dayIn(Date.now() + DAY);
      for (const bad of [tomorrow, '2026-13-01', '2026-02-30', 'yesterday', '2026-1-5']) {
        const res = await api.get(`/rounds/${round.roundId}/report?asOf=${bad}`, 'office');
        expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
        expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([
          'asOf',
        ]);
      }
      const docx = await fetch(
        `${api.baseUrl}/api/rounds/${round.roundId}/report?format=docx&asOf=${asOf}`,
        { headers: { authorization: `Bearer ${await api.token('office')}` } },
      );
      expect(docx.status).toBe(200);
    });
  });
});
