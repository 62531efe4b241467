import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CanonicalUsername } from '../../http/input-hygiene';

export class LoginDto {
  @ApiProperty({ example: 'office' })
  @CanonicalUsername()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  username!: string;

  @ApiProperty({ example: 'demo' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}
