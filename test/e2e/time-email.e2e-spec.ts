import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { NotificationEntity } from '@rectiflow/persistence';
import type { ApiClient } from '../support/api-client';
import { pollUntil } from '../support/poll';
import { startStack, type TestStack } from '../support/stack';
import { World } from '../support/world';

/**
 * Notices as e-mail when SMTP_URL is set, delivered to a real SMTP server (smtp-server)
 * listening in this test: reminders, send-backs and assignments reach each recipient's
 * address, a mail server outage never holds up a step, and mail is retried once it is back.
 */
interface Mail {
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (adjacent words joined as bytes, so split characters survive). */
function decodeWords(value: string): string {
  const parts: { bytes?: Buffer; text?: string }[] = [];
  const re = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  let last = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const between = value.slice(last, m.index);
    if (between && !(/^\s+$/.test(between) && parts.length > 0 && parts[parts.length - 1].bytes))
      parts.push({ text: between });
    const bytes =
      m[2].toUpperCase() === 'B'
        ? Buffer.from(m[3], 'base64')
        : Buffer.from(
            m[3]
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) =>
                String.fromCharCode(parseInt(h, 16)),
              ),
            'latin1',
          );
    const prev = parts[parts.length - 1];
    if (prev?.bytes) prev.bytes = Buffer.concat([prev.bytes, bytes]);
    else parts.push({ bytes });
    last = re.lastIndex;
  }
  parts.push({ text: value.slice(last) });
  return parts.map((p) => p.text ?? p.bytes?.toString('utf8') ?? '').join('');
}

function parseMail(raw: string, to: string[]): Mail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) =>
                String.fromCharCode(parseInt(h, 16)),
              ),
            'latin1',
          )
        : Buffer.from(body, 'latin1');
  return { to, headers, subject: decodeWords(headers.subject ?? ''), text: bytes.toString('utf8') };
}

class MailServer {
  readonly mails: Mail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no STARTTLS (its self-signed certificate would be refused).
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((a) => a.address);
          this.mails.push(parseMail(Buffer.concat(chunks).toString('latin1'), to));
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  for(address: string, kind?: string): Mail[] {
    return this.mails.filter(
      (m) => m.to.includes(address) && (!kind || m.headers['x-rectiflow-kind'] === kind),
    );
  }
}

