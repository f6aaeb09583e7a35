import { ValidationPipe } from '@nestjs/common';
import type { ArgumentMetadata } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { QuarryError } from '@quarry/errors';
import type { ErrorDetail } from '@quarry/errors';

function pathTo(parent: string, property: string): string {
  if (!property) return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** `isInt` → `is_int`; a DTO picks its own code with `{ context: { code: 'invalid_url' } }`. */
function codeOf(error: ValidationError, constraint: string): string {
  const chosen = (error.contexts?.[constraint] as { code?: unknown } | undefined)?.code;
  if (typeof chosen === 'string') return chosen;
  return constraint.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function detail(field: string, code: string, message: string): ErrorDetail {
  return field ? { field, code, message } : { code, message };
}

function detailsOf(error: ValidationError, parent: string): ErrorDetail[] {
  const field = pathTo(parent, error.property);
  const constraints = Object.entries(error.constraints ?? {});
  const nested = (error.children ?? []).flatMap((child) => detailsOf(child, field));
  if (constraints.some(([name]) => name === 'whitelistValidation')) {
    return [detail(field, 'unknown_field', `${field} is not an accepted field`), ...nested];
  }
  if (constraints.length > 0 && error.value === undefined) {
    return [detail(field, 'required', `${field} is required`), ...nested];
  }
  // class-validator starts messages with the bare property name; say the full path instead.
  const own = constraints.map(([name, message]) =>
    detail(
      field,
      codeOf(error, name),
      message.startsWith(`${error.property} `)
        ? `${field}${message.slice(error.property.length)}`
        : message,
    ),
  );
  return [...own, ...nested];
}

/** One detail per failed rule, fields as dotted/indexed paths (`items[0].name`); the first one is the message. */
export function toInvalidRequest(errors: readonly ValidationError[]): QuarryError {
  const details = errors.flatMap((error) => detailsOf(error, ''));
  return new QuarryError('invalid_request', details[0]?.message ?? 'Invalid request', details);
}

/** A JSON array sent where a DTO object is expected would otherwise read as "[0] is not an accepted field". */
class QuarryValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      metadata.data === undefined &&
      Array.isArray(value) &&
      metadata.metatype &&
      metadata.metatype !== Array
    ) {
      throw new QuarryError('invalid_request', 'The request body must be a JSON object');
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Unknown fields are refused, not silently dropped; DTO classes are instantiated. */
export function createValidationPipe(): ValidationPipe {
  return new QuarryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: true },
    exceptionFactory: toInvalidRequest,
  });
}
