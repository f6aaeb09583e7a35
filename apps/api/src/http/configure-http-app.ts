import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { HttpLogger } from 'pino-http';
import type { QuarryConfig } from '@quarry/config';
import { QuarryMetrics } from '@quarry/observability';
import { setupOpenApi } from '../docs/openapi';
import { recordHttpLatency } from '../observability/http-latency';
import { HTTP_LOGGER } from './http-logging';
import {
  bodyParserErrorsToQuarryErrors,
  isJsonContentType,
  requireJsonContentType,
} from './json-body';

/**
 * Prepares an app built with `NestFactory.create(module, { bodyParser: false })`
 * (HttpEdgeModule imported) for serving; call it before `init()`/`listen()`.
 *
 * Nest's own body parsers are switched off by `bodyParser: false`: Quarry
 * parses JSON only, within BODY_LIMIT_BYTES. The Express middleware below run
 * in this order, before Nest's middleware and routes: request id and log line,
 * latency, 415 for non-JSON bodies, the JSON parser. Their errors reach Nest's
 * Express error handler and so the same ErrorEnvelopeFilter as route errors.
 * With `rawBody: true` on the app, `req.rawBody` keeps the bytes (Stripe).
 */
export function configureHttpApp(app: NestExpressApplication, config: QuarryConfig): void {
  app.useLogger(app.get(Logger));
  // Nest flushes logs buffered by `bufferLogs` only in listen(); tests stop at init().
  app.flushLogs();
  app.disable('x-powered-by');
  app.use(app.get<symbol, HttpLogger>(HTTP_LOGGER));
  app.use(recordHttpLatency(app.get(QuarryMetrics)));
  app.use(requireJsonContentType);
  app.useBodyParser('json', {
    limit: config.BODY_LIMIT_BYTES,
    strict: true,
    type: (req) => isJsonContentType(req.headers['content-type']),
  });
  app.use(bodyParserErrorsToQuarryErrors);
  setupOpenApi(app);
}