describe('time: notices by e-mail (SMTP_URL)', () => {
  const smtp = new MailServer();
  let stack: TestStack;
  let world: World;
  let api: ApiClient;

  beforeAll(async () => {
    await smtp.start();
    stack = await startStack({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: '整改工作平台 <noreply@rectiflow.test>',
      // Every step opens inside its warning window, so its reminder goes out at once.
      WARN_BEFORE: '2h',
      STEP_DUE: '1h',
    });
    world = await World.create(stack, undefined, { title: '邮件通知测试', source: 'audit' });
    api = world.api;
  });

  afterAll(async () => {
    await stack?.close();
    await smtp.stop();
  });

  it('e-mails assignments, reminders and send-backs to each recipient’s address, once', async () => {
    const findingId = await world.createFinding({
      title: '公务接待超标准',
      dept: 'D1',
      leader: 'leader1',
      dueAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
      measures: [],
    });

    const reminder = await pollUntil(
      'the reminder e-mail to dept1',
      async () => smtp.for('dept1@demo.rectiflow.local', 'reminder')[0],
    );
    expect(reminder.subject).toBe('【整改提醒】临期提醒');
    expect(reminder.text).toContain('公务接待超标准');
    expect(reminder.text).toContain('办公室经办人');
    expect(reminder.headers['x-rectiflow-finding']).toBe(findingId);
    expect(reminder.headers.from).toContain('noreply@rectiflow.test');
    await pollUntil(
      'the leader’s reminder e-mail',
      async () => smtp.for('leader1@demo.rectiflow.local', 'reminder')[0],
    );
    await pollUntil(
      'the assignment e-mail',
      async () => smtp.for('dept1@demo.rectiflow.local', 'assigned')[0],
    );
    // Nobody outside the recipients hears of it.
    expect(smtp.for('dept2@demo.rectiflow.local')).toEqual([]);
    expect(smtp.for('committee@demo.rectiflow.local')).toEqual([]);

    const draft = await api.taskFor('dept1', findingId, 'draft_measures');
    await api.post(`/tasks/${draft.id}/complete`, 'dept1', {
      measures: [{ text: '一是严格执行接待标准' }],
    });
    const approve = await api.taskFor('leader1', findingId, 'approve_measures');
    const rejected = await api.post(`/tasks/${approve.id}/complete`, 'leader1', {
      decision: 'reject',
      comment: '措施过于笼统',
    });
    expect(rejected.status).toBe(200);
    const sendBack = await pollUntil(
      'the send-back e-mail',
      async () => smtp.for('dept1@demo.rectiflow.local', 'send_back')[0],
    );
    expect(sendBack.subject).toBe('【整改提醒】整改措施被退回');
    expect(sendBack.text).toContain('措施过于笼统');
    expect(smtp.for('dept2@demo.rectiflow.local')).toEqual([]);

    // Every notification row was e-mailed, exactly once each.
    const rows = await pollUntil('every notification marked e-mailed', async () => {
      const all = await stack.dataSource.getRepository(NotificationEntity).findBy({ findingId });
      return all.every((r) => r.emailedAt !== null) ? all : undefined;
    });
    const mailsForFinding = smtp.mails.filter(
      (m) => m.headers['x-rectiflow-finding'] === findingId,
    );
    expect(mailsForFinding).toHaveLength(rows.length);
    expect(
      new Set(mailsForFinding.map((m) => `${m.to.join()}|${m.headers['x-rectiflow-notice']}`)).size,
    ).toBe(rows.length);
  });

  it('a mail server outage never holds up a step; the e-mail follows once the server is back', async () => {
    const findingId = await world.createFinding({
      title: '车辆管理台账缺失',
      dept: 'D3',
      leader: 'leader2',
      dueAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
      measures: [],
    });
    await pollUntil(
      'the first e-mails',
      async () => smtp.for('dept3@demo.rectiflow.local', 'reminder')[0],
    );
    const port = smtp.port;
    await smtp.stop();

    const draft = await api.taskFor('dept3', findingId, 'draft_measures');
    await api.post(`/tasks/${draft.id}/complete`, 'dept3', {
      measures: [{ text: '一是建立车辆台账' }],
    });
    const approve = await api.taskFor('leader2', findingId, 'approve_measures');
    const started = Date.now();
    const rejected = await api.post(`/tasks/${approve.id}/complete`, 'leader2', {
      decision: 'reject',
      comment: '请补充时间节点',
    });
    expect(rejected.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    // The notice is in the inbox already; its e-mail is still owed.
    const notice = (await api.get('/notifications?pageSize=500', 'dept3')).body.items.find(
      (n: any) => n.findingId === findingId && n.kind === 'send_back',
    );
    expect(notice).toBeDefined();
    expect(
      (await stack.dataSource.getRepository(NotificationEntity).findOneByOrFail({ id: notice.id }))
        .emailedAt,
    ).toBeNull();

    await smtp.start(port);
    const late = await pollUntil(
      'the send-back e-mail after the outage',
      async () => smtp.for('dept3@demo.rectiflow.local', 'send_back')[0],
      30_000,
    );
    expect(late.text).toContain('请补充时间节点');
    await pollUntil(
      'the notification marked e-mailed',
      async () =>
        (
          await stack.dataSource
            .getRepository(NotificationEntity)
            .findOneByOrFail({ id: notice.id })
        ).emailedAt !== null,
    );
    expect(smtp.for('dept3@demo.rectiflow.local', 'send_back')).toHaveLength(1);
  });
});
