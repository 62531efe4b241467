import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** `@Param('id', uuidParam())`: a malformed id is a 400 naming the parameter. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new BadRequestException([`${name} must be a UUID`]),
  });
}
