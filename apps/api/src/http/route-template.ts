import type { FastifyRequest } from 'fastify';

/**
 * The template of the route that served the request, e.g. `/v1/jobs/:id`,
 * or undefined when none matched (Fastify's 404 handler serves those).
 */
export function routeTemplateOf(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : request.routeOptions.url;
}
