import { Entity, PrimaryColumn } from 'typeorm';
import { IntColumn, TextColumn, TimeColumn } from '../columns';

/** Answers to requests that carried an `Idempotency-Key`, replayed to a retry. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 300 }) key!: string;
  @IntColumn() status!: number;
  @TextColumn() response!: string;
  @TimeColumn() createdAt!: string;
}
