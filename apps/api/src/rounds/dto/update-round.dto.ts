import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { CleanText } from '../../http/input-hygiene';

/** `PATCH /api/rounds/:id`: what the office keeps with a round for its documents. */
export class UpdateRoundDto {
  @ApiPropertyOptional({
    description:
      '下一步工作计划 for the progress report, one paragraph per line; null or empty: the report writes its own',
    example: '（一）持续推进整改。……\n（二）健全长效机制。……',
    nullable: true,
    type: String,
  })
  @CleanText({ multiline: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(5000)
  nextSteps?: string | null;
}
