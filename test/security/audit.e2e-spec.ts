import {
  AuditEventEntity,
  auditHash,
  PublicCommentEntity,
  type AuditEventEntity as AuditRow,
} from '@rectiflow/persistence';
import { Client } from '@temporalio/client';
import { findingWorkflowId } from '@rectiflow/contracts';
import { HaltedFindingsService } from '../../apps/api/src/findings/halted-findings.service';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { isWrite, servedRoutes } from './support/routes';
import { World } from '../support/world';

/**
 * The audit chain: every state change the API serves lands on it (one table of successful
 * calls, checked against the served routes so a new write endpoint needs a row), downloads of
 * evidence and reports included; and GET /api/audit/verify finds a row edited, re-hashed,
 * deleted or appended behind the chain's back in the database.
 */

interface Fixtures {
  stack: TestStack;
  world: World;
  findingId: string;
  draftTask: string;
  evidenceId: string;
  noticeId: string;
}

/** A demo unit's id, as the inspecting office lists them. */
async function unitId(f: Fixtures, code: string): Promise<string> {
  const units = (await f.world.api.get('/units', 'xcb')).body.items as {
    code: string;
    id: string;
  }[];
  return units.find((u) => u.code === code)!.id;
}

const commentFileForm = () => {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('讨论附件\n')]), '附件.txt');
  return form;
};

/** The round published once (today and a week on), its slug: where the public comments. */
const slugs = new WeakMap<Fixtures, Promise<string>>();
function publishedSlug(f: Fixtures): Promise<string> {
  let slug = slugs.get(f);
  if (!slug) {
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    slug = f.world.api
      .post(`/rounds/${f.world.roundId}/publish`, 'office', { from, to })
      .then((res) => {
        if (res.status >= 300)
          throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body.slug as string;
      });
    slugs.set(f, slug);
  }
  return slug;
}

