import { NotFoundException, type PipeTransform } from '@nestjs/common';

/** A publication's slug is base64url; anything else names no publication (404, not 400). */
export class SlugPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(value))
      throw new NotFoundException('no publication has this address');
    return value;
  }
}
