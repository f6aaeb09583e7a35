import type { FastifyReply, FastifyRequest } from 'fastify';
import type { QuarryMetrics } from '@quarry/observability';
import { routeTemplateOf } from '../http/route-template';

/**
 * Times every response, errors and 404s included: a Fastify `onResponse`
 * hook, so requests refused before routing (415, 413) count too. The `route`
 * label is the route template (bounded cardinality) or `unmatched`.
 */
export function recordHttpLatency(metrics: QuarryMetrics) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    metrics.httpRequestDuration.observe(
      {
        method: request.method,
        route: routeTemplateOf(request) ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  };
}
