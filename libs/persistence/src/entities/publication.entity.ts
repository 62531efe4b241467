import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { PublicationContacts } from '@rectiflow/contracts';
import { IdColumn, IntColumn, JsonColumn, TextColumn, TimeColumn } from '../columns';

export type { PublicationContacts };

/**
 * 公开: one publication of a round's public progress report (向社会通报) for a comment window.
 * The text is frozen as it was published, with its SHA-256; a re-publication is a new row
 * (`version` + 1) under the same `slug`, and the newest is the one the public page serves.
 */
@Entity('publications')
@Index('idx_publications_round', ['roundId', 'version'], { unique: true })
@Index('idx_publications_slug', ['slug', 'version'])
export class PublicationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() roundId!: string;
  @IdColumn() unitId!: string;
  @IntColumn() version!: number;
  /** Unguessable and URL-safe (128 random bits, base64url). */
  @IdColumn({ length: 64 }) slug!: string;
  @TextColumn() title!: string;
  /** Plain paragraphs separated by blank lines. */
  @TextColumn() text!: string;
  /** SHA-256 of `text` (UTF-8), hex. */
  @IdColumn({ length: 64 }) textHash!: string;
  /** The window's first and last calendar day (YYYY-MM-DD in ORG_TIMEZONE), both included. */
  @IdColumn({ name: 'windowFrom', length: 16 }) from!: string;
  @IdColumn({ name: 'windowTo', length: 16 }) to!: string;
  @JsonColumn() contacts!: PublicationContacts;
  /** Findings the public version leaves out (不予公开). */
  @IntColumn() withheldCount!: number;
  @IdColumn() publishedBy!: string;
  @TimeColumn() publishedAt!: string;
}
