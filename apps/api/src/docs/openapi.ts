import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ErrorEnvelope } from './error-envelope.dto';

/** Name of the bearer scheme: controllers use `@ApiBearerAuth(API_KEY_SCHEME)`. */
export const API_KEY_SCHEME = 'api_key';

/** The nearest package.json above this file: the same walk works from the sources and from dist/. */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${__dirname}`);
  }
}

export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Quarry')
    .setDescription(
      'Websites in, qualified B2B leads out. Errors use one envelope: see ErrorEnvelope.',
    )
    .setVersion(packageVersion())
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: 'An API key: `qk_live_…` or `qk_test_…`.',
      },
      API_KEY_SCHEME,
    )
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ErrorEnvelope] });
}

/** Swagger UI at `/docs`, the document at `/docs/openapi.json`. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/openapi.json',
    raw: ['json'],
    customSiteTitle: 'Quarry API',
  });
}
