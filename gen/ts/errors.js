// @ts-check
// The one error type of the resolver and the local renderer.

/** @typedef {import("./index.js").ResolverErrorCode} ResolverErrorCode */

/**
 * ResolverError is what the resolver and the local renderer throw, and what a fallback
 * result carries as `error`: code says what went wrong, status is the HTTP status when there
 * was one, details the server's error details (or the local render's, in the same shape).
 */
export class ResolverError extends Error {
  /**
   * @param {ResolverErrorCode} code
   * @param {string} message
   * @param {{ status?: number, cause?: unknown, details?: unknown }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, { cause: extra.cause });
    this.name = "ResolverError";
    this.code = code;
    this.status = extra.status;
    this.details = extra.details;
  }
}
