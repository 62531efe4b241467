import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { CleanText } from '../../http/input-hygiene';

export class CreateBatchDto {
  @ApiProperty({ example: '十二届区委第二轮巡察' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiProperty({ type: [String], description: 'the units the batch inspects' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  unitIds!: string[];
}

export class CreateEvaluationDto {
  @ApiProperty() @IsUUID() unitId!: string;

  @ApiProperty({ description: 'one of EVALUATION_RATINGS (default 好, 较好, 一般, 差)' })
  @CleanText()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  rating!: string;

  @ApiProperty({ description: 'what the evaluation found' })
  @CleanText({ multiline: true })
  @IsString()
  @MaxLength(20000)
  note!: string;
}
