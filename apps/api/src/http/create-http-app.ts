import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { QuarryConfig } from '@quarry/config';
import { QuarryMetrics } from '@quarry/observability';
import { setupOpenApi } from '../docs/openapi';
import { recordHttpLatency } from '../observability/http-latency';
import { createHttpLogger, logCompletedRequest, requestIdOf } from './http-logging';
import { acceptJsonBodies } from './json-body';

/**
 * A Nest application on Fastify, for a module that imports HttpEdgeModule:
 * request ids echoed in `X-Request-Id`, JSON bodies only (415 otherwise,
 * BODY_LIMIT_BYTES at most), every error in the envelope, one log line and
 * one latency sample per request, the OpenAPI document at `/docs`.
 */
export async function createHttpApp(
  module: DynamicModule,
  config: QuarryConfig,
  options: { readonly abortOnError?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: createHttpLogger(config),
    // Fastify's two lines per request give way to logCompletedRequest's one.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    bodyLimit: config.BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: options.abortOnError,
  });
  app.useLogger(app.get(Logger));
  // Nest flushes logs buffered by `bufferLogs` only in listen(); tests stop at init().
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  acceptJsonBodies(fastify, config.BODY_LIMIT_BYTES);
  fastify.addHook('onResponse', recordHttpLatency(app.get(QuarryMetrics)));
  fastify.addHook('onResponse', logCompletedRequest);
  setupOpenApi(app);
  return app;
}
