import { Entity, Index, PrimaryColumn } from 'typeorm';
import { IdColumn, JsonColumn, NameColumn, TimeColumn } from '../columns';

/**
 * A person's saved inbox view (保存视图): the inbox's filters and sort under a name, theirs
 * alone, found again in any browser. Names are unique per person.
 */
@Entity('inbox_views')
@Index('idx_inbox_views_user_name', ['userId', 'name'], { unique: true })
export class InboxViewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() userId!: string;
  @NameColumn({ length: 100 }) name!: string;
  @JsonColumn() filters!: Record<string, string | boolean>;
  @TimeColumn() createdAt!: string;
}
