export { ErrorBody, ErrorDetailBody, ErrorEnvelope } from './error-envelope.dto';
export { API_KEY_SCHEME, createOpenApiDocument, setupOpenApi } from './openapi';
