// What a service says when it refuses: plain errors that know nothing of HTTP. The error handler
// (src/http/error-handler.ts) turns them into the 404 and 403 pages; a command prints them.

/** The record is not there, or not this caller's to know about (a 404 page). */
export class NotFoundError extends Error {
  constructor(message = 'not found') {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The caller may not do this (a 403 page). */
export class ForbiddenError extends Error {
  constructor(message = 'forbidden') {
    super(message);
    this.name = 'ForbiddenError';
  }
}
