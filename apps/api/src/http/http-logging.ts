import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Params } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import type { HttpLogger, Options } from 'pino-http';
import { QuarryConfig } from '@quarry/config';

/**
 * The pino-http middleware. configureHttpApp installs it ahead of the body
 * parser, so a request refused at the edge (400, 413, 415) is still logged
 * with its id; nestjs-pino then only binds `req.log` to the request context.
 */
export const HTTP_LOGGER = Symbol('HTTP_LOGGER');

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the client's `X-Request-Id` when it is safe to log and
 * echo, else a new `req_…`. Echoed in the response header. Idempotent.
 */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const sent = req.headers['x-request-id'];
  const id =
    typeof sent === 'string' && CLIENT_REQUEST_ID.test(sent)
      ? sent
      : // randomUUID draws from a cached entropy pool: no system call per request.
        `req_${randomUUID().replaceAll('-', '')}`;
  req.id = id;
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}

function httpLoggerOptions(config: QuarryConfig): Options {
  return {
    level: config.LOG_LEVEL,
    genReqId: requestIdOf,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  };
}

/** JSON logs at LOG_LEVEL (tests run with LOG_LEVEL=silent), one line per request. */
export function httpLoggingModule(): DynamicModule {
  return LoggerModule.forRootAsync({
    providers: [
      {
        provide: HTTP_LOGGER,
        inject: [QuarryConfig],
        useFactory: (config: QuarryConfig): HttpLogger => pinoHttp(httpLoggerOptions(config)),
      },
    ],
    inject: [HTTP_LOGGER],
    useFactory: (httpLogger: HttpLogger): Params => ({
      pinoHttp: { logger: httpLogger.logger },
      useExisting: true,
    }),
  });
}
