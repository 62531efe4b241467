import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ROLES, type Role } from '@rectiflow/domain';
import { CleanText } from '../../http/input-hygiene';

/** A change to a user; what is absent stays. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: '治安大队经办人' })
  @IsOptional()
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null: no department' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ description: 'false: the user cannot sign in and their tokens stop' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ enum: ['local', 'directory'] })
  @IsOptional()
  @IsIn(['local', 'directory'])
  authSource?: 'local' | 'directory';
}
