import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { IdColumn, NameColumn, TextColumn, TimeColumn } from '../columns';
import { FindingEntity } from './finding.entity';

/**
 * How an imported long-term entry came to its finding: the importer matched it by the same title
 * (or an explicit citation), by one title containing the other, or by shared words (a guess the
 * office was asked to check); it became a finding of its own; or the office set it in the preview.
 */
export type LongTermEntryMatch = 'title' | 'contains' | 'words' | 'own' | 'office';

/**
 * 需长期整改事项: the imported report's own entry for a long-term finding (section 三), its
 * heading ("持续推进…") and progress text, kept with the finding it belongs to so the generated
 * report can tell the item in the words it was published with. Written by the API in the
 * creating transaction (no workflow owns it); deleted with its finding.
 */
@Entity('long_term_entries')
@Index(['roundId'])
export class LongTermEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) findingId!: string;
  @IdColumn() roundId!: string;
  @TextColumn() title!: string;
  @TextColumn() progress!: string;
  @NameColumn() matchedBy!: LongTermEntryMatch;
  @TimeColumn() createdAt!: string;

  /** Only for the foreign key (deleted with its finding); never loaded. */
  @ManyToOne(() => FindingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'findingId' })
  finding?: FindingEntity;
}
