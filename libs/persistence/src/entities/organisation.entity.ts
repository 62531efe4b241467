import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Role } from '@rectiflow/domain';
import { BoolColumn, IdColumn, IntColumn, JsonColumn, NameColumn, TimeColumn } from '../columns';

/** A department of a unit; its code is unique within the unit. */
@Entity('departments')
@Index('idx_departments_unit_code', ['unitId', 'code'], { unique: true })
export class DepartmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn() unitId!: string;
  @NameColumn() code!: string;
  @NameColumn() name!: string;
  @TimeColumn() createdAt!: string;
  /** A deactivated department takes no new findings and is left out of the pickers. */
  @BoolColumn({ default: true }) active!: boolean;
}

/** How a user proves who they are: a local password, or the directory's (LDAP / AD). */
export type AuthSource = 'local' | 'directory';

/** A leader's 分管 department: the assign form proposes them for findings it leads. */
@Entity('user_oversees')
@Index('idx_user_oversees_department', ['departmentId'])
export class UserOverseesEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId!: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) departmentId!: string;
}

/** A person: of a unit (`unitId`), or of the inspecting side (`unitId` null). */
@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @IdColumn({ nullable: true }) unitId!: string | null;
  /** Inspecting side only: the units they follow; null means all. */
  @JsonColumn({ nullable: true }) unitScope!: string[] | null;
  @NameColumn({ unique: true }) username!: string;
  @NameColumn() displayName!: string;
  @NameColumn() passwordHash!: string;
  @JsonColumn() roles!: Role[];
  @IdColumn({ nullable: true }) departmentId!: string | null;
  @NameColumn({ nullable: true }) email!: string | null;
  @TimeColumn() createdAt!: string;
  /** A deactivated user cannot sign in, and their tokens answer 401. */
  @BoolColumn({ default: true }) active!: boolean;
  /** Tokens carry the generation they were issued under; raising it revokes them all. */
  @IntColumn({ default: 0 }) tokenGeneration!: number;
  /** Failed logins in a row (reset by a successful one); enough of them lock the account. */
  @IntColumn({ default: 0 }) failedLogins!: number;
  @TimeColumn({ nullable: true }) lockedUntil!: string | null;
  /** Holding a temporary password: nothing but changing it is allowed until they do. */
  @BoolColumn({ default: false }) mustChangePassword!: boolean;
  /** `directory`: signs in with the directory's password; the local hash is unusable. */
  @Column({ type: 'varchar', length: 20, default: 'local' }) authSource!: AuthSource;
}
