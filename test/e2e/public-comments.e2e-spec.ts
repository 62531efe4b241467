import { zonedDay } from '@rectiflow/domain';
import {
  AuditEventEntity,
  PublicationEntity,
  PublicCommentEntity,
  TaskEntity,
} from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * 意见建议 (API.md "Publication and public comments"): during a publication's window anyone may
 * leave a comment without signing in; it becomes a `public_comment` task in the office's inbox,
 * which links it to a finding (then it is in that finding's history), replies, or closes it —
 * each audited — and the commenter follows it with the receipt code. Outside the window 409;
 * per-address and global rate limits answer 429 with Retry-After; a honeypot drops bots; texts
 * are cleaned and bounded; the contact is shown to the office only.
 *
 * The stack trusts the loopback proxy (TRUST_PROXY), so each test speaks from its own client
 * address (X-Forwarded-For) and the per-address limit is the test's own.
 */
const PER_ADDRESS = 4;
const GLOBAL = 40;
const LOOKUPS = 5;

describe('public comments', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let slug: string;
  let findingA: string;
  let findingCodeA: string;
  let address = 10;

  /** A fresh client address, as the proxy would forward it. */
  const newAddress = () => `198.51.100.${address++}`;
  const submit = async (body: unknown, from = newAddress(), s = slug) => {
    const res = await fetch(`${stack.url}/api/public/rounds/${s}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const lookUp = async (code: string) => {
    const res = await fetch(`${stack.url}/api/public/comments/${encodeURIComponent(code)}`, {
      headers: { 'x-forwarded-for': newAddress() },
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const inboxTask = async (receiptCode: string) => {
    const row = await stack.dataSource
      .getRepository(PublicCommentEntity)
      .findOneByOrFail({ receiptCode });
    const inbox = await api.get('/inbox?kind=public_comment&pageSize=500', 'office');
    return inbox.body.items.find((t: { id: string }) => t.id === row.id);
  };
  const events = (entityId: string) =>
    stack.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { entityId }, order: { seq: 'ASC' } });

  beforeAll(async () => {
    stack = await startStack({
      TRUST_PROXY: 'loopback',
      PUBLIC_COMMENT_RATE_LIMIT: String(PER_ADDRESS),
      PUBLIC_COMMENT_GLOBAL_RATE_LIMIT: String(GLOBAL),
      PUBLIC_RECEIPT_RATE_LIMIT: String(LOOKUPS),
    });
    world = await World.create(stack);
    api = world.api;
    findingA = await world.createFinding({ dept: 'D1', title: '营区搬迁计划推进缓慢' });
    findingCodeA = (await world.finding(findingA)).code;
    const today = zonedDay(Date.now(), stack.config.env.ORG_TIMEZONE);
    const [y, m, d] = today.split('-').map(Number);
    const to = new Date(Date.UTC(y, m - 1, d + 14)).toISOString().slice(0, 10);
    const published = await api.post(`/rounds/${world.roundId}/publish`, 'office', {
      from: today,
      to,
    });
    expect(published.status).toBeLessThan(300);
    slug = published.body.slug;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('offers the findings the published text tells, and none made after it', async () => {
    const later = await world.createFinding({ dept: 'D2', title: '发布后新增的问题' });
    const res = await fetch(`${stack.url}/api/public/rounds/${slug}/findings`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { code: string; title: string }[] };
    expect(body.items).toContainEqual({ code: findingCodeA, title: '营区搬迁计划推进缓慢' });
    expect(body.items.map((f) => f.title)).not.toContain('发布后新增的问题');
    expect(body.items).toHaveLength(1);
    expect(later).toBeTruthy();
  });

  it('turns a comment into an office task that links it to a finding, audited, and tells the commenter', async () => {
    const sent = await submit({
      text: '建议公开营区搬迁的时间表。',
      contact: '13800000000',
      findingCode: findingCodeA,
    });
    expect(sent.status).toBe(201);
    const code: string = sent.body.receiptCode;
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    expect(Object.keys(sent.body)).toEqual(['receiptCode']);
    expect(await lookUp(code)).toEqual({ status: 200, body: { status: 'received' } });
    // Typed as people type it: lower case, in groups.
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)} ${code.slice(8)}`.toLowerCase();
    expect((await lookUp(typed)).body).toEqual({ status: 'received' });

    const task = await inboxTask(code);
    expect(task).toMatchObject({
      kind: 'public_comment',
      findingId: null,
      findingTitle: '建议公开营区搬迁的时间表。',
      roundId: world.roundId,
      role: 'office',
      status: 'open',
    });
    const counts = await api.get('/inbox/counts', 'office');
    expect(counts.body.byKind.public_comment).toBeGreaterThanOrEqual(1);
    // Every order of the inbox keeps it (by number: after the findings' steps).
    for (const sort of ['due', 'code', 'kind']) {
      const all = await api.get(`/inbox?sort=${sort}&pageSize=500`, 'office');
      const ids = all.body.items.map((t: { id: string }) => t.id);
      expect(ids).toContain(task.id);
      if (sort === 'code') expect(ids[ids.length - 1]).toBe(task.id);
    }
    // Only the office of the unit: no department, leader or other unit sees it.
    for (const who of ['dept1', 'leader1', 'committee']) {
      const other = await api.get('/inbox?kind=public_comment', who);
      expect(other.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
    }
    // The office reads the comment with its contact and the finding it named.
    const detail = await api.get(`/public-comments/${task.id}`, 'office');
    expect(detail.body).toMatchObject({
      text: '建议公开营区搬迁的时间表。',
      contact: '13800000000',
      namedFindingId: findingA,
      namedFindingCode: findingCodeA,
      status: 'received',
    });
    expect((await api.get(`/public-comments/${task.id}`, 'dept1')).status).toBe(403);

    // Claim and release behave as for any task.
    expect((await api.post(`/tasks/${task.id}/claim`, 'office', {})).body.status).toBe('claimed');
    expect((await api.post(`/tasks/${task.id}/release`, 'office', {})).body.status).toBe('open');

    // Link needs a finding of the round; the step refuses a missing one by field.
    const missing = await api.post(`/tasks/${task.id}/complete`, 'office', { action: 'link' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('findingId');
    const key = { 'Idempotency-Key': `link-${task.id}` };
    const body = {
      action: 'link',
      findingId: findingA,
      reply: '已转牵头部门办理。',
      note: '并入问题',
    };
    const linked = await api.post(`/tasks/${task.id}/complete`, 'office', body, key);
    expect(linked.status).toBe(200);
    expect(linked.body.task).toMatchObject({ id: task.id, status: 'done' });
    expect(linked.body.finding.id).toBe(findingA);
    // A retry with the same key gets the first answer; without it, 409.
    const again = await api.post(`/tasks/${task.id}/complete`, 'office', body, key);
    expect(again.status).toBe(200);
    expect(again.body.task).toEqual(linked.body.task);
    expect((await api.post(`/tasks/${task.id}/complete`, 'office', body)).status).toBe(409);

    // In the finding's history, where the lead department reads it (without the contact).
    const finding = await api.get(`/findings/${findingA}`, 'dept1');
    const entry = finding.body.history.find(
      (h: { action: string }) => h.action === 'public_comment.linked',
    );
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain('建议公开营区搬迁的时间表。');
    expect(JSON.stringify(finding.body)).not.toContain('13800000000');

    expect(await lookUp(code)).toEqual({
      status: 200,
      body: { status: 'linked', reply: '已转牵头部门办理。' },
    });
    const audit = await events(task.id);
    expect(audit.map((e) => e.action)).toEqual([
      'public_comment.received',
      'task.claimed',
      'task.released',
      'public_comment.linked',
    ]);
    expect(audit[0].actorId).toBeNull();
    expect(audit[3]).toMatchObject({ actorId: api.userId('office'), findingId: findingA });
    for (const e of audit) expect(e.data).not.toContain('13800000000');
    expect((await inboxTask(code)) ?? null).toBeNull();
  });

  it('replies and closes, each audited, and counts them for the dashboard and the report', async () => {
    const before = (await api.get(`/dashboard?roundId=${world.roundId}`, 'office')).body
      .publicComments;
    const replied = await submit({ text: '食堂价格偏高。' });
    const closed = await submit({ text: '与本轮无关的意见。', contact: 'someone@example.org' });
    const replyTask = await inboxTask(replied.body.receiptCode);
    const closeTask = await inboxTask(closed.body.receiptCode);

    const noReply = await api.post(`/tasks/${replyTask.id}/complete`, 'office', {
      action: 'reply',
    });
    expect(noReply.status).toBe(400);
    expect(JSON.stringify(noReply.body)).toContain('reply');
    const r = await api.post(`/tasks/${replyTask.id}/complete`, 'office', {
      action: 'reply',
      reply: '已责成后勤部门核查。',
    });
    expect(r.status).toBe(200);
    expect(r.body.finding).toBeNull();
    const c = await api.post(`/tasks/${closeTask.id}/complete`, 'office', {
      action: 'close',
      note: '不属于本轮整改范围',
    });
    expect(c.status).toBe(200);
    expect((await lookUp(replied.body.receiptCode)).body).toEqual({
      status: 'answered',
      reply: '已责成后勤部门核查。',
    });
    expect((await lookUp(closed.body.receiptCode)).body).toEqual({ status: 'closed' });
    expect((await events(replyTask.id)).map((e) => e.action)).toEqual([
      'public_comment.received',
      'public_comment.answered',
    ]);
    const closeEvents = await events(closeTask.id);
    expect(closeEvents.map((e) => e.action)).toEqual([
      'public_comment.received',
      'public_comment.closed',
    ]);
    expect(JSON.parse(closeEvents[1].data)).toMatchObject({ note: '不属于本轮整改范围' });

    // The figures are the table's, counted here independently.
    const rows = await stack.dataSource
      .getRepository(PublicCommentEntity)
      .findBy({ roundId: world.roundId });
    const handled = rows.filter((x) => x.status !== 'received').length;
    const dashboard = await api.get(`/dashboard?roundId=${world.roundId}`, 'office');
    expect(dashboard.body.publicComments).toEqual({ received: rows.length, handled });
    expect(dashboard.body.publicComments.received).toBe(before.received + 2);
    const report = await fetch(`${stack.url}/api/rounds/${world.roundId}/report?format=md`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    const text = await report.text();
    expect(text).toContain(`公开期间共收到意见建议${rows.length}条，已办理${handled}条。`);
    // A report as of a day before any comment came tells none.
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    const earlier = await fetch(
      `${stack.url}/api/rounds/${world.roundId}/report?format=md&asOf=${yesterday}`,
      { headers: { authorization: `Bearer ${await api.token('office')}` } },
    );
    expect(earlier.status).toBe(200);
    expect(await earlier.text()).not.toContain('公开期间共收到意见建议');
    // The contact is in no export.
    expect(text).not.toContain('someone@example.org');
    const ledger = await fetch(`${stack.url}/api/rounds/${world.roundId}/ledger`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(Buffer.from(await ledger.arrayBuffer()).toString('latin1')).not.toContain(
      'someone@example.org',
    );
  });

  it('strips control characters, refuses oversize fields by name, and an unknown finding', async () => {
    const sent = await submit({
      text: '意见\u0000正文\u0007\u202e内容\r\n第二行',
      contact: '电话\u0001123',
    });
    expect(sent.status).toBe(201);
    const row = await stack.dataSource
      .getRepository(PublicCommentEntity)
      .findOneByOrFail({ receiptCode: sent.body.receiptCode });
    expect(row.text).toBe('意见正文内容\n第二行');
    expect(row.contact).toBe('电话123');

    const long = await submit({ text: '长'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ field: 'text' })]);
    const longContact = await submit({ text: '正常', contact: 'x'.repeat(201) });
    expect(longContact.status).toBe(400);
    expect(longContact.body.errors).toEqual([expect.objectContaining({ field: 'contact' })]);
    const empty = await submit({ text: '\u0000 ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('text');
    const unknown = await submit({ text: '正常', findingCode: 'NO-SUCH' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ field: 'findingCode', code: 'unknown_finding' }),
    ]);
    const extra = await submit({ text: '正常', html: '<b>x</b>' });
    expect(extra.status).toBe(400);
  });

  it('answers a filled honeypot like a comment but keeps nothing', async () => {
    const tasksBefore = await stack.dataSource.getRepository(TaskEntity).countBy({
      kind: 'public_comment',
    });
    const bot = await submit({ text: '广告 http://spam.example', website: 'http://spam.example' });
    expect(bot.status).toBe(201);
    expect(bot.body.receiptCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    expect(
      await stack.dataSource
        .getRepository(PublicCommentEntity)
        .countBy({ receiptCode: bot.body.receiptCode }),
    ).toBe(0);
    expect(
      await stack.dataSource.getRepository(TaskEntity).countBy({ kind: 'public_comment' }),
    ).toBe(tasksBefore);
    expect((await lookUp(bot.body.receiptCode)).status).toBe(404);
  });

  it('shows the public nothing but status and reply, and 404 for unknown codes and slugs', async () => {
    expect((await lookUp('ABCDEFGHJKMN')).status).toBe(404);
    expect((await lookUp('not a code')).status).toBe(404);
    expect((await submit({ text: '正常' }, newAddress(), 'no-such-slug')).status).toBe(404);
    const page = await fetch(`${stack.url}/api/public/rounds/${slug}`);
    const pageText = await page.text();
    expect(pageText).not.toContain('13800000000');
    expect(pageText).not.toContain('someone@example.org');
  });

  it('refuses comments outside the window with 409 publication_closed', async () => {
    const publications = stack.dataSource.getRepository(PublicationEntity);
    const saved = await publications.findOneByOrFail({ slug });
    const setWindow = (from: string, to: string) =>
      publications.createQueryBuilder().update().set({ from, to }).execute();
    await setWindow('2020-01-01', '2020-01-15');
    const late = await submit({ text: '过期的意见' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('publication_closed');
    // The lookup of an earlier receipt still works after the window.
    expect((await lookUp('ABCDEFGHJKMN')).status).toBe(404);
    await setWindow(saved.from, saved.to);
  });

  it('limits receipt look-ups per address (guessing codes), answering 429 with Retry-After', async () => {
    const from = newAddress();
    const get = () =>
      fetch(`${stack.url}/api/public/comments/ABCDEFGHJKMN`, {
        headers: { 'x-forwarded-for': from },
      });
    for (let i = 0; i < LOOKUPS; i++) expect((await get()).status).toBe(404);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits each address, answering 429 with Retry-After', async () => {
    const from = newAddress();
    for (let i = 0; i < PER_ADDRESS; i++) {
      expect((await submit({ text: `第${i}条` }, from)).status).toBe(201);
    }
    const refused = await submit({ text: '再一条' }, from);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not held back by this one.
    expect((await submit({ text: '另一个地址' })).status).toBe(201);
  });

  it('limits everyone together, answering 429 with Retry-After from a fresh address', async () => {
    let refused: Awaited<ReturnType<typeof submit>> | null = null;
    for (let i = 0; i <= GLOBAL && !refused; i++) {
      const res = await submit({ text: `全局第${i}条` });
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(201);
    }
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    const received = await stack.dataSource
      .getRepository(PublicCommentEntity)
      .countBy({ roundId: world.roundId });
    expect(received).toBeLessThanOrEqual(GLOBAL);
  });
});
