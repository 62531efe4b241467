import { Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@rectiflow/domain';
import { IdColumn, JsonColumn, NameColumn, TimeColumn } from '../columns';

@Entity('departments')
export class DepartmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @NameColumn({ unique: true }) code!: string;
  @NameColumn() name!: string;
  @TimeColumn() createdAt!: string;
}

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @NameColumn({ unique: true }) username!: string;
  @NameColumn() displayName!: string;
  @NameColumn() passwordHash!: string;
  @JsonColumn() roles!: Role[];
  @IdColumn({ nullable: true }) departmentId!: string | null;
  @NameColumn({ nullable: true }) email!: string | null;
  @TimeColumn() createdAt!: string;
}
