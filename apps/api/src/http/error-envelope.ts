import { HttpException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { QuarryError } from '@quarry/errors';
import type { ErrorCode, ErrorDetail } from '@quarry/errors';
import { routeTemplateOf } from './route-template';

/** PRODUCT.md's error envelope, the only shape an error response has. */
export interface ErrorEnvelopeBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly request_id: string;
    readonly details: readonly ErrorDetail[];
  };
}

/** An error decided on but not yet written: what the filter sends. */
export interface ErrorResponse {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: readonly ErrorDetail[];
  readonly retryAfterSeconds?: number;
}

const INTERNAL_ERROR: ErrorResponse = {
  status: 500,
  code: 'internal_error',
  message: 'Internal server error',
  details: [],
};

function unmapped(code: never): never {
  throw new Error(`Error code without an HTTP status: ${String(code)}`);
}

/** Exhaustive on purpose: a new ErrorCode does not compile until it has a status here. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'insufficient_credits':
      return 402;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'idempotency_mismatch':
      return 422;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limit_exceeded':
      return 429;
    case 'internal_error':
      return 500;
    case 'service_unavailable':
      return 503;
    default:
      return unmapped(code);
  }
}

const CODE_BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  402: 'insufficient_credits',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limit_exceeded',
  503: 'service_unavailable',
};

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const { message } = response as { message?: unknown };
  if (Array.isArray(message) && typeof message[0] === 'string') return message[0];
  return typeof message === 'string' ? message : exception.message;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0];
}

/**
 * Nest's own exceptions (unknown route, pipes, guards) and Fastify's (Nest
 * turns those into HttpExceptions) keep their status and get the nearest
 * code; 5xx messages are replaced, they may describe internals.
 */
function fromHttpException(exception: HttpException, request: FastifyRequest): ErrorResponse {
  const status = exception.getStatus();
  const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
  if (status >= 500) {
    return code === 'service_unavailable'
      ? { status, code, message: 'Service unavailable', details: [] }
      : { ...INTERNAL_ERROR, status };
  }
  let message = messageOf(exception);
  if (status === 404 && routeTemplateOf(request) === undefined)
    message = `No route ${request.method} ${pathOf(request)}`;
  // Only Fastify's body reader answers 413; its own message does not say the limit.
  if (status === 413)
    message = `Request body exceeds the limit of ${request.routeOptions.bodyLimit} bytes`;
  return { status, code, message, details: [] };
}

/** Anything thrown becomes an ErrorResponse; unknown errors become a generic 500. */
export function toErrorResponse(exception: unknown, request: FastifyRequest): ErrorResponse {
  if (exception instanceof QuarryError) {
    return {
      status: httpStatusOf(exception.code),
      code: exception.code,
      message: exception.message,
      details: exception.details,
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception, request);
  return INTERNAL_ERROR;
}

export function buildErrorEnvelope(response: ErrorResponse, requestId: string): ErrorEnvelopeBody {
  return {
    error: {
      code: response.code,
      message: response.message,
      request_id: requestId,
      // Copied field by field so nothing else attached to a detail reaches the client.
      details: response.details.map(({ field, code, message }) =>
        field === undefined ? { code, message } : { field, code, message },
      ),
    },
  };
}
