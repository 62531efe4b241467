import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { CleanText } from '../../http/input-hygiene';

export class CreateCommentDto {
  @ApiProperty({ example: '请牵头部门补充二季度整改台账。', maxLength: 5000 })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'people of the finding’s unit (or the inspecting side) to notify',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  mentionUserIds?: string[];
}
