/**
 * Every error answer, in NestJS's shape (API.md "Conventions"). `message` is a list where the
 * API names each offending field (400); `error` is absent only where a guard answers with a
 * bare message (the login rate limit's 429).
 */
export interface ErrorAnswer {
  statusCode: number;
  error?: string;
  message: string | string[];
}
