import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { PublicCommentStatus } from '@rectiflow/domain';
import { IdColumn, NameColumn, TextColumn, TimeColumn } from '../columns';

/**
 * 意见建议: what a member of the public wrote on a published round during its window. Its id is
 * the id of the `public_comment` task it opened for the office (one comment, one task), so the
 * inbox reaches it by primary key. The contact is shown to the office only (never in the
 * audit data, an export or a public answer).
 */
@Entity('public_comments')
@Index('idx_public_comments_receipt', ['receiptCode'], { unique: true })
@Index('idx_public_comments_round', ['roundId', 'status'])
@Index('idx_public_comments_unit', ['unitId', 'status'])
export class PublicCommentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() roundId!: string;
  @IdColumn() unitId!: string;
  /** The publication whose window it came in. */
  @IdColumn() publicationId!: string;
  @NameColumn({ length: 16 }) receiptCode!: string;
  @TextColumn() text!: string;
  @TextColumn({ nullable: true }) contact!: string | null;
  /** The round's finding the commenter named by its number, when it matched one. */
  @IdColumn({ nullable: true }) namedFindingId!: string | null;
  @NameColumn({ length: 16 }) status!: PublicCommentStatus;
  /** The finding the office linked it to. */
  @IdColumn({ nullable: true }) findingId!: string | null;
  /** The office's reply, shown to whoever holds the receipt code. */
  @TextColumn({ nullable: true }) reply!: string | null;
  /** The office's own note (closing as not relevant, or with a link). */
  @TextColumn({ nullable: true }) note!: string | null;
  @TimeColumn() createdAt!: string;
  @TimeColumn({ nullable: true }) handledAt!: string | null;
  @IdColumn({ nullable: true }) handledBy!: string | null;
}
