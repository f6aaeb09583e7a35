import type { RequestHandler } from 'express';
import type { QuarryMetrics } from '@quarry/observability';
import { routeTemplateOf } from '../http/route-template';

/**
 * Times every response, errors and 404s included. Installed as Express
 * middleware ahead of the body parser so requests refused there count too.
 * The `route` label is the route template (bounded cardinality) or `unmatched`.
 */
export function recordHttpLatency(metrics: QuarryMetrics): RequestHandler {
  return (req, res, next) => {
    const stopTimer = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      stopTimer({
        method: req.method,
        route: routeTemplateOf(req) ?? 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}
