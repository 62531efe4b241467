import nodemailer from 'nodemailer';
import { In, IsNull, type DataSource } from 'typeorm';
import {
  NotificationEntity,
  UnitEntity,
  UserEntity,
  writeTransaction,
} from '@rectiflow/persistence';

/** One e-mail: a notice to one user. */
export interface NoticeMail {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** What delivers e-mail; the worker builds it from `SMTP_URL`, tests may hand in their own. */
export interface NoticeMailer {
  send(mail: NoticeMail): Promise<void>;
  close(): void;
}

/** An SMTP mailer through nodemailer (`smtp://user:pass@host:port` or `smtps://…`). */
export function createSmtpMailer(smtpUrl: string, from: string): NoticeMailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: mail.headers,
      });
    },
    close: () => transport.close(),
  };
}

export interface NoticeMailDeps {
  dataSource: DataSource;
  /** Null when no `SMTP_URL` is configured: notices then stay in-app only. */
  mailer: NoticeMailer | null;
}

export interface NoticeMailActivities {
  /**
   * E-mails the notices' recipients that have an address and have not been e-mailed yet,
   * marking each notification as it goes, so a retry after a failure sends only the rest.
   */
  deliverNoticeEmails(args: { noticeIds: string[] }): Promise<{ sent: number }>;
}

export function createNoticeMailActivities(deps: NoticeMailDeps): NoticeMailActivities {
  return {
    async deliverNoticeEmails({ noticeIds }) {
      const mailer = deps.mailer;
      if (!mailer || noticeIds.length === 0) return { sent: 0 };
      const rows = await deps.dataSource.getRepository(NotificationEntity).find({
        where: { noticeId: In(noticeIds), emailedAt: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      if (rows.length === 0) return { sent: 0 };
      // A unit may keep its notices in-app only (UnitSettings.email false).
      const unitIds = [...new Set(rows.map((r) => r.unitId).filter((u): u is string => !!u))];
      const quiet = new Set(
        unitIds.length === 0
          ? []
          : (await deps.dataSource.getRepository(UnitEntity).findBy({ id: In(unitIds) }))
              .filter((u) => u.settings?.email === false)
              .map((u) => u.id),
      );
      const users = await deps.dataSource.getRepository(UserEntity).find({
        select: ['id', 'email', 'displayName'],
        where: { id: In([...new Set(rows.map((r) => r.userId))]) },
      });
      const byId = new Map(users.map((u) => [u.id, u]));
      let sent = 0;
      for (const row of rows) {
        const user = byId.get(row.userId);
        if (!user?.email || (row.unitId && quiet.has(row.unitId))) continue;
        await mailer.send({
          to: user.email,
          subject: `【整改提醒】${row.title}`,
          text: `${user.displayName}：\n\n${row.body}\n\n（本邮件由整改工作平台自动发送，请登录平台办理。）\n`,
          headers: {
            'X-Rectiflow-Notice': row.noticeId,
            'X-Rectiflow-Kind': row.kind,
            ...(row.findingId ? { 'X-Rectiflow-Finding': row.findingId } : {}),
          },
        });
        await writeTransaction(deps.dataSource, (em) =>
          em
            .getRepository(NotificationEntity)
            .update({ id: row.id }, { emailedAt: new Date().toISOString() }),
        );
        sent += 1;
      }
      return { sent };
    },
  };
}
