/** The error codes of PRODUCT.md's envelope. The HTTP edge maps each to a status, exhaustively. */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'insufficient_credits'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'idempotency_mismatch'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limit_exceeded'
  | 'internal_error'
  | 'service_unavailable';

export interface ErrorDetail {
  readonly field?: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Errors are data: domain and application code throws these with a code and
 * a message meant for the API consumer; it never picks an HTTP status.
 */
export class QuarryError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    /** Seconds, for rate limits and unavailable dependencies. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'QuarryError';
  }
}
