import { SetMetadata } from '@nestjs/common';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

export type BodySchema = ReferenceObject | SchemaObject;

export const REQUEST_CONTENT = 'rectiflow:openapi-request-content';

/**
 * The body's schema per content type, for a route that takes several (`@ApiBody` gives every
 * `@ApiConsumes` type the same schema). Keep `@ApiBody` for the JSON one's DTO class.
 */
export const ApiRequestContent = (content: Record<string, { schema: BodySchema }>) =>
  SetMetadata(REQUEST_CONTENT, content);
