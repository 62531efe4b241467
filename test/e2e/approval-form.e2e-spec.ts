import JSZip from 'jszip';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * 整改事项销号审批表 (#15 "Phone and paper"): a closed finding's form names the finding, its
 * measures, every evidence file with its SHA-256, the three reviews' opinions with who and
 * when, and the closing; exporting it is audited; another department cannot print it.
 */
describe('the approval form of a finding', () => {
  let stack: TestStack;
  let world: World;
  let findingId: string;

  beforeAll(async () => {
    stack = await startStack();
    world = await World.create(stack);
    findingId = await world.createFinding({
      title: '专项资金台账不全',
      dept: 'D1',
      measures: ['一是建立专项资金台账', '二是开展专项审计'],
    });
    await world.advance(findingId, 'closed');
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function download(
    as: string,
  ): Promise<{ status: number; type: string | null; body: Buffer }> {
    const res = await fetch(`${stack.url}/api/findings/${findingId}/approval-form.docx`, {
      headers: { authorization: `Bearer ${await world.api.token(as)}` },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: Buffer.from(await res.arrayBuffer()),
    };
  }

  it('holds the finding, its measures, the evidence with SHA-256 and the three signatures', async () => {
    const file = await download('office');
    expect(file.status).toBe(200);
    expect(file.type).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(file.body)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    const detail = (await world.api.get(`/findings/${findingId}`, 'office')).body;
    expect(text).toContain('整改事项销号审批表');
    expect(text).toContain(detail.code);
    expect(text).toContain('专项资金台账不全');
    // The measures as the department drafted them, each marked done.
    expect(detail.measures.length).toBeGreaterThan(0);
    for (const m of detail.measures) expect(text).toContain(`${m.text}（已完成）`);
    expect(detail.evidence.length).toBeGreaterThan(0);
    for (const e of detail.evidence) {
      expect(text).toContain(e.sha256);
      expect(text).toContain(e.filename);
    }
    for (const label of [
      '一级审核（部门负责人）意见',
      '二级审核（责任领导）意见',
      '三级验收（整改办）意见',
    ])
      expect(text).toContain(label);
    // Levels 1-3 (the measures' approval is a review of its own, not on this form).
    const reviewers = detail.reviews
      .filter((r: { level: number }) => r.level >= 1 && r.level <= 3)
      .map((r: { reviewerId: string }) => r.reviewerId);
    expect(reviewers).toHaveLength(3);
    for (const id of reviewers) {
      const name = (await world.api.get(`/users/${id}`, 'office')).body.displayName;
      expect(text).toContain(`签字：${name}`);
    }
    expect(text).toMatch(/已于\d{4}年\d{1,2}月\d{1,2}日对账销号/);
    const audit = await world.api.get(`/audit?entityId=${findingId}&pageSize=200`, 'office');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain(
      'finding.approval_form_exported',
    );
  });

  it('is printed only by whoever may see the finding', async () => {
    expect((await download('dept1')).status).toBe(200);
    expect((await download('dept2')).status).toBe(403);
    expect((await download('u2office')).status).toBe(404);
  });
});
