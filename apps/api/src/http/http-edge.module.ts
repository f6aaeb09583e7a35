import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ErrorEnvelopeFilter } from './error-envelope.filter';
import { httpLoggingModule } from './http-logging';
import { createValidationPipe } from './validation';

/**
 * The HTTP edge's Nest half: logging, the error envelope filter and the
 * validation pipe, for every route. Its Fastify half is createHttpApp.
 */
@Module({
  imports: [httpLoggingModule()],
  providers: [
    { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class HttpEdgeModule {}
