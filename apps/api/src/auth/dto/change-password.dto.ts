import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({
    description:
      'at least PASSWORD_MIN_LENGTH characters (10 unless configured), not the username, not a common one',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  newPassword!: string;
}
