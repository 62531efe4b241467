import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PUBLIC_COMMENT_LIMITS } from '@rectiflow/contracts/web';
import {
  PUBLIC_COMMENT_ACTIONS,
  type PublicCommentAction,
  type PublicCommentActionInput,
} from '@rectiflow/domain';
import { CleanText } from '../../http/input-hygiene';

/**
 * `POST /api/public/rounds/:slug/comments`: anyone may send it, so every text is cleaned of
 * control, zero-width and bidi characters and bounded before anything else; it is stored and
 * shown as plain text only.
 */
export class SubmitPublicCommentDto {
  @ApiProperty({ example: '建议公开营区搬迁的时间表。', maxLength: PUBLIC_COMMENT_LIMITS.textMax })
  @CleanText({ multiline: true })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PUBLIC_COMMENT_LIMITS.textMax)
  text!: string;

  @ApiPropertyOptional({
    description: 'how the office may reach the commenter; shown to the office only',
    maxLength: PUBLIC_COMMENT_LIMITS.contactMax,
  })
  @CleanText()
  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_COMMENT_LIMITS.contactMax)
  contact?: string;

  @ApiPropertyOptional({
    description: 'the number (编号) of the published finding it concerns',
    maxLength: PUBLIC_COMMENT_LIMITS.findingCodeMax,
  })
  @CleanText()
  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_COMMENT_LIMITS.findingCodeMax)
  findingCode?: string;

  /** The honeypot: the page hides it from people; anything in it marks a bot. */
  @ApiPropertyOptional({ description: 'leave empty' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  website?: string;
}

/** Body of `POST /api/tasks/:id/complete` for a `public_comment` task. */
export class PublicCommentActionDto implements PublicCommentActionInput {
  @ApiProperty({ enum: PUBLIC_COMMENT_ACTIONS })
  @IsIn(PUBLIC_COMMENT_ACTIONS)
  action!: PublicCommentAction;

  @ApiPropertyOptional({ description: 'to link: a finding of the comment’s round' })
  @ValidateIf((b: PublicCommentActionDto) => b.action === 'link' || b.findingId !== undefined)
  @IsUUID()
  findingId?: string;

  @ApiPropertyOptional({
    description: 'what the commenter reads with the receipt code (required to reply)',
    maxLength: PUBLIC_COMMENT_LIMITS.replyMax,
  })
  @CleanText({ multiline: true })
  @ValidateIf((b: PublicCommentActionDto) => b.action === 'reply' || b.reply !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(PUBLIC_COMMENT_LIMITS.replyMax)
  reply?: string;

  @ApiPropertyOptional({
    description: 'the office’s own note',
    maxLength: PUBLIC_COMMENT_LIMITS.replyMax,
  })
  @CleanText({ multiline: true })
  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_COMMENT_LIMITS.replyMax)
  note?: string;
}
