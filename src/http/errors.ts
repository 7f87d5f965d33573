/**
 * A refusal raised by a route or a middleware, carrying its status. Services throw the plain
 * errors of `src/domain/errors.ts` instead; the error handler maps both.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? `HTTP ${status}`);
  }
}
