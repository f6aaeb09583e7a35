import { Catch } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { buildErrorEnvelope, toErrorResponse } from './error-envelope';
import { requestIdOf } from './http-logging';

/**
 * The one place errors become HTTP responses: route errors, Nest's 404, and
 * errors raised by the Express middleware of configureHttpApp (Nest's
 * Express error handler passes those to the global filters too).
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const response = toErrorResponse(exception, req);
    // pino-http logs `res.err` (with its stack) on the request's log line, next to the request id.
    if (response.code === 'internal_error') {
      res.err = exception instanceof Error ? exception : new Error(String(exception));
    }
    const { httpAdapter } = this.adapterHost;
    if (httpAdapter.isHeadersSent(res)) {
      httpAdapter.end(res);
      return;
    }
    if (response.retryAfterSeconds !== undefined) {
      httpAdapter.setHeader(res, 'Retry-After', String(Math.ceil(response.retryAfterSeconds)));
    }
    httpAdapter.reply(res, buildErrorEnvelope(response, requestIdOf(req, res)), response.status);
  }
}
