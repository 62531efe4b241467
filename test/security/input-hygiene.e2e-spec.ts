import { DepartmentEntity, FindingEntity, RoundEntity, UserEntity } from '@rectiflow/persistence';
import { startStack, type TestStack } from '../support/stack';
import { buildWeb } from '../support/web-build';
import { World, inDays } from '../support/world';

/**
 * The bodies and the data an outsider would try (issue 12): every bad body answered with a
 * 400, 413 or 415 naming the field or the limit even with the web app served (it used to turn
 * them into `404 Cannot POST`), and what is stored cleaned: no invisible characters in titles
 * and names, due dates within the horizon, co-departments without the lead, literal `%` and
 * `_` in searches, one account per username whatever its case, and `Retry-After` on 429.
 */

const LOGIN_LIMIT = 40;

describe('input hygiene', () => {
  let stack: TestStack;
  let world: World;

  beforeAll(async () => {
    // The web app is served, as in the embedded default: its fallback must not swallow errors.
    buildWeb({ onlyIfMissing: true });
    stack = await startStack({ SERVE_WEB: 'true', LOGIN_RATE_LIMIT: String(LOGIN_LIMIT) });
    world = await World.create(stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function send(
    path: string,
    body: string,
    headers: Record<string, string> = {},
    as?: string,
  ): Promise<{ status: number; body: any }> {
    const h: Record<string, string> = { 'content-type': 'application/json', ...headers };
    if (as) h.authorization = `Bearer ${await world.api.token(as)}`;
    const res = await fetch(`${stack.url}${path}`, { method: 'POST', headers: h, body });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  }

  describe('bad bodies, with the web app served', () => {
    const round = JSON.stringify({ title: '一轮', source: 'audit' });
    const cases: [string, string, Record<string, string>, number, string, string][] = [
      ['malformed JSON', '{"title": "一轮", ', {}, 400, 'body', 'invalid_json'],
      ['a JSON string', '"hello"', {}, 400, 'body', 'invalid_json'],
      [
        'JSON over the limit',
        JSON.stringify({ title: 'x'.repeat(2_200_000) }),
        {},
        413,
        'body',
        'body_too_large',
      ],
      [
        'JSON nested 5,000 deep',
        `{"title":${'['.repeat(5000)}${']'.repeat(5000)}}`,
        {},
        400,
        'body',
        'json_too_deep',
      ],
      [
        'a __proto__ key',
        `{"__proto__":{"isAdmin":true},"title":"t","source":"audit"}`,
        {},
        400,
        '__proto__',
        'reserved_key',
      ],
      [
        'a nested constructor key',
        `{"title":"t","source":"audit","x":[{"constructor":{"prototype":1}}]}`,
        {},
        400,
        'x.0.constructor',
        'reserved_key',
      ],
      [
        'content-encoding gzip',
        round,
        { 'content-encoding': 'gzip' },
        415,
        'content-encoding',
        'unsupported_content_encoding',
      ],
      [
        'a latin1 charset',
        round,
        { 'content-type': 'application/json; charset=latin1' },
        415,
        'content-type',
        'unsupported_charset',
      ],
    ];

    it.each(cases)('%s', async (_name, body, headers, status, field, code) => {
      for (const [path, as] of [
        ['/api/rounds', 'office'],
        ['/api/auth/login', undefined],
      ] as const) {
        const res = await send(path, body, headers, as);
        expect({ path, status: res.status }).toEqual({ path, status });
        expect(res.body.errors).toEqual([{ field, code, message: expect.any(String) }]);
        expect(res.body.message).toBeDefined();
      }
    });

    it('answers a 10 MB text import with 413 naming the limit, and creates nothing', async () => {
      const findings = await stack.dataSource.getRepository(FindingEntity).count();
      const res = await send(
        `/api/rounds/${world.roundId}/import`,
        '问题'.repeat(1_750_000),
        {
          'content-type': 'text/plain; charset=utf-8',
        },
        'office',
      );
      expect(res.status).toBe(413);
      expect(res.body.errors).toEqual([
        { field: 'body', code: 'body_too_large', message: expect.stringContaining('limit') },
      ]);
      expect(await stack.dataSource.getRepository(FindingEntity).count()).toBe(findings);
    });

    it('still serves the web app, and an unknown API path is still the API 404', async () => {
      expect((await fetch(`${stack.url}/rounds`)).status).toBe(200);
      const missing = await send('/api/nothing-here', '{}', {}, 'office');
      expect(missing.status).toBe(404);
    });
  });

  describe('stored titles and names', () => {
    const DIRTY = '整改\u0000报告\u200b\u202Egnp.exe\u2066\u2069\ufeff\u0007';
    const CLEAN = '整改报告gnp.exe';

    it('strips control, zero-width and bidi characters from every title and name', async () => {
      const finding = await world.api.post(`/rounds/${world.roundId}/findings`, 'office', {
        title: DIRTY,
        areaTitle: `方面${DIRTY}`,
        measures: [`一是${DIRTY}\n二是第二行`],
      });
      expect(finding.status).toBe(201);
      const stored = await stack.dataSource
        .getRepository(FindingEntity)
        .findOneByOrFail({ id: finding.body.id });
      expect(stored.title).toBe(CLEAN);
      const round = await world.api.post('/rounds', 'office', { title: DIRTY, source: 'audit' });
      expect(round.status).toBe(201);
      expect(
        (await stack.dataSource.getRepository(RoundEntity).findOneByOrFail({ id: round.body.id }))
          .title,
      ).toBe(CLEAN);
      const dept = await world.api.post('/departments', 'office', {
        code: 'DX',
        name: DIRTY,
      });
      expect(dept.status).toBe(201);
      expect(
        (
          await stack.dataSource
            .getRepository(DepartmentEntity)
            .findOneByOrFail({ id: dept.body.id })
        ).name,
      ).toBe(CLEAN);
      const user = await world.api.post('/users', 'office', {
        username: 'hygiene1',
        displayName: DIRTY,
        password: 'long-enough-1',
        roles: ['inspector'],
      });
      expect(user.status).toBe(201);
      expect(
        (await stack.dataSource.getRepository(UserEntity).findOneByOrFail({ id: user.body.id }))
          .displayName,
      ).toBe(CLEAN);
      const batch = await world.api.post('/batches', 'xcb', {
        title: DIRTY,
        unitIds: [(await world.api.get('/units', 'xcb')).body.items[0].id],
      });
      expect(batch.status).toBe(201);
      expect(batch.body.title).toBe(CLEAN);
      // A title that is nothing but invisible characters is empty, and refused as such.
      const empty = await world.api.post(`/rounds/${world.roundId}/findings`, 'office', {
        title: '\u200b\u202E\u0000',
      });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].field).toBe('title');
    });

    it('keeps them out of download file names, even from a row written before the rule', async () => {
      await stack.dataSource
        .getRepository(RoundEntity)
        .update({ id: world.roundId }, { title: `旧轮次\u202Egpj.exe\u0007` });
      const res = await fetch(`${stack.url}/api/rounds/${world.roundId}/report?format=md`, {
        headers: { authorization: `Bearer ${await world.api.token('office')}` },
      });
      expect(res.status).toBe(200);
      const disposition = decodeURIComponent(res.headers.get('content-disposition') ?? '');
      expect(disposition).toContain('旧轮次gpj.exe');
      expect(disposition).not.toMatch(/[\p{Cc}\u200b-\u200f\u202a-\u202e\u2066-\u2069]/u);
    });
  });

  describe('due dates and co-departments', () => {
    it('refuses a due date in the past or beyond the horizon where a finding is created', async () => {
      for (const [dueAt, code] of [
        [inDays(-1), 'due_in_past'],
        ['9999-12-31T00:00:00.000Z', 'due_beyond_horizon'],
        [inDays(6 * 366), 'due_beyond_horizon'],
      ]) {
        const res = await world.api.post(`/rounds/${world.roundId}/findings`, 'office', {
          title: '到期日',
          leadDepartmentId: world.dept('D1'),
          responsibleLeaderId: world.api.userId('leader1'),
          dueAt,
        });
        expect({ dueAt, status: res.status, errors: res.body.errors }).toEqual({
          dueAt,
          status: 400,
          errors: [{ field: 'dueAt', code, message: expect.stringContaining('dueAt') }],
        });
      }
      const ok = await world.api.post(`/rounds/${world.roundId}/findings`, 'office', {
        title: '到期日',
        leadDepartmentId: world.dept('D1'),
        responsibleLeaderId: world.api.userId('leader1'),
        dueAt: inDays(4 * 365),
      });
      expect(ok.status).toBe(201);
    });

    it('keeps co-departments once each and never the lead department', async () => {
      const findingId = await world.createFinding();
      const task = await world.mustTask(findingId, 'assign');
      const body = {
        responsibleLeaderId: world.api.userId('leader1'),
        leadDepartmentId: world.dept('D1'),
        dueAt: inDays(30),
      };
      const withLead = await world.api.post(`/tasks/${task.id}/complete`, 'office', {
        ...body,
        coDepartmentIds: [world.dept('D2'), world.dept('D1')],
      });
      expect(withLead.status).toBe(400);
      expect(withLead.body.errors).toEqual([
        { field: 'coDepartmentIds', code: 'co_department_is_lead', message: expect.any(String) },
      ]);
      const twice = await world.api.post(`/tasks/${task.id}/complete`, 'office', {
        ...body,
        coDepartmentIds: [world.dept('D2'), world.dept('D2'), world.dept('D3'), world.dept('D2')],
      });
      expect(twice.status).toBe(200);
      const f = await world.finding(findingId);
      expect(f.coDepartmentIds).toEqual([world.dept('D2'), world.dept('D3')]);
    });
  });

  describe('searching', () => {
    it('takes % and _ in q literally', async () => {
      const percent = await world.createFinding({ title: '完成率100%的问题' });
      const underscore = await world.createFinding({ title: '文件名a_b的问题' });
      const plain = await world.createFinding({ title: '普通的问题ab' });
      const ids = async (q: string) =>
        (
          await world.api.get(`/findings?q=${encodeURIComponent(q)}&pageSize=200`, 'office')
        ).body.items.map((i: { id: string }) => i.id);
      const byPercent = await ids('%');
      expect(byPercent).toContain(percent);
      expect(byPercent).not.toContain(plain);
      expect(byPercent).not.toContain(underscore);
      const byUnderscore = await ids('_');
      expect(byUnderscore).toEqual([underscore]);
      expect(await ids('a_b')).toEqual([underscore]);
      expect(await ids('\\')).toEqual([]);
    });
  });

  describe('usernames', () => {
    it('are one account whatever their case or compatibility form', async () => {
      const clash = await world.api.post('/users', 'office', {
        username: 'Office',
        displayName: '冒名',
        password: 'long-enough-1',
        roles: ['office'],
      });
      expect(clash.status).toBe(409);
      const wide = await world.api.post('/users', 'office', {
        username: 'ｏｆｆｉｃｅ',
        displayName: '冒名',
        password: 'long-enough-1',
        roles: ['office'],
      });
      expect(wide.status).toBe(409);
      const created = await world.api.post('/users', 'office', {
        username: 'MixedCase',
        displayName: '新用户',
        password: 'long-enough-1',
        roles: ['inspector'],
      });
      expect(created.status).toBe(201);
      expect(created.body.username).toBe('mixedcase');
      for (const username of ['mixedcase', 'MIXEDCASE', 'ＭｉｘｅｄＣａｓｅ']) {
        const login = await world.api.post('/auth/login', undefined, {
          username,
          password: 'long-enough-1',
        });
        expect({ username, status: login.status }).toEqual({ username, status: 200 });
      }
    });
  });

  describe('rate limits', () => {
    it('answers every 429 with Retry-After', async () => {
      let last: Response | null = null;
      for (let i = 0; i <= LOGIN_LIMIT && last?.status !== 429; i++) {
        last = await fetch(`${stack.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `nobody-${i}`, password: 'wrong-password' }),
        });
      }
      expect(last?.status).toBe(429);
      const retryAfter = Number(last?.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });
  });
});
