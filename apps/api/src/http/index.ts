export { configureHttpApp } from './configure-http-app';
export { buildErrorEnvelope, httpStatusOf, toErrorResponse } from './error-envelope';
export type { ErrorEnvelopeBody, ErrorResponse } from './error-envelope';
export { HttpEdgeModule } from './http-edge.module';
export { requestIdOf } from './http-logging';
export { isJsonContentType } from './json-body';
