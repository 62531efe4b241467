import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, JsonColumn, TextColumn, TimeColumn } from '../columns';

/**
 * One message of a finding's discussion (office, the departments involved, the leader, the
 * reviewers, the supervisor): kept as written, never edited; the people it @mentions are
 * notified.
 */
@Entity('finding_comments')
@Index('idx_finding_comments_finding', ['findingId', 'createdAt'])
export class FindingCommentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() findingId!: string;
  @IdColumn() unitId!: string;
  @IdColumn() authorId!: string;
  @TextColumn() text!: string;
  @JsonColumn() mentionUserIds!: string[];
  @TimeColumn() createdAt!: string;
}
