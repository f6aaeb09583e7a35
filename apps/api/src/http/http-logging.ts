import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { Params } from 'nestjs-pino';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { QuarryConfig } from '@quarry/config';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id (Fastify's `genReqId`): the client's `X-Request-Id` when
 * it is safe to log and echo, else a new `req_…`. Echoed by createHttpApp.
 */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && CLIENT_REQUEST_ID.test(sent)
    ? sent
    : // randomUUID draws from a cached entropy pool: no system call per request.
      `req_${randomUUID().replaceAll('-', '')}`;
}

/**
 * JSON logs at LOG_LEVEL (tests run with LOG_LEVEL=silent): one for Nest's
 * application logs, one made alike for Fastify's request logs (createHttpApp).
 */
export function createHttpLogger(config: QuarryConfig): Logger {
  return pino({ level: config.LOG_LEVEL });
}

/**
 * One line per request, when it is answered: method, path, client, status
 * and time, at warn for 4xx and error for 5xx. Headers are never logged, so
 * a key cannot leak into the logs. A Fastify `onResponse` hook.
 */
export function logCompletedRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  const status = reply.statusCode;
  const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
  // Fastify's serializers: method, url, host, remote address and port; the status.
  request.log[level](
    { req: request, res: reply, responseTime: reply.elapsedTime },
    'request completed',
  );
  done();
}

/**
 * Nest's application logs through the same pino logger. No request-binding
 * middleware (`forRoutes: []`): Fastify's `request.log` already carries the
 * request id, and middleware on every request is what this edge avoids.
 */
export function httpLoggingModule(): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [QuarryConfig],
    useFactory: (config: QuarryConfig): Params => ({
      pinoHttp: { logger: createHttpLogger(config) },
      useExisting: true,
      forRoutes: [],
    }),
  });
}
