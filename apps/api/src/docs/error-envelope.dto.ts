import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorCode } from '@quarry/errors';
import type { ErrorEnvelopeBody } from '../http/error-envelope';
import { httpStatusOf } from '../http/error-envelope';

/** When each code is used (PRODUCT.md); a Record, so a new code must be described here too. */
const CODE_USES: Record<ErrorCode, string> = {
  invalid_request: 'validation, malformed JSON, bad pagination cursor',
  unauthorized: 'missing, malformed, unknown, expired or revoked API key',
  insufficient_credits: 'the available credit balance is too low',
  forbidden: 'missing scope, suspended organization, blocked external user',
  not_found: 'unknown id or route',
  conflict: 'state conflict, or an idempotent request still in flight',
  idempotency_mismatch: 'Idempotency-Key reused with a different payload',
  payload_too_large: "body over the endpoint's limit",
  unsupported_media_type: 'body not application/json',
  rate_limit_exceeded: 'rate limit hit; see Retry-After',
  internal_error: 'unexpected server error',
  service_unavailable: 'a dependency is down; see Retry-After',
};

const ERROR_CODES = Object.keys(CODE_USES) as ErrorCode[];

export class ErrorDetailBody {
  @ApiPropertyOptional({ description: 'Dotted or indexed path of the input', example: 'urls[0]' })
  field?: string;

  @ApiProperty({ example: 'invalid_url' })
  code!: string;

  @ApiProperty({ example: 'urls[0] must be an http(s) URL' })
  message!: string;
}

export class ErrorBody {
  @ApiProperty({
    enum: ERROR_CODES,
    enumName: 'ErrorCode',
    description: ERROR_CODES.map(
      (code) => `- \`${code}\` (${httpStatusOf(code)}): ${CODE_USES[code]}`,
    ).join('\n'),
  })
  code!: ErrorCode;

  @ApiProperty({ example: 'urls[0] must be an http(s) URL' })
  message!: string;

  @ApiProperty({
    description: 'Also sent as the X-Request-Id header',
    example: 'req_4f1c2e9a7b3d5c8e1f2a6b9c',
  })
  request_id!: string;

  @ApiProperty({ type: [ErrorDetailBody] })
  details!: ErrorDetailBody[];
}

/** Every error response: reference it in `@ApiResponse({ status, type: ErrorEnvelope })`. */
export class ErrorEnvelope implements ErrorEnvelopeBody {
  @ApiProperty({ type: ErrorBody })
  error!: ErrorBody;
}
