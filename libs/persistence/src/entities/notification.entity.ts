import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { NoticeCode, NoticeKind, NoticeParamsByCode } from '@rectiflow/domain';
import { IdColumn, JsonColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

/**
 * A notice to one user (reminder, escalation, send-back…), written once per notice and user.
 * `code` and `params` let the web app render it in the reader's language (libs/domain
 * finding-texts); `title` and `body` hold the Chinese text, also for notices written before
 * codes existed (their code is null).
 */
@Entity('notifications')
@Index(['userId', 'createdAt'])
@Index(['noticeId', 'userId'], { unique: true })
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 }) id!: string;
  @IdColumn() noticeId!: string;
  @IdColumn() userId!: string;
  @NameColumn() kind!: NoticeKind;
  @NameColumn({ length: 40, nullable: true }) code!: NoticeCode | null;
  @JsonColumn({ nullable: true }) params!: NoticeParamsByCode[NoticeCode] | null;
  @IdColumn({ nullable: true }) findingId!: string | null;
  @IdColumn({ nullable: true }) taskId!: string | null;
  @TextColumn() title!: string;
  @TextColumn() body!: string;
  @TimeColumn() createdAt!: string;
  @TimeColumn({ nullable: true }) readAt!: string | null;
  @TimeColumn({ nullable: true }) emailedAt!: string | null;
}
