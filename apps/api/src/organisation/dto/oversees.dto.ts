import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';

/** `PUT /api/users/:id/oversees`: the whole list of the leader's 分管 departments. */
export class OverseesDto {
  @ApiProperty({ type: [String], description: 'departments of the leader’s unit; [] for none' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  departmentIds!: string[];
}
