import { AuditEventEntity, MeetingDecisionEntity, ReviewEntity } from '@rectiflow/persistence';
import { docxParagraphs } from '../../libs/reports/src/test-support/docx-text';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World, inDays } from '../support/world';

const S = 1000;

/**
 * 专题会议 over HTTP on the real Temporal dev server and database: the office creates a meeting;
 * its agenda lists, from the read model, the findings awaiting the committee's final review,
 * the overdue or escalated ones, the long-term stage reports and look-backs since the previous
 * meeting and the open 督办单; the pack is a DOCX with a table per section; the decisions
 * (accept, send back, extend) become the findings' own steps, audited with the meeting's id;
 * a batch that cannot be applied as a whole is refused before anything is done.
 */
describe('committee meetings (专题会议)', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  const ids: Record<string, string> = {};
  let meetingId = '';

  beforeAll(async () => {
    // A closed finding's look-back opens at once; an overdue step escalates at once.
    stack = await startStack({ LOOK_BACK_AFTER: '1s', ESCALATE_AFTER: '0s' });
    world = await World.create(stack, undefined, { title: '县委第二巡察组反馈意见' });
    api = world.api;
    // Due in a few seconds: overdue (and escalated) by the time the meeting is created.
    ids.late = await world.createFinding({
      title: '逾期：专项资金未清理',
      dept: 'D2',
      leader: 'leader2',
      dueAt: new Date(Date.now() + 5 * S).toISOString(),
    });
    ids.accept = await world.createFinding({ title: '待审定：制度未修订', dept: 'D1' });
    ids.sendBack = await world.createFinding({ title: '待审定：台账不完整', dept: 'D3' });
    ids.longTerm = await world.createFinding({
      title: '长期：人才队伍建设',
      dept: 'D1',
      longTerm: true,
    });
    ids.lookBack = await world.createFinding({ title: '回头看：公务用车', dept: 'D2' });
    ids.order = await world.createFinding({ title: '督办：资产清查滞后', dept: 'D3' });
    ids.quiet = await world.createFinding({ title: '正常推进：学习制度', dept: 'D1' });
    await world.advance(ids.accept, 'review_3');
    await world.advance(ids.sendBack, 'review_3');
    await world.advance(ids.longTerm, 'long_term');
    await pollUntil('the stage report task', () => world.task(ids.longTerm, 'stage_report'));
    await world.step(ids.longTerm); // the final stage report: on to review_1
    await world.advance(ids.lookBack, 'closed');
    const lookBack = await pollUntil(
      'the look-back task',
      () => api.taskFor('supervisor', ids.lookBack, 'look_back'),
      30 * S,
    );
    expect(
      (
        await api.post(`/tasks/${lookBack.id}/complete`, 'supervisor', {
          outcome: 'relapsed',
          comment: '台账管理出现反弹',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api.post(`/findings/${ids.order}/supervision-orders`, 'supervisor', {
          departmentId: world.dept('D3'),
          requirement: '请于十日内完成资产清查',
          dueAt: inDays(10).slice(0, 10),
        })
      ).status,
    ).toBe(201);
    await pollUntil(
      'the late finding escalated',
      async () => {
        const f = (await api.get(`/findings/${ids.late}`, 'office')).body;
        return f.overdue && f.escalationLevel > 0;
      },
      60 * S,
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  const sectionIds = (detail: any) =>
    Object.fromEntries(
      detail.agenda.map((s: any) => [s.key, s.items.map((i: any) => i.findingId).sort()]),
    );

  it('creates a meeting whose agenda lists exactly the findings of each section', async () => {
    const created = await api.post('/meetings', 'office', {
      heldOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
      title: '巡察整改工作领导小组第一次专题会议',
      attendees: '张书记、李局长、整改办',
      attendeeIds: [api.userId('leader1')],
    });
    expect(created.status).toBe(201);
    meetingId = created.body.id;
    expect(created.body).toMatchObject({
      title: '巡察整改工作领导小组第一次专题会议',
      attendeeNames: [expect.any(String)],
      since: null,
      decisions: [],
    });
    expect(sectionIds(created.body)).toEqual({
      review: [ids.accept, ids.sendBack].sort(),
      overdue: [ids.late],
      stage_reports: [ids.longTerm],
      look_backs: [ids.lookBack],
      orders: [ids.order],
    });
    const review = created.body.agenda.find((s: any) => s.key === 'review');
    const accept = review.items.find((i: any) => i.findingId === ids.accept);
    expect(accept).toMatchObject({ title: '待审定：制度未修订', stage: 'review_3' });
    expect(accept.leadDepartmentName).not.toBe('');
    expect(accept.responsibleLeaderName).not.toBe('');
    const late = created.body.agenda.find((s: any) => s.key === 'overdue').items[0];
    expect(late).toMatchObject({ overdue: true, escalationLevel: 1 });

    // The committee reads it; a department, the leader and the supervisor may not.
    expect((await api.get(`/meetings/${meetingId}`, 'committee')).status).toBe(200);
    const list = await api.get('/meetings', 'committee');
    expect(list.body.items.map((m: any) => m.id)).toEqual([meetingId]);
    for (const who of ['dept1', 'leader1', 'supervisor'])
      expect((await api.get(`/meetings/${meetingId}`, who)).status).toBe(403);
    expect(
      (await api.post('/meetings', 'committee', { heldOn: '2026-12-01', title: 'x' })).status,
    ).toBe(403);
    const audit = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ entityId: meetingId, action: 'meeting.created' });
    expect(audit).toHaveLength(1);
  });

  it('counts what happened since the previous meeting, or since a day asked for', async () => {
    const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(Date.now() + 86_400_000),
    );
    const later = await api.post('/meetings', 'office', {
      heldOn: tomorrow,
      title: '第二次专题会议',
      since: tomorrow,
    });
    expect(later.status).toBe(201);
    expect(Date.parse(later.body.since)).toBe(Date.parse(`${tomorrow}T00:00:00+08:00`));
    // Nothing was reported, looked back on or escalated since tomorrow; the standing items stay.
    expect(sectionIds(later.body)).toEqual({
      review: [ids.accept, ids.sendBack].sort(),
      overdue: [ids.late],
      stage_reports: [],
      look_backs: [],
      orders: [ids.order],
    });
    // Without `since`, a meeting counts from the day of the latest one before.
    const third = await api.post('/meetings', 'office', { heldOn: tomorrow, title: '第三次' });
    expect(third.body.since).toBe(later.body.since);
  });

  it('prints the pack as a DOCX: the title, the sections in order, a table row per finding', async () => {
    const res = await fetch(`${stack.url}/api/meetings/${meetingId}/pack.docx`, {
      headers: { authorization: `Bearer ${await api.token('committee')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const paragraphs = await docxParagraphs(Buffer.from(await res.arrayBuffer()));
    const texts = paragraphs.map((p) => p.text);
    expect(paragraphs[0]).toEqual({ style: 'Title', text: '巡察整改工作领导小组第一次专题会议' });
    expect(texts.some((t) => t.includes('张书记、李局长、整改办'))).toBe(true);
    const headings = paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
    expect(headings).toEqual([
      '一、提请审定销号事项（2项）',
      '二、逾期及升级督办事项（1项）',
      '三、长期整改事项阶段进展（1项）',
      '四、“回头看”情况（1项）',
      '五、未办结督办单（1项）',
    ]);
    const detail = (await api.get(`/meetings/${meetingId}`, 'office')).body;
    // Each finding's code and title are in its section's table (after its heading, before the next).
    const at = (text: string) => texts.indexOf(text);
    detail.agenda.forEach((section: any, i: number) => {
      const from = at(headings[i]);
      const to = i + 1 < headings.length ? at(headings[i + 1]) : texts.length;
      const body = texts.slice(from, to);
      expect(body.slice(2, 7)).toEqual(['编号', '问题', '牵头部门', '责任领导', '状态/时限']);
      for (const item of section.items) {
        expect(body).toContain(item.code);
        expect(body).toContain(item.title);
        expect(body).toContain(item.leadDepartmentName);
      }
    });
    expect(texts.some((t) => t.startsWith('问题反弹'))).toBe(true);
    expect(texts.some((t) => t.includes('请于十日内完成资产清查'))).toBe(true);
    expect(texts.some((t) => t.startsWith('已逾期') && t.includes('升级督办1级'))).toBe(true);
    const exported = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ entityId: meetingId, action: 'meeting.pack_exported' });
    expect(exported).toHaveLength(1);
    expect(
      (
        await fetch(`${stack.url}/api/meetings/${meetingId}/pack.docx`, {
          headers: { authorization: `Bearer ${await api.token('dept1')}` },
        })
      ).status,
    ).toBe(403);
  });

  it('refuses a batch it cannot apply as a whole, naming each item, and applies nothing', async () => {
    const post = (decisions: unknown) =>
      api.post(`/meetings/${meetingId}/decisions`, 'office', { decisions });
    const bad = await post([
      { findingId: ids.accept, decision: 'accept' },
      { findingId: ids.late, decision: 'extend' },
      { findingId: ids.sendBack, decision: 'send_back' },
      { findingId: ids.order, decision: 'approve' },
      { findingId: ids.quiet, decision: 'extend', dueAt: '2020-01-01' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => `${e.field}:${e.code}`).sort()).toEqual(
      ['decisions.3.decision:is_in', 'decisions.4.dueAt:due_in_past'].sort(),
    );
    const missing = await post([
      { findingId: ids.accept, decision: 'accept' },
      { findingId: ids.late, decision: 'extend' },
      { findingId: ids.sendBack, decision: 'send_back' },
      { findingId: ids.accept, decision: 'note', note: '再议' },
      { findingId: '00000000-0000-4000-8000-000000000000', decision: 'note', note: '再议' },
    ]);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => `${e.field}:${e.code}`).sort()).toEqual(
      [
        'decisions.1.dueAt:required',
        'decisions.2.note:required',
        'decisions.3.findingId:duplicate',
        'decisions.4.findingId:unknown_finding',
      ].sort(),
    );
    // Accepting a finding whose final review is not open: 409 naming it; the accept before it waits.
    const conflict = await post([
      { findingId: ids.accept, decision: 'accept' },
      { findingId: ids.order, decision: 'accept' },
    ]);
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors).toEqual([
      expect.objectContaining({ field: 'decisions.1.findingId', code: 'review_not_open' }),
    ]);
    expect(conflict.body.errors[0].message).toContain('督办：资产清查滞后');
    expect((await world.finding(ids.accept)).stage).toBe('review_3');
    expect(await stack.dataSource.getRepository(MeetingDecisionEntity).count()).toBe(0);
    // Only the office records decisions.
    expect(
      (
        await api.post(`/meetings/${meetingId}/decisions`, 'committee', {
          decisions: [{ findingId: ids.accept, decision: 'accept' }],
        })
      ).status,
    ).toBe(403);
  });

  it('applies accept, send back and extend as the findings’ own steps, audited with the meeting', async () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(Date.now() + 20 * 86_400_000),
    );
    const res = await api.post(`/meetings/${meetingId}/decisions`, 'office', {
      decisions: [
        { findingId: ids.accept, decision: 'accept', note: '整改到位，同意销号' },
        { findingId: ids.sendBack, decision: 'send_back', note: '台账仍不完整，补充后再报' },
        { findingId: ids.late, decision: 'extend', dueAt: day, note: '涉及外部单位，延期二十天' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ applied: [ids.accept, ids.sendBack, ids.late], failed: [] });

    const accepted = await world.finding(ids.accept);
    expect(accepted.stage).toBe('closed');
    const sentBack = await world.finding(ids.sendBack);
    expect(sentBack).toMatchObject({ stage: 'evidence', sentBackCount: 1 });
    const reviews = await stack.dataSource.getRepository(ReviewEntity).find({
      where: [
        { findingId: ids.accept, level: 3 },
        { findingId: ids.sendBack, level: 3 },
      ],
    });
    const byFinding = new Map(reviews.map((r) => [r.findingId, r]));
    expect(byFinding.get(ids.accept)).toMatchObject({
      decision: 'approve',
      reviewerId: api.userId('office'),
    });
    expect(byFinding.get(ids.accept)!.comment).toContain('巡察整改工作领导小组第一次专题会议');
    expect(byFinding.get(ids.sendBack)).toMatchObject({ decision: 'reject' });
    expect(byFinding.get(ids.sendBack)!.comment).toContain('台账仍不完整，补充后再报');

    const late = (await api.get(`/findings/${ids.late}`, 'office')).body;
    expect(Date.parse(late.dueAt)).toBe(Date.parse(`${day}T23:59:59.999+08:00`));
    const changed = late.history.filter((h: any) => h.action === 'finding.due_changed');
    expect(changed).toHaveLength(1);
    expect(changed[0].detail.reason).toContain('专题会议「巡察整改工作领导小组第一次专题会议」');
    expect(changed[0].detail.reason).toContain('涉及外部单位，延期二十天');

    // One decision event per finding, carrying the meeting's id.
    for (const [id, decision] of [
      [ids.accept, 'accept'],
      [ids.sendBack, 'send_back'],
      [ids.late, 'extend'],
    ]) {
      const events = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ findingId: id, action: 'meeting.decision_recorded' });
      expect(events).toHaveLength(1);
      expect(JSON.parse(events[0].data)).toMatchObject({
        meetingId,
        decision,
        outcome: 'applied',
      });
    }
    const detail = (await api.get(`/meetings/${meetingId}`, 'committee')).body;
    expect(
      detail.decisions.map((d: any) => `${d.findingId}:${d.decision}:${d.outcome}`).sort(),
    ).toEqual(
      [
        `${ids.accept}:accept:applied`,
        `${ids.sendBack}:send_back:applied`,
        `${ids.late}:extend:applied`,
      ].sort(),
    );
    // The meeting was held: its agenda is kept as it stood before the decisions, so both still
    // show as awaiting the final review there, while a meeting not yet held reads the data now.
    expect(Date.parse(detail.agendaAsOf)).toBeLessThanOrEqual(Date.now());
    const keptReview = detail.agenda.find((s: any) => s.key === 'review').items;
    expect(keptReview.map((i: any) => i.findingId)).toEqual(
      expect.arrayContaining([ids.accept, ids.sendBack]),
    );
    const kept = await stack.dataSource
      .getRepository(AuditEventEntity)
      .findBy({ entityId: meetingId, action: 'meeting.agenda_kept' });
    expect(kept).toHaveLength(1);
    const next = await api.post('/meetings', 'office', {
      heldOn: detail.heldOn,
      title: '第二次专题会议',
    });
    expect(next.body.agendaAsOf).toBeNull();
    const live = next.body.agenda.find((s: any) => s.key === 'review').items;
    expect(live.map((i: any) => i.findingId)).not.toContain(ids.accept);
    // The pack of the held meeting prints the kept agenda.
    const pack = await fetch(`${api.baseUrl}/api/meetings/${meetingId}/pack.docx`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    const paragraphs = await docxParagraphs(Buffer.from(await pack.arrayBuffer()));
    expect(paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text)).toContain(
      `一、提请审定销号事项（${keptReview.length}项）`,
    );
    expect(paragraphs.map((p) => p.text)).toContain((await world.finding(ids.accept)).title);
    expect((await api.get('/audit/verify', 'office')).body.ok).toBe(true);
  });
  it('escalates with a 督办单 to the lead department and notes a decision as a comment', async () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(Date.now() + 7 * 86_400_000),
    );
    const res = await api.post(`/meetings/${meetingId}/decisions`, 'office', {
      decisions: [
        { findingId: ids.quiet, decision: 'escalate', dueAt: day, note: '一周内拿出学习制度' },
        { findingId: ids.order, decision: 'note', note: '由分管领导约谈牵头部门' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ applied: [ids.quiet, ids.order], failed: [] });
    const quiet = (await api.get(`/findings/${ids.quiet}`, 'office')).body;
    expect(quiet.supervisionOrders).toEqual([
      expect.objectContaining({
        departmentId: world.dept('D1'),
        status: 'open',
        issuedBy: api.userId('office'),
      }),
    ]);
    expect(quiet.supervisionOrders[0].requirement).toContain('一周内拿出学习制度');
    expect(quiet.supervisionOrders[0].requirement).toContain('专题会议');
    expect(await api.taskFor('dept1', ids.quiet, 'supervision_order')).toBeDefined();
    const comments = (await api.get(`/findings/${ids.order}/comments`, 'office')).body.items;
    expect(comments).toHaveLength(1);
    expect(comments[0].text.startsWith('专题会议「巡察整改工作领导小组第一次专题会议」')).toBe(
      true,
    );
    expect(comments[0].text).toContain('由分管领导约谈牵头部门');
    for (const [id, decision] of [
      [ids.quiet, 'escalate'],
      [ids.order, 'note'],
    ]) {
      const [event] = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findBy({ findingId: id, action: 'meeting.decision_recorded' });
      expect(JSON.parse(event.data)).toMatchObject({ meetingId, decision, outcome: 'applied' });
    }
  });
});
