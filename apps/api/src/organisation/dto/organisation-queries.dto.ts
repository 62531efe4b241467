import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ROLES, type Role } from '@rectiflow/domain';
import { UnitPageQueryDto } from '../../http/pagination.dto';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `GET /api/departments`: by code, optionally searched and filtered by the active flag. */
export class DepartmentQueryDto extends UnitPageQueryDto {
  @ApiPropertyOptional({ description: 'part of the code or name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'only active (true) or deactivated (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

/** `GET /api/users`: by username, optionally searched and filtered. */
export class UserQueryDto extends DepartmentQueryDto {
  @ApiPropertyOptional({ enum: ROLES, description: 'only holders of this role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'only the people of this department' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
}
