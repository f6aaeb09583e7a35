import type { ErrorRequestHandler, RequestHandler } from 'express';
import { QuarryError } from '@quarry/errors';

const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/i;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `application/json` or `application/*+json`, any parameters (charset). */
export function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType.split(';', 1)[0].trim());
}

/** Refuses a body that is not JSON before anything reads it. */
export const requireJsonContentType: RequestHandler = (req, _res, next) => {
  const length = req.headers['content-length'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
  if (
    hasBody &&
    METHODS_WITH_BODY.has(req.method) &&
    !isJsonContentType(req.headers['content-type'])
  ) {
    next(new QuarryError('unsupported_media_type', 'Content-Type must be application/json'));
    return;
  }
  next();
};

interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly expose?: unknown;
  readonly limit?: unknown;
}

/**
 * Turns body-parser's errors into QuarryErrors before Nest's Express error
 * handler sees them: it would otherwise turn a JSON SyntaxError into a plain
 * 400 carrying the parser's message.
 */
export const bodyParserErrorsToQuarryErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (!(error instanceof Error)) return next(error);
  const { type, status, expose, limit } = error as BodyParserError;
  if (type === 'entity.parse.failed')
    return next(new QuarryError('invalid_request', 'Malformed JSON body'));
  if (type === 'entity.too.large') {
    return next(
      new QuarryError(
        'payload_too_large',
        `Request body exceeds the limit of ${String(limit)} bytes`,
      ),
    );
  }
  // Other client errors of body-parser (bad charset or encoding, aborted request) have safe messages.
  if (expose === true && status === 415)
    return next(new QuarryError('unsupported_media_type', error.message));
  if (expose === true && status === 400)
    return next(new QuarryError('invalid_request', error.message));
  next(error);
};
