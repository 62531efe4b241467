import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  AMOUNT_KINDS,
  OUTCOME_KINDS,
  REGULATION_KINDS,
  YUAN_PATTERN,
  type AmountKind,
  type OutcomeKind,
  type RegulationKind,
} from '@rectiflow/domain';
import { CleanText } from '../../http/input-hygiene';

const is = (kind: OutcomeKind) => (o: CreateOutcomeDto) => o.kind === kind;

/**
 * `POST /api/findings/:id/outcomes`: one 整改成效. The fields of the kind chosen are required;
 * the others are refused (a regulation carries no amount).
 */
export class CreateOutcomeDto {
  @ApiProperty({ enum: OUTCOME_KINDS })
  @IsIn(OUTCOME_KINDS)
  kind!: OutcomeKind;

  @ApiPropertyOptional({
    example: '《机关公务用车管理办法》',
    description: 'regulation: its title',
  })
  @ValidateIf(is('regulation'))
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ enum: REGULATION_KINDS, description: 'regulation: 新建 (new) or 修订' })
  @ValidateIf(is('regulation'))
  @IsIn(REGULATION_KINDS)
  regulationKind?: RegulationKind;

  @ApiPropertyOptional({ example: '局党委', description: 'regulation: the body that issued it' })
  @ValidateIf(is('regulation'))
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  issuer?: string;

  @ApiPropertyOptional({ example: '2026-11-20', description: 'regulation: the day it was issued' })
  @ValidateIf(is('regulation'))
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'issuedOn must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  issuedOn?: string;

  @ApiPropertyOptional({ description: 'regulation: an evidence file of this finding (its text)' })
  @ValidateIf((o: CreateOutcomeDto) => o.kind === 'regulation' && o.evidenceId !== undefined)
  @IsUUID()
  evidenceId?: string;

  @ApiPropertyOptional({
    enum: AMOUNT_KINDS,
    description:
      'amount: 清退违规资金 (returned), 追回应由个人承担的资金 (recovered), 挽回经济损失 (retrieved)',
  })
  @ValidateIf(is('amount'))
  @IsIn(AMOUNT_KINDS)
  amountKind?: AmountKind;

  @ApiPropertyOptional({
    example: '665700.00',
    description:
      'amount: 元 as a decimal string with at most two decimals (a JSON number is read as written), more than 0; stored as integer 分',
  })
  @ValidateIf(is('amount'))
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @Matches(YUAN_PATTERN, {
    message: 'amount must be a positive number of 元 with at most two decimals',
  })
  amount?: string;

  @ApiPropertyOptional({ example: 2, description: 'people: how many were dealt with' })
  @ValidateIf(is('people'))
  @IsInt()
  @Min(1)
  @Max(100_000)
  peopleCount?: number;

  @ApiPropertyOptional({ example: '诫勉谈话', description: 'people: one of ACCOUNTABILITY_KINDS' })
  @ValidateIf(is('people'))
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  peopleKind?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(2000)
  note?: string;
}
