import { Catch } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildErrorEnvelope, toErrorResponse } from './error-envelope';

/**
 * The one place errors become HTTP responses: route errors, Nest's 404, and
 * errors of Fastify's hooks and body parser (Nest installs Fastify's error
 * handler, which hands them to the global filters too).
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const response = toErrorResponse(exception, request);
    // The stack goes to the log under the request's id; the client sees a generic 500.
    if (response.code === 'internal_error') request.log.error({ err: exception }, 'request failed');
    if (reply.sent || reply.raw.headersSent) {
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    if (response.retryAfterSeconds !== undefined)
      reply.header('Retry-After', String(Math.ceil(response.retryAfterSeconds)));
    void reply.status(response.status).send(buildErrorEnvelope(response, request.id));
  }
}
