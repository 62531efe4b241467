import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { ApiResponses } from '@rectiflow/contracts';

/** The name of one of the answer schemas generated from libs/contracts. */
export type AnswerName = keyof ApiResponses;

export const answerSchema = (name: AnswerName) => ({ $ref: `#/components/schemas/${name}` });
export const jsonContent = (name: AnswerName) => ({
  'application/json': { schema: answerSchema(name) },
});

/**
 * Error statuses a route states itself, each with when it happens. The document builder adds
 * those that follow from the route's metadata: 400 (it takes input), 401 and 503 (it needs a
 * token, and so reads the database), 403 (its `@Roles`), 413 (it takes a body). A status given
 * here replaces the added one's description.
 */
export type RouteErrors = Partial<Record<401 | 403 | 404 | 409 | 413 | 429 | 503, string>>;

/** What `@ApiRoute` leaves for the document builder, which knows the route's real status. */
export interface RouteAnswer {
  /** The schema of the success answer; null for a file download. */
  answer: AnswerName | null;
  /** The download's content types. */
  files?: string[];
  /** Other success statuses with the same answer (a dry run's 200 beside the import's 201). */
  alsoStatus?: number[];
}
export const ROUTE_ANSWER = 'rectiflow:openapi-answer';

function routeDecorators(summary: string, errors: RouteErrors, answer: RouteAnswer) {
  return applyDecorators(
    ApiOperation({ summary }),
    SetMetadata(ROUTE_ANSWER, answer),
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, content: jsonContent('ErrorAnswer') }),
    ),
  );
}

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile unless the handler returns (or resolves to) exactly `ApiResponses[K]`. */
type ReturnsAnswer<R, K extends AnswerName> =
  Exactly<Awaited<R>, ApiResponses[K]> extends true
    ? unknown
    : { 'the handler must return exactly': K };

/**
 * Documents a JSON route: its summary, its answer (one of `ApiResponses`, so its schema is the
 * one generated from the contract type; the compiler checks the handler returns that type) and
 * the errors it may answer. The success status is the route's own (`@HttpCode` or Nest's 200 /
 * 201), filled in by the document builder.
 */
export function ApiRoute<K extends AnswerName>(doc: {
  summary: string;
  answer: K;
  alsoStatus?: number[];
  errors?: RouteErrors;
}) {
  const decorate = routeDecorators(doc.summary, doc.errors ?? {}, {
    answer: doc.answer,
    alsoStatus: doc.alsoStatus,
  });
  return <R>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<(...args: never[]) => R> & ReturnsAnswer<R, K>,
  ): void => {
    decorate(target, key, descriptor);
  };
}

/** Documents a route that answers with a file (`@Res()` handlers, which return nothing typed). */
export function ApiDownload(doc: { summary: string; files: string[]; errors?: RouteErrors }) {
  return routeDecorators(doc.summary, doc.errors ?? {}, { answer: null, files: doc.files });
}

/** Documents a route that answers 204 with no body. */
export function ApiNoContent(doc: { summary: string; errors?: RouteErrors }) {
  return routeDecorators(doc.summary, doc.errors ?? {}, { answer: null });
}

/** Documents a route that answers 302 (a browser's step in single sign-on): where it sends. */
export function ApiRedirect(doc: { summary: string; redirect: string; errors?: RouteErrors }) {
  return applyDecorators(
    routeDecorators(doc.summary, doc.errors ?? {}, { answer: null }),
    ApiResponse({ status: 302, description: doc.redirect }),
  );
}
