import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, IntColumn, NameColumn, TimeColumn } from '../columns';

/**
 * A file attached to a comment of a finding's discussion: uploaded first (under the evidence
 * upload rules, bytes stored by content hash), then named by the comment that carries it.
 * Never evidence: no submission cites it.
 */
@Entity('comment_files')
@Index('idx_comment_files_finding', ['findingId', 'commentId'])
export class CommentFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IdColumn() unitId!: string;
  /** The comment that carries it; null until one does. */
  @IdColumn({ nullable: true }) commentId!: string | null;
  @NameColumn() filename!: string;
  @NameColumn() mimeType!: string;
  @IntColumn() size!: number;
  @NameColumn({ length: 64 }) sha256!: string;
  @IdColumn() uploadedBy!: string;
  @TimeColumn() uploadedAt!: string;
}
