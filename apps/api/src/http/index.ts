export { createHttpApp } from './create-http-app';
export { buildErrorEnvelope, httpStatusOf, toErrorResponse } from './error-envelope';
export type { ErrorEnvelopeBody, ErrorResponse } from './error-envelope';
export { HttpEdgeModule } from './http-edge.module';
