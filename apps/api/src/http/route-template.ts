import type { Request } from 'express';

/** `/{*path}`, `/*path`, `*`: how Nest registers `forRoutes('*')` middleware. */
const WILDCARD_ONLY = /^\/?\{?\*/;

/**
 * The template of the route that served the request, e.g. `/v1/jobs/:id`,
 * or undefined when none matched. Express leaves `req.route` at the last
 * route a request went through, and Nest registers module middleware (the
 * logger's, for one) as wildcard routes: those match anything, so they are
 * not a match.
 */
export function routeTemplateOf(req: Request): string | undefined {
  const route = req.route as { path: string } | undefined;
  if (!route || WILDCARD_ONLY.test(route.path)) return undefined;
  return `${req.baseUrl}${route.path}`;
}
