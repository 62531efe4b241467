import { createHash, randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import { WITHHOLD_REASON_LABELS_ZH, zonedDay } from '@rectiflow/domain';
import { AuditEventEntity, PublicationEntity, RoundEntity } from '@rectiflow/persistence';
import { withheldSentence } from '@rectiflow/reports';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * 公开 (API.md "Publication and public comments"): the office withholds a finding from the public
 * version (不予公开) with a recognised reason, publishes the round's public report for its window
 * (公开期限 from the import, or edited), and anyone reads it without signing in — frozen as it
 * was published, with its hash, open only within the window in ORG_TIMEZONE.
 */

const TOLD = '公开问题甲：理论学习中心组学习制度执行不严格';
const WITHHELD = '不予公开问题乙：某项目资金使用存在疑点';
const LONG_TERM = '公开问题丙：办公用房调整尚未完成';
const IMPORTED = {
  from: '2025-09-01',
  to: '2025-09-15',
  phone: '0571-12345678',
  email: 'xczg@example.org',
  address: '青溪县人民路1号',
  postcode: '311700',
};

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('publication of the public report', () => {
  let stack: TestStack;
  let world: World;
  let api: ApiClient;
  let ids: Record<'told' | 'withheld' | 'longTerm', string>;
  let today: string;
  const day = (plus: number) => {
    const [y, m, d] = today.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + plus)).toISOString().slice(0, 10);
  };

  const put = (path: string, as: string, body: unknown) => api.request('PUT', path, { as, body });
  /** A GET without any token, as the public page makes it. */
  const publicGet = async (slug: string) => {
    const res = await fetch(`${stack.url}/api/public/rounds/${slug}`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const reportText = async (query: string) => {
    const res = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/report?${query}`, {
      headers: { authorization: `Bearer ${await api.token('office')}` },
    });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    stack = await startStack({});
    today = zonedDay(Date.now(), stack.config.env.ORG_TIMEZONE);
    world = await World.create(stack, undefined, { title: '县委第二巡察组反馈意见' });
    api = world.api;
    const imported = await api.post(`/rounds/${world.roundId}/import`, 'office', {
      areas: [
        {
          title: '聚焦落实全面从严治党责任方面',
          themes: [
            {
              title: '主体责任落实不够到位',
              findings: [
                { title: TOLD, measures: ['修订中心组学习制度'] },
                { title: WITHHELD, measures: ['配合有关部门核查'] },
                { title: LONG_TERM, measures: ['制定分步调整方案'], longTerm: true },
              ],
            },
          ],
        },
      ],
      publication: IMPORTED,
    });
    expect(imported.status).toBe(201);
    const listed = (await api.get(`/findings?roundId=${world.roundId}&pageSize=50`, 'office')).body
      .items as { id: string; title: string }[];
    const idOf = (title: string) => listed.find((f) => f.title === title)!.id;
    ids = { told: idOf(TOLD), withheld: idOf(WITHHELD), longTerm: idOf(LONG_TERM) };
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('withholding a finding (不予公开)', () => {
    it('refuses a missing or unknown reason, naming the field and its code', async () => {
      const missing = await put(`/findings/${ids.withheld}/disclosure`, 'office', {
        withheld: true,
      });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual([
        expect.objectContaining({ field: 'reason', code: 'required' }),
      ]);
      const unknown = await put(`/findings/${ids.withheld}/disclosure`, 'office', {
        withheld: true,
        reason: '领导不同意',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([
        expect.objectContaining({ field: 'reason', code: 'unknown_withhold_reason' }),
      ]);
      const notBoolean = await put(`/findings/${ids.withheld}/disclosure`, 'office', {
        withheld: 'yes',
        reason: 'pending_case',
      });
      expect(notBoolean.status).toBe(400);
      expect(notBoolean.body.errors.map((e: { field: string }) => e.field)).toEqual(['withheld']);
    });

    it('is the office’s alone', async () => {
      for (const as of ['committee', 'leader1', 'supervisor', 'dept1']) {
        const res = await put(`/findings/${ids.withheld}/disclosure`, as, {
          withheld: true,
          reason: 'pending_case',
        });
        expect([as, res.status]).toEqual([as, 403]);
      }
      expect((await api.get(`/findings/${ids.withheld}`, 'office')).body.disclosure).toEqual({
        withheld: false,
        reason: null,
      });
    });

    it('marks the finding with its reason, in its history', async () => {
      const res = await put(`/findings/${ids.withheld}/disclosure`, 'office', {
        withheld: true,
        reason: 'pending_case',
      });
      expect(res.status).toBe(200);
      expect(res.body.disclosure).toEqual({ withheld: true, reason: 'pending_case' });
      const entry = res.body.history.find(
        (h: { action: string }) => h.action === 'finding.withheld',
      );
      expect(entry.detail).toMatchObject({ withheld: true, reason: 'pending_case' });
      expect(entry.actorId).toBe(api.userId('office'));
      // Said again, nothing changes and nothing more is recorded.
      await put(`/findings/${ids.withheld}/disclosure`, 'office', {
        withheld: true,
        reason: 'pending_case',
      });
      expect(
        await stack.dataSource
          .getRepository(AuditEventEntity)
          .countBy({ findingId: ids.withheld, action: 'finding.withheld' }),
      ).toBe(1);
    });

    it('keeps every finding in the internal report and leaves it out of the public one', async () => {
      const internal = await reportText('format=md');
      expect(internal).toContain('公开问题甲');
      expect(internal).toContain('不予公开问题乙');
      expect(internal).not.toContain('不予公开。');
      const pub = await reportText('format=md&version=public');
      expect(pub).toContain('公开问题甲');
      expect(pub).toContain('公开问题丙');
      expect(pub).not.toContain('不予公开问题乙');
      expect(pub).not.toContain('某项目资金');
      expect(pub).not.toContain(WITHHOLD_REASON_LABELS_ZH.pending_case);
      expect(pub).toContain(withheldSentence(1));
      // The figures are those of every finding: the public is told how many there are.
      expect(pub).toContain('巡察反馈的3个问题');
      // The Word file of each version says the same.
      const docx = async (query: string) => {
        const res = await fetch(`${api.baseUrl}/api/rounds/${world.roundId}/report?${query}`, {
          headers: { authorization: `Bearer ${await api.token('office')}` },
        });
        expect(res.status).toBe(200);
        const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
        return (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
      };
      const publicDocx = await docx('format=docx&version=public');
      expect(publicDocx).toContain('公开问题甲');
      expect(publicDocx).not.toContain('不予公开问题乙');
      expect(publicDocx).toContain(withheldSentence(1));
      expect(await docx('format=docx')).toContain('不予公开问题乙');
      const bad = await api.get(`/rounds/${world.roundId}/report?version=secret`, 'office');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['version']);
    });
  });

  describe('publishing (公开)', () => {
    let slug: string;

    it('is the office’s alone', async () => {
      for (const as of ['committee', 'leader1', 'supervisor', 'inspector', 'dept1', 'xcb']) {
        const res = await api.post(`/rounds/${world.roundId}/publish`, as, {});
        expect([as, res.status]).toEqual([as, 403]);
      }
      expect(
        (await fetch(`${stack.url}/api/rounds/${world.roundId}/publish`, { method: 'POST' }))
          .status,
      ).toBe(401);
      expect(await stack.dataSource.getRepository(PublicationEntity).count()).toBe(0);
    });

    it('refuses a window that is not days, or ends before it starts, naming the field', async () => {
      const cases: [unknown, string, string?][] = [
        [{ from: '2026-13-01' }, 'from'],
        [{ to: 'tomorrow' }, 'to'],
        [{ from: day(5), to: day(1) }, 'to', 'range_reversed'],
        // The imported window starts in 2025: ending it earlier is reversed too.
        [{ to: '2025-08-01' }, 'to', 'range_reversed'],
      ];
      for (const [body, field, code] of cases) {
        const res = await api.post(`/rounds/${world.roundId}/publish`, 'office', body);
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        if (code) expect(res.body.errors).toEqual([expect.objectContaining({ field, code })]);
      }
      const noWindow = await api.post('/rounds', 'office', { title: '无公开期限', source: 'self' });
      const res = await api.post(`/rounds/${noWindow.body.id}/publish`, 'office', {});
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'from', code: 'required' }),
      ]);
    });

    it('publishes for the imported window by default; anyone reads it without a token', async () => {
      const res = await api.post(`/rounds/${world.roundId}/publish`, 'office', {});
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        from: IMPORTED.from,
        to: IMPORTED.to,
        version: 1,
        withheldCount: 1,
      });
      slug = res.body.slug;
      expect(slug).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      const page = await publicGet(slug);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({
        title: '关于县委第二巡察组反馈意见整改进展情况的通报',
        from: IMPORTED.from,
        to: IMPORTED.to,
        // 2025's window is over.
        open: false,
        withheldCount: 1,
        contacts: {
          phone: IMPORTED.phone,
          email: IMPORTED.email,
          address: IMPORTED.address,
          postcode: IMPORTED.postcode,
        },
      });
      expect(page.body.text).toContain('公开问题甲');
      expect(page.body.text).not.toContain('不予公开问题乙');
      expect(page.body.text).toContain(withheldSentence(1));
      expect(page.body.text).toContain('公开期限：2025年9月1日至2025年9月15日');
      // Plain paragraphs: no Markdown marks.
      expect(page.body.text).not.toMatch(/^#|\*\*/m);
      const audit = await stack.dataSource
        .getRepository(AuditEventEntity)
        .findOneByOrFail({ action: 'round.published', entityId: world.roundId });
      expect(audit.actorId).toBe(api.userId('office'));
      expect(JSON.parse(audit.data)).toMatchObject({
        version: 1,
        from: IMPORTED.from,
        to: IMPORTED.to,
        textHash: sha256(page.body.text),
        withheldCount: 1,
      });
    });

    it('re-publishing with an edited window keeps the slug and is open today', async () => {
      const res = await api.post(`/rounds/${world.roundId}/publish`, 'office', {
        from: day(-1),
        to: day(13),
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ slug, version: 2, from: day(-1), to: day(13) });
      const page = await publicGet(slug);
      expect(page.body).toMatchObject({ open: true, from: day(-1), to: day(13) });
      // A window that starts tomorrow is not open yet; one that ended yesterday is over.
      await api.post(`/rounds/${world.roundId}/publish`, 'office', { from: day(1), to: day(5) });
      expect((await publicGet(slug)).body.open).toBe(false);
      await api.post(`/rounds/${world.roundId}/publish`, 'office', { from: day(-9), to: day(-1) });
      expect((await publicGet(slug)).body.open).toBe(false);
      // Today alone is open: both ends are included.
      await api.post(`/rounds/${world.roundId}/publish`, 'office', { from: today, to: today });
      expect((await publicGet(slug)).body).toMatchObject({ open: true, from: today, to: today });
      // The history is kept, newest first; the office and the organisation-wide roles read it.
      const list = await api.get(`/rounds/${world.roundId}/publications`, 'committee');
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: { version: number }) => p.version)).toEqual([5, 4, 3, 2, 1]);
      expect(new Set(list.body.items.map((p: { slug: string }) => p.slug))).toEqual(
        new Set([slug]),
      );
      expect((await api.get(`/rounds/${world.roundId}/publications`, 'dept1')).status).toBe(403);
    });

    it('is frozen: what changes after publishing is not in the published text, whose hash holds', async () => {
      const before = (await publicGet(slug)).body;
      const retitled = await api.request('PATCH', `/findings/${ids.told}`, {
        as: 'office',
        body: { title: '公开问题甲（修订后）：中心组学习制度执行不严格', reason: '表述调整' },
      });
      expect(retitled.status).toBe(200);
      // The office also tells the withheld finding again: the published text is unchanged.
      expect(
        (await put(`/findings/${ids.withheld}/disclosure`, 'office', { withheld: false })).status,
      ).toBe(200);
      await pollUntil('the retitled finding in the internal report', async () =>
        (await reportText('format=md')).includes('修订后'),
      );
      const after = (await publicGet(slug)).body;
      expect(after.text).toBe(before.text);
      expect(after.withheldCount).toBe(1);
      expect(after.text).not.toContain('修订后');
      expect(after.text).not.toContain('不予公开问题乙');
      const row = await stack.dataSource
        .getRepository(PublicationEntity)
        .findOneOrFail({ where: { slug }, order: { version: 'DESC' } });
      expect(sha256(after.text)).toBe(row.textHash);
      expect(after.textHash).toBe(row.textHash);
      // A new publication states the data as it now is.
      await api.post(`/rounds/${world.roundId}/publish`, 'office', { from: today, to: day(7) });
      const republished = (await publicGet(slug)).body;
      expect(republished.text).toContain('修订后');
      expect(republished.text).toContain('不予公开问题乙');
      expect(republished.withheldCount).toBe(0);
      expect(republished.text).not.toContain('不予公开。');
      expect(republished.textHash).toBe(sha256(republished.text));
      // The round's imported window is what it was.
      const round = await stack.dataSource
        .getRepository(RoundEntity)
        .findOneByOrFail({ id: world.roundId });
      expect(round.publication).toMatchObject({ from: IMPORTED.from, to: IMPORTED.to });
    });

    it('answers 404 for an unknown or malformed address', async () => {
      expect((await publicGet(randomBytes(16).toString('base64url'))).status).toBe(404);
      expect((await publicGet('not-a-slug')).status).toBe(404);
      expect((await publicGet(`${slug}%3Cscript%3E`)).status).toBe(404);
    });
  });
});