/** A comment from the public, without sign-in: its receipt code. */
async function publicComment(f: Fixtures, text: string): Promise<string> {
  const res = await f.world.api.post(
    `/public/rounds/${await publishedSlug(f)}/comments`,
    undefined,
    {
      text,
    },
  );
  if (res.status !== 201) throw new Error(`comment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.receiptCode as string;
}

/** The office's task for a fresh public comment. */
async function publicCommentTask(f: Fixtures): Promise<string> {
  const receiptCode = await publicComment(f, '审计意见建议');
  const row = await f.stack.dataSource
    .getRepository(PublicCommentEntity)
    .findOneByOrFail({ receiptCode });
  return row.id;
}

interface AuditedCall {
  route: string;
  /** Who calls; `anonymous` (the public) is recorded with no actor. */
  as: string;
  /** Actions that must be appended by this call, with the caller as actor. */
  actions: string[];
  call: (f: Fixtures) => Promise<{ status: number }>;
}

const CALLS: AuditedCall[] = [
  {
    route: 'POST /api/units',
    as: 'xcb',
    actions: ['unit.created'],
    call: (f) => f.world.api.post('/units', 'xcb', { name: '审计测试单位', code: 'AUDU' }),
  },
  {
    route: 'PATCH /api/units/:id',
    as: 'xcb',
    actions: ['unit.updated'],
    call: async (f) =>
      f.world.api.request('PATCH', `/units/${await unitId(f, 'U2')}`, {
        as: 'xcb',
        body: { settings: { email: false } },
      }),
  },
  {
    route: 'POST /api/batches',
    as: 'xcb',
    actions: ['batch.created'],
    call: async (f) =>
      f.world.api.post('/batches', 'xcb', {
        title: '审计测试批次',
        unitIds: [await unitId(f, 'U1')],
      }),
  },
  {
    route: 'POST /api/batches/:id/evaluations',
    as: 'xcb',
    actions: ['unit.evaluated'],
    call: async (f) => {
      const batch = await f.world.api.post('/batches', 'xcb', {
        title: '审计测试评估批次',
        unitIds: [await unitId(f, 'U1')],
      });
      const form = new FormData();
      form.append('unitId', await unitId(f, 'U1'));
      form.append('rating', '一般');
      form.append('note', '审计');
      return f.world.api.request('POST', `/batches/${batch.body.id}/evaluations`, {
        as: 'xcb',
        raw: form,
      });
    },
  },
  {
    route: 'PATCH /api/rounds/:id',
    as: 'office',
    actions: ['round.next_steps_changed'],
    call: (f) =>
      f.world.api.request('PATCH', `/rounds/${f.world.roundId}`, {
        as: 'office',
        body: { nextSteps: '（一）审计下一步。' },
      }),
  },
  {
    route: 'POST /api/rounds/:id/hand-over',
    as: 'xcb',
    actions: ['round.handed_over'],
    call: (f) => f.world.api.post(`/rounds/${f.world.roundId}/hand-over`, 'xcb'),
  },
  {
    route: 'POST /api/auth/login',
    as: 'inspector',
    actions: ['auth.login'],
    call: (f) =>
      f.world.api.post('/auth/login', undefined, { username: 'inspector', password: 'demo' }),
  },
  {
    route: 'POST /api/departments',
    as: 'office',
    actions: ['department.created'],
    call: (f) => f.world.api.post('/departments', 'office', { code: 'AUD1', name: '审计测试部门' }),
  },
  {
    route: 'POST /api/users',
    as: 'office',
    actions: ['user.created'],
    call: (f) =>
      f.world.api.post('/users', 'office', {
        username: 'auditee',
        displayName: '审计',
        password: 'long-enough',
        roles: ['inspector'],
      }),
  },
  {
    // A change of name only: the user's tokens stay valid.
    route: 'PATCH /api/users/:id',
    as: 'office',
    actions: ['user.updated'],
    call: (f) =>
      f.world.api.request('PATCH', `/users/${f.world.api.userId('leader2')}`, {
        as: 'office',
        body: { displayName: '审计改名' },
      }),
  },
  {
    route: 'PATCH /api/departments/:id',
    as: 'office',
    actions: ['department.updated'],
    call: (f) =>
      f.world.api.request('PATCH', `/departments/${f.world.dept('D3')}`, {
        as: 'office',
        body: { name: '审计改名部门' },
      }),
  },
  {
    route: 'PUT /api/users/:id/oversees',
    as: 'office',
    actions: ['user.oversees_changed'],
    call: (f) =>
      f.world.api.request('PUT', `/users/${f.world.api.userId('leader2')}/oversees`, {
        as: 'office',
        body: { departmentIds: [f.world.dept('D3')] },
      }),
  },
  {
    // A person of the test's own: a reset revokes their tokens.
    route: 'POST /api/users/:id/reset-password',
    as: 'office',
    actions: ['user.password_reset'],
    call: async (f) => {
      const created = await f.world.api.post('/users', 'office', {
        username: 'auditreset',
        displayName: '审计重置',
        roles: ['inspector'],
      });
      expect(created.body.temporaryPassword).toEqual(expect.any(String));
      return f.world.api.post(`/users/${created.body.id}/reset-password`, 'office');
    },
  },
  {
    route: 'POST /api/users/:id/unlock',
    as: 'office',
    actions: ['user.unlocked'],
    call: (f) => f.world.api.post(`/users/${f.world.api.userId('leader1')}/unlock`, 'office'),
  },
  {
    // A person of the test's own (a demo password is too short to be set again).
    route: 'POST /api/me/password',
    as: 'auditpw',
    actions: ['user.password_changed'],
    call: async (f) => {
      const api = f.world.api;
      const created = await api.post('/users', 'office', {
        username: 'auditpw',
        displayName: '审计改密',
        password: 'audit-password-0',
        roles: ['inspector'],
      });
      expect(created.status).toBe(201);
      expect((await api.signIn('auditpw', 'audit-password-0')).status).toBe(200);
      return api.post('/me/password', 'auditpw', {
        currentPassword: 'audit-password-0',
        newPassword: 'audit-password-1',
      });
    },
  },
  {
    route: 'POST /api/rounds',
    as: 'office',
    actions: ['round.created'],
    call: (f) => f.world.api.post('/rounds', 'office', { title: '审计轮次', source: 'audit' }),
  },
  {
    route: 'POST /api/rounds/:id/findings',
    as: 'office',
    actions: ['round.findings_added', 'finding.created'],
    call: (f) =>
      f.world.api.post(`/rounds/${f.world.roundId}/findings`, 'office', { title: '审计问题' }),
  },
  {
    route: 'POST /api/rounds/:id/assign',
    as: 'office',
    actions: ['round.batch_assigned'],
    call: async (f) =>
      f.world.api.post(`/rounds/${f.world.roundId}/assign`, 'office', {
        findingIds: [await f.world.createFinding({ title: '批量交办审计' })],
        responsibleLeaderId: f.world.api.userId('leader1'),
        leadDepartmentId: f.world.dept('D1'),
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      }),
  },
  {
    route: 'POST /api/rounds/:id/import',
    as: 'office',
    actions: ['round.imported', 'finding.created'],
    call: (f) =>
      f.world.api.post(`/rounds/${f.world.roundId}/import`, 'office', {
        areas: [
          {
            title: '聚焦审计方面',
            themes: [{ title: '主题', findings: [{ title: '导入的审计问题' }] }],
          },
        ],
      }),
  },
  {
    route: 'POST /api/tasks/:id/claim',
    as: 'dept1',
    actions: ['task.claimed'],
    call: (f) => f.world.api.post(`/tasks/${f.draftTask}/claim`, 'dept1'),
  },
  {
    route: 'POST /api/tasks/:id/release',
    as: 'dept1',
    actions: ['task.released'],
    call: (f) => f.world.api.post(`/tasks/${f.draftTask}/release`, 'dept1'),
  },
  {
    route: 'POST /api/tasks/claim',
    as: 'dept1',
    actions: ['task.claimed'],
    call: async (f) => {
      const task = await f.world.mustTask(
        await f.world.createFinding({ dept: 'D1' }),
        'draft_measures',
      );
      return f.world.api.post('/tasks/claim', 'dept1', { taskIds: [task.id] });
    },
  },
  {
    route: 'POST /api/tasks/approve',
    as: 'leader1',
    actions: ['task.completed'],
    call: async (f) => {
      const findingId = await f.world.createFinding({ dept: 'D1', leader: 'leader1' });
      await f.world.advance(findingId, 'approve_measures');
      const task = await f.world.mustTask(findingId, 'approve_measures');
      return f.world.api.post('/tasks/approve', 'leader1', { taskIds: [task.id] });
    },
  },
  {
    route: 'PUT /api/tasks/:id/draft',
    as: 'dept1',
    actions: ['task.draft_saved'],
    call: (f) =>
      f.world.api.request('PUT', `/tasks/${f.draftTask}/draft`, {
        as: 'dept1',
        body: { body: { measures: [{ text: '一是' }] } },
      }),
  },
  {
    route: 'POST /api/tasks/:id/complete',
    as: 'dept1',
    actions: ['task.completed'],
    call: (f) =>
      f.world.api.post(`/tasks/${f.draftTask}/complete`, 'dept1', {
        measures: [{ text: '一是建章立制' }],
      }),
  },
  {
    route: 'POST /api/public/rounds/:slug/comments',
    as: 'anonymous',
    actions: ['public_comment.received'],
    call: async (f) => ({ status: (await publicComment(f, '审计公开意见')) ? 201 : 500 }),
  },
  {
    route: 'POST /api/tasks/:id/complete',
    as: 'office',
    actions: ['public_comment.linked'],
    call: async (f) =>
      f.world.api.post(`/tasks/${await publicCommentTask(f)}/complete`, 'office', {
        action: 'link',
        findingId: f.findingId,
      }),
  },
  {
    route: 'POST /api/tasks/:id/complete',
    as: 'office',
    actions: ['public_comment.answered'],
    call: async (f) =>
      f.world.api.post(`/tasks/${await publicCommentTask(f)}/complete`, 'office', {
        action: 'reply',
        reply: '审计答复',
      }),
  },
  {
    route: 'POST /api/tasks/:id/complete',
    as: 'office',
    actions: ['public_comment.closed'],
    call: async (f) =>
      f.world.api.post(`/tasks/${await publicCommentTask(f)}/complete`, 'office', {
        action: 'close',
        note: '审计关闭',
      }),
  },
  {
    route: 'POST /api/findings/:id/evidence',
    as: 'dept1',
    actions: ['evidence.uploaded'],
    call: (f) => f.world.api.upload(f.findingId, 'dept1', '审计材料.txt', '审计材料正文\n'),
  },
  {
    route: 'DELETE /api/evidence/:id',
    as: 'dept1',
    actions: ['evidence.withdrawn'],
    call: async (f) => {
      const id = await f.world.upload(f.findingId, 'dept1');
      return f.world.api.request('DELETE', `/evidence/${id}`, { as: 'dept1' });
    },
  },
  {
    // A finding of its own, terminated through Temporal and found halted by the sweep.
    route: 'POST /api/findings/:id/resume',
    as: 'office',
    actions: ['finding.resumed'],
    call: async (f) => {
      const id = await f.world.createFinding({ dept: 'D1' });
      const temporal = f.stack.app.get(Client);
      await temporal.workflow.getHandle(findingWorkflowId(id)).terminate('audit test');
      const halted = f.stack.app.get(HaltedFindingsService);
      await pollUntil('the finding found halted', async () => (await halted.sweep()).includes(id));
      return f.world.api.post(`/findings/${id}/resume`, 'office');
    },
  },
  {
    route: 'POST /api/supervision/records',
    as: 'supervisor',
    actions: ['supervision.accountability_recorded'],
    call: (f) =>
      f.world.api.post('/supervision/records', 'supervisor', {
        kind: 'accountability',
        occurredOn: '2026-01-05',
        findingIds: [f.findingId],
        subject: '审计测试对象',
        accountabilityKind: '批评教育',
      }),
  },
  {
    route: 'POST /api/supervision/record-files',
    as: 'supervisor',
    actions: ['supervision.record_file_uploaded'],
    call: (f) =>
      f.world.api.request('POST', '/supervision/record-files', {
        as: 'supervisor',
        raw: commentFileForm(),
      }),
  },
  {
    route: 'POST /api/findings/:id/comment-files',
    as: 'dept1',
    actions: ['comment_file.uploaded'],
    call: (f) =>
      f.world.api.request('POST', `/findings/${f.findingId}/comment-files`, {
        as: 'dept1',
        raw: commentFileForm(),
      }),
  },
  {
    route: 'POST /api/me/inbox-views',
    as: 'dept1',
    actions: ['inbox_view.saved'],
    call: (f) =>
      f.world.api.post('/me/inbox-views', 'dept1', {
        name: '审计视图',
        filters: { overdue: true },
      }),
  },
  {
    route: 'DELETE /api/me/inbox-views/:id',
    as: 'dept1',
    actions: ['inbox_view.deleted'],
    call: async (f) => {
      const saved = await f.world.api.post('/me/inbox-views', 'dept1', {
        name: '审计待删视图',
        filters: {},
      });
      return f.world.api.request('DELETE', `/me/inbox-views/${saved.body.id}`, { as: 'dept1' });
    },
  },
  {
    route: 'POST /api/findings/:id/comments',
    as: 'office',
    actions: ['comment.added'],
    call: (f) =>
      f.world.api.post(`/findings/${f.findingId}/comments`, 'office', {
        text: '审计意见',
        mentionUserIds: [f.world.api.userId('leader2')],
      }),
  },
  {
    // leader2 was just mentioned: at least one unread notice to mark.
    route: 'POST /api/notifications/read-all',
    as: 'leader2',
    actions: ['notification.read_all'],
    call: (f) => f.world.api.post('/notifications/read-all', 'leader2'),
  },
  {
    route: 'POST /api/findings/:id/reassign',
    as: 'office',
    actions: ['finding.reassigned'],
    call: async (f) =>
      f.world.api.post(
        `/findings/${await f.world.createFinding({ dept: 'D1' })}/reassign`,
        'office',
        {
          leadDepartmentId: f.world.dept('D2'),
          reason: '审计测试改派',
        },
      ),
  },
  {
    route: 'POST /api/findings/:id/due-date',
    as: 'office',
    actions: ['finding.due_changed'],
    call: async (f) =>
      f.world.api.post(
        `/findings/${await f.world.createFinding({ dept: 'D1' })}/due-date`,
        'office',
        {
          dueAt: new Date(Date.now() + 40 * 86_400_000).toISOString(),
          reason: '审计测试延期',
        },
      ),
  },
  {
    route: 'PATCH /api/findings/:id',
    as: 'office',
    actions: ['finding.retitled'],
    call: async (f) =>
      f.world.api.request('PATCH', `/findings/${await f.world.createFinding({ dept: 'D1' })}`, {
        as: 'office',
        body: { title: '审计测试新标题', reason: '表述调整' },
      }),
  },
  {
    route: 'POST /api/findings/:id/outcomes',
    as: 'dept1',
    actions: ['outcome.recorded'],
    call: (f) =>
      f.world.api.post(`/findings/${f.findingId}/outcomes`, 'dept1', {
        kind: 'amount',
        amountKind: 'retrieved',
        amount: '1200.50',
      }),
  },
  {
    route: 'DELETE /api/findings/:id/outcomes/:outcomeId',
    as: 'office',
    actions: ['outcome.removed'],
    call: async (f) => {
      const made = await f.world.api.post(`/findings/${f.findingId}/outcomes`, 'office', {
        kind: 'people',
        peopleCount: 1,
        peopleKind: '批评教育',
      });
      return f.world.api.request('DELETE', `/findings/${f.findingId}/outcomes/${made.body.id}`, {
        as: 'office',
      });
    },
  },
  {
    route: 'POST /api/findings/:id/supervision-orders',
    as: 'supervisor',
    actions: ['supervision_order.issued'],
    call: async (f) =>
      f.world.api.post(
        `/findings/${await f.world.createFinding({ dept: 'D1' })}/supervision-orders`,
        'supervisor',
        {
          departmentId: f.world.dept('D1'),
          requirement: '审计测试督办单',
          dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
        },
      ),
  },
  {
    route: 'POST /api/findings/:id/look-back',
    as: 'supervisor',
    actions: ['finding.look_back_started'],
    call: async (f) => {
      const id = await f.world.createFinding({ dept: 'D1' });
      await f.world.advance(id, 'closed');
      return f.world.api.post(`/findings/${id}/look-back`, 'supervisor');
    },
  },
  {
    route: 'POST /api/rounds/:id/look-back-sample',
    as: 'office',
    actions: ['round.look_back_sampled', 'finding.look_back_started'],
    call: async (f) => {
      await f.world.advance(await f.world.createFinding({ dept: 'D1' }), 'closed');
      return f.world.api.post(`/rounds/${f.world.roundId}/look-back-sample`, 'office', {
        count: 1,
        seed: 7,
      });
    },
  },
  {
    route: 'POST /api/meetings',
    as: 'office',
    actions: ['meeting.created'],
    call: (f) =>
      f.world.api.post('/meetings', 'office', { heldOn: '2026-12-01', title: '审计测试专题会议' }),
  },
  {
    // A note on a finding: the decision's event, and the comment it becomes.
    route: 'POST /api/meetings/:id/decisions',
    as: 'office',
    actions: ['meeting.agenda_kept', 'meeting.decision_recorded', 'comment.added'],
    call: async (f) => {
      const meeting = await f.world.api.post('/meetings', 'office', {
        heldOn: '2026-12-01',
        title: '审计测试专题会议',
      });
      return f.world.api.post(`/meetings/${meeting.body.id}/decisions`, 'office', {
        decisions: [{ findingId: f.findingId, decision: 'note', note: '审计测试会议决定' }],
      });
    },
  },
  {
    route: 'POST /api/findings/:id/nudges',
    as: 'office',
    actions: ['finding.nudged'],
    call: async (f) =>
      f.world.api.post(
        `/findings/${await f.world.createFinding({ dept: 'D1' })}/nudges`,
        'office',
        { text: '审计测试催办' },
      ),
  },
  {
    route: 'PUT /api/findings/:id/disclosure',
    as: 'office',
    actions: ['finding.withheld', 'finding.disclosed'],
    call: async (f) => {
      const put = (withheld: boolean) =>
        f.world.api.request('PUT', `/findings/${f.findingId}/disclosure`, {
          as: 'office',
          body: withheld ? { withheld, reason: 'major_sensitive' } : { withheld },
        });
      const first = await put(true);
      return first.status < 300 ? put(false) : first;
    },
  },
  {
    route: 'POST /api/rounds/:id/publish',
    as: 'office',
    actions: ['round.published'],
    call: (f) =>
      f.world.api.post(`/rounds/${f.world.roundId}/publish`, 'office', {
        from: '2026-12-01',
        to: '2026-12-15',
      }),
  },
  {
    route: 'POST /api/findings/:id/withdraw',
    as: 'office',
    actions: ['finding.withdrawn'],
    call: async (f) =>
      f.world.api.post(
        `/findings/${await f.world.createFinding({ dept: 'D1' })}/withdraw`,
        'office',
        {
          reason: '审计测试撤回',
        },
      ),
  },
  {
    route: 'POST /api/findings/:id/return',
    as: 'dept1',
    actions: ['finding.returned'],
    call: async (f) =>
      f.world.api.post(`/findings/${await f.world.createFinding({ dept: 'D1' })}/return`, 'dept1', {
        reason: '审计测试退回交办',
      }),
  },
  {
    route: 'POST /api/notifications/:id/read',
    as: 'dept1',
    actions: ['notification.read'],
    call: (f) => f.world.api.post(`/notifications/${encodeURIComponent(f.noticeId)}/read`, 'dept1'),
  },
];

// Reads that hand out records are on the chain too.
const AUDITED_READS: AuditedCall[] = [
  {
    route: 'GET /api/comment-files/:id',
    as: 'leader1',
    actions: ['comment_file.downloaded'],
    call: async (f) => {
      const file = await f.world.api.request('POST', `/findings/${f.findingId}/comment-files`, {
        as: 'dept1',
        raw: commentFileForm(),
      });
      return f.world.api.get(`/comment-files/${file.body.id}`, 'leader1');
    },
  },
  {
    route: 'GET /api/supervision/record-files/:id',
    as: 'committee',
    actions: ['supervision.record_file_downloaded'],
    call: async (f) => {
      const file = await f.world.api.request('POST', '/supervision/record-files', {
        as: 'supervisor',
        raw: commentFileForm(),
      });
      await f.world.api.post('/supervision/records', 'supervisor', {
        kind: 'talk',
        occurredOn: '2026-01-05',
        findingIds: [f.findingId],
        subject: '审计测试对象',
        heldBy: '审计测试',
        fileIds: [file.body.id],
      });
      return f.world.api.get(`/supervision/record-files/${file.body.id}`, 'committee');
    },
  },
  {
    route: 'GET /api/evidence/:id',
    as: 'leader1',
    actions: ['evidence.downloaded'],
    call: (f) => f.world.api.get(`/evidence/${f.evidenceId}`, 'leader1'),
  },
  {
    route: 'GET /api/rounds/:id/ledger.xlsx',
    as: 'inspector',
    actions: ['round.ledger_exported'],
    call: (f) => f.world.api.get(`/rounds/${f.world.roundId}/ledger.xlsx`, 'inspector'),
  },
  {
    route: 'GET /api/findings/:id/approval-form.docx',
    as: 'office',
    actions: ['finding.approval_form_exported'],
    call: (f) => f.world.api.get(`/findings/${f.findingId}/approval-form.docx`, 'office'),
  },
  {
    route: 'GET /api/supervision.xlsx',
    as: 'supervisor',
    actions: ['supervision.exported'],
    call: (f) => f.world.api.get('/supervision.xlsx', 'supervisor'),
  },
  {
    route: 'GET /api/supervision/records.xlsx',
    as: 'committee',
    actions: ['supervision.records_exported'],
    call: (f) => f.world.api.get('/supervision/records.xlsx', 'committee'),
  },
  {
    route: 'GET /api/meetings/:id/pack.docx',
    as: 'committee',
    actions: ['meeting.pack_exported'],
    call: async (f) => {
      const meeting = await f.world.api.post('/meetings', 'office', {
        heldOn: '2026-12-01',
        title: '审计测试专题会议',
      });
      return f.world.api.get(`/meetings/${meeting.body.id}/pack.docx`, 'committee');
    },
  },
  {
    route: 'GET /api/rounds/:id/report',
    as: 'committee',
    actions: ['round.report_exported'],
    call: (f) => f.world.api.get(`/rounds/${f.world.roundId}/report?format=md`, 'committee'),
  },
];

describe('audit chain', () => {
  let stack: TestStack;
  let f: Fixtures;

  beforeAll(async () => {
    stack = await startStack();
    const world = await World.create(stack);
    const findingId = await world.createFinding({ dept: 'D1' });
    const notices = await world.api.get('/notifications', 'dept1');
    f = {
      stack,
      world,
      findingId,
      draftTask: (await world.mustTask(findingId, 'draft_measures')).id,
      evidenceId: await world.upload(findingId, 'dept1'),
      noticeId: notices.body.items[0].id,
    };
  });

  afterAll(async () => {
    await stack?.close();
  });

  const lastSeq = async () =>
    (await stack.dataSource.getRepository(AuditEventEntity).maximum('seq')) ?? 0;

  it('has an audited call for every write endpoint the app serves', () => {
    const writes = servedRoutes(stack.app).filter(isWrite);
    expect(writes.filter((r) => !CALLS.some((c) => c.route === r))).toEqual([]);
  });

  it.each([...CALLS, ...AUDITED_READS].map((c) => [c.route, c] as const))(
    '%s is on the chain, with its actor',
    async (_route, c) => {
      const before = await lastSeq();
      const res = await c.call(f);
      expect(res.status).toBeLessThan(300);
      const added = await stack.dataSource
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .where('e.seq > :before', { before })
        .getMany();
      const actor = c.as === 'anonymous' ? null : f.world.api.userId(c.as);
      for (const action of c.actions) {
        expect(added.filter((e) => e.action === action).map((e) => e.actorId)).toContain(actor);
      }
    },
  );

  it('records a failed login (with the name tried), and the workflow’s own steps', async () => {
    expect(
      (await f.world.api.post('/auth/login', undefined, { username: 'mallory', password: 'guess' }))
        .status,
    ).toBe(401);
    // A name nobody has belongs to no unit: the inspecting office sees it.
    const failed = await f.world.api.get('/audit?entityId=mallory', 'xcb');
    expect(failed.body.items.map((e: { action: string }) => e.action)).toEqual([
      'auth.login_failed',
    ]);
    // A unit's person's failed login is their unit's: U1's office sees it, U2's does not.
    expect(
      (await f.world.api.post('/auth/login', undefined, { username: 'dept2', password: 'guess' }))
        .status,
    ).toBe(401);
    const own = await f.world.api.get('/audit?entityId=dept2', 'office');
    expect(own.body.items.map((e: { action: string }) => e.action)).toContain('auth.login_failed');
    const other = await f.world.api.get('/audit?entityId=dept2', 'u2office');
    expect(other.body.total).toBe(0);
    const history = await f.world.api.get(
      `/audit?entityId=${f.findingId}&pageSize=500`,
      'supervisor',
    );
    const actions = history.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'finding.created',
        'task.claimed',
        'task.released',
        'task.completed',
        'evidence.uploaded',
        'evidence.downloaded',
      ]),
    );
  });

  describe('GET /api/audit/verify finds tampering in the database', () => {
    const verify = async () => {
      const res = await f.world.api.get('/audit/verify', 'committee');
      expect(res.status).toBe(200);
      return res.body as { ok: boolean; events: number; firstBadSeq?: number };
    };
    // Tampering as an intruder with database access would: plain SQL, on SQLite or PostgreSQL.
    const sql = (query: string, params: unknown[] = []) =>
      stack.dataSource.query(stack.db.databaseUrl ? query : query.replace(/\$\d+/g, '?'), params);
    const row = async (seq: number): Promise<AuditRow> =>
      stack.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ seq });
    const put = (r: AuditRow) =>
      sql(
        'INSERT INTO "audit_events" ("seq","eventId","at","actorId","action","entityType","entityId","findingId","data","hash","prevHash") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)',
        [
          r.seq,
          r.eventId,
          r.at,
          r.actorId,
          r.action,
          r.entityType,
          r.entityId,
          r.findingId,
          r.data,
          r.hash,
          r.prevHash,
        ],
      );

    it('is intact before anyone tampers', async () => {
      const v = await verify();
      expect(v).toEqual({ ok: true, events: await lastSeq() });
      expect(v.events).toBeGreaterThan(20);
    });

    it('detects an edited row, and is whole again when it is put back', async () => {
      const seq = Math.floor((await lastSeq()) / 2);
      const original = await row(seq);
      await sql('UPDATE "audit_events" SET "data" = $1 WHERE "seq" = $2', [
        JSON.stringify({ rewritten: true }),
        seq,
      ]);
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seq });
      await sql('UPDATE "audit_events" SET "data" = $1 WHERE "seq" = $2', [original.data, seq]);
      expect((await verify()).ok).toBe(true);
      // A changed actor is caught the same way.
      await sql('UPDATE "audit_events" SET "actorId" = NULL WHERE "seq" = $1', [seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seq });
      await sql('UPDATE "audit_events" SET "actorId" = $1 WHERE "seq" = $2', [
        original.actorId,
        seq,
      ]);
      expect((await verify()).ok).toBe(true);
    });

    it('detects an edited row whose own hash was recomputed, at the next row', async () => {
      const seq = Math.floor((await lastSeq()) / 3);
      const original = await row(seq);
      // Another action than the row has (the row a third of the way may be a release itself).
      const forged = {
        ...original,
        action: original.action === 'task.released' ? 'task.claimed' : 'task.released',
      };
      const hash = auditHash(original.prevHash, forged);
      await sql('UPDATE "audit_events" SET "action" = $1, "hash" = $2 WHERE "seq" = $3', [
        forged.action,
        hash,
        seq,
      ]);
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: seq + 1 });
      await sql('UPDATE "audit_events" SET "action" = $1, "hash" = $2 WHERE "seq" = $3', [
        original.action,
        original.hash,
        seq,
      ]);
      expect((await verify()).ok).toBe(true);
    });

    it('detects a deleted row in the middle and at the end', async () => {
      const last = await lastSeq();
      const middle = await row(Math.floor(last / 2) + 1);
      await sql('DELETE FROM "audit_events" WHERE "seq" = $1', [middle.seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: middle.seq });
      await put(middle);
      expect((await verify()).ok).toBe(true);
      const tail = await row(last);
      await sql('DELETE FROM "audit_events" WHERE "seq" = $1', [tail.seq]);
      expect(await verify()).toMatchObject({ ok: false, firstBadSeq: tail.seq });
      await put(tail);
      expect((await verify()).ok).toBe(true);
    });

    it('detects a row appended without going through the chain', async () => {
      const last = await row(await lastSeq());
      const extra = {
        ...last,
        seq: last.seq + 1,
        eventId: `forged-${Date.now()}`,
        action: 'finding.closed',
        prevHash: last.hash,
      };
      extra.hash = auditHash(last.hash, extra);
      await put(extra);
      expect(await verify()).toMatchObject({ ok: false });
      await sql('DELETE FROM "audit_events" WHERE "seq" = $1', [extra.seq]);
      expect((await verify()).ok).toBe(true);
    });
  });
});
