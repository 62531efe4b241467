import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '@rectiflow/domain';
import { CanonicalUsername, CleanText } from '../../http/input-hygiene';

export class CreateUserDto {
  @ApiProperty({ example: 'dept4', description: 'stored in lower case after NFKC' })
  @CanonicalUsername()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{2,60}$/, {
    message: 'username must be 2-60 letters, digits, ., - or _',
  })
  username!: string;

  @ApiProperty({ example: '治安大队经办人' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName!: string;

  @ApiPropertyOptional({
    minLength: 8,
    description:
      'absent: a temporary password is made, shown once in the answer, and must be changed at first sign-in',
  })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({
    enum: ['local', 'directory'],
    default: 'local',
    description: 'directory: signs in with the directory’s (LDAP / AD) password',
  })
  @IsOptional()
  @IsIn(['local', 'directory'])
  authSource?: 'local' | 'directory';

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({
    description: 'inspecting office: the unit the person works in; absent for its own side',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'inspecting side: the units the person follows; absent for all',
  })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  unitScope?: string[];
}
