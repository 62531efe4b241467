import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_SAMPLE_SEED } from '@rectiflow/domain';

/** 抽查回头看: how many of the round's waiting closed findings, drawn with which seed. */
export class LookBackSampleDto {
  @ApiProperty({
    example: 3,
    description: "how many to draw: 1 to the number of the round's closed findings waiting",
  })
  @IsInt()
  @Min(1)
  count!: number;

  @ApiPropertyOptional({
    example: 20260101,
    description: `the PRNG's seed, 0 to ${MAX_SAMPLE_SEED}; drawn at random when absent. The same seed over the same set of findings draws the same sample`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SAMPLE_SEED)
  seed?: number;
}
