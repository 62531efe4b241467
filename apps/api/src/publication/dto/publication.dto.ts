import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsISO8601,
  IsOptional,
  Matches,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { WITHHOLD_REASONS, isWithholdReason } from '@rectiflow/domain';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `POST /api/rounds/:id/publish`: the window (公开期限), calendar days in ORG_TIMEZONE; what is
 * absent comes from the 公开期限 the round's import stored.
 */
export class PublishRoundDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'first day of the window' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-15', description: 'last day of the window (included)' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  to?: string;
}

/** `reason` is required when `withheld` is true (code `required`). */
function RequiredWhenWithheld(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'required',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          (args.object as { withheld?: unknown }).withheld !== true ||
          (value !== undefined && value !== null && value !== ''),
        defaultMessage: () =>
          `reason is required when withheld: one of ${WITHHOLD_REASONS.join(', ')}`,
      },
    });
}

/** `reason`, when given, is one of the recognised ones (code `unknown_withhold_reason`). */
function IsWithholdReason(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'unknown_withhold_reason',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          value === undefined || value === null || value === '' || isWithholdReason(value),
        defaultMessage: () => `reason must be one of ${WITHHOLD_REASONS.join(', ')}`,
      },
    });
}

/** `PUT /api/findings/:id/disclosure`: whether the public version leaves the finding out. */
export class DisclosureDto {
  @ApiProperty({ description: 'true: left out of the public version (不予公开)' })
  @IsBoolean()
  withheld!: boolean;

  @ApiPropertyOptional({
    enum: WITHHOLD_REASONS,
    nullable: true,
    description:
      'required when withheld: state_secret 涉及党和国家秘密; pending_case 正在初核或已立案但未公布的案件; negative_hype 可能引起大的负面炒作; mass_petition 可能引发大规模上访或群体性事件; major_sensitive 重大敏感事项',
  })
  @RequiredWhenWithheld()
  @IsWithholdReason()
  reason?: string | null;
}
