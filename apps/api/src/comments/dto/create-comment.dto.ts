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
import { COMMENT_LIMITS } from '@rectiflow/contracts/web';
import { CleanText } from '../../http/input-hygiene';

export class CreateCommentDto {
  @ApiProperty({ example: '请牵头部门补充二季度整改台账。', maxLength: COMMENT_LIMITS.textMax })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(COMMENT_LIMITS.textMax)
  text!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'people of the finding’s unit (or the inspecting side) to notify',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COMMENT_LIMITS.mentionsMax)
  @IsUUID('all', { each: true })
  mentionUserIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'files the caller uploaded to this finding’s POST /api/findings/:id/comment-files, not yet carried by a comment',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(COMMENT_LIMITS.filesMax)
  @IsUUID('all', { each: true })
  fileIds?: string[];
}
