import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { loadConfig } from '@quarry/config';
import { QuarryError } from '@quarry/errors';
import { InfrastructureModule } from '@quarry/infrastructure';
import { createTestDatabase, redisUrl } from '../../../../test/harness';
import type { TestDatabase } from '../../../../test/harness';
import { HealthModule } from '../health';
import { ObservabilityModule } from '../observability';
import { createHttpApp, HttpEdgeModule } from '.';

class EchoItem {
  @IsString()
  name!: string;
}

class EchoBody {
  @IsString()
  name!: string;

  @IsInt()
  @Min(1)
  @Max(100)
  limit!: number;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => EchoItem)
  items?: EchoItem[];
}

@Controller('v1')
class EdgeTestController {
  @Post('echo')
  echo(@Body() body: EchoBody): EchoBody {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection to db-internal.local:5432 refused');
  }

  @Get('domain-error')
  domainError(): never {
    throw new QuarryError('conflict', 'Job job_1 is already completed');
  }
}

@Module({})
class EdgeTestModule {}

async function startApp(databaseUrl: string, redis: string): Promise<NestFastifyApplication> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: redis,
    BODY_LIMIT_BYTES: '2048',
  });
  const module: DynamicModule = {
    module: EdgeTestModule,
    imports: [
      InfrastructureModule.forRoot({ config, databaseUrl, readEntities: [] }),
      HttpEdgeModule,
      ObservabilityModule,
      HealthModule,
    ],
    controllers: [EdgeTestController],
  };
  const app = await createHttpApp(module, config, { abortOnError: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const REQUEST_ID = /^req_[0-9a-f]{32}$/;

describe('HTTP edge', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let server: ReturnType<NestFastifyApplication['getHttpServer']>;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApp(db.url, redisUrl());
    server = app.getHttpServer();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('error envelope', () => {
    it('answers an unknown route with not_found naming the route', async () => {
      const res = await request(server).get('/v1/nope?x=1').expect(404);
      expect(res.body).toEqual({
        error: {
          code: 'not_found',
          message: 'No route GET /v1/nope',
          request_id: res.headers['x-request-id'],
          details: [],
        },
      });
    });

    it('refuses malformed JSON', async () => {
      const res = await request(server)
        .post('/v1/echo')
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(res.body.error).toMatchObject({
        code: 'invalid_request',
        message: 'Malformed JSON body',
      });
    });

    it('refuses an empty JSON body and one that tries prototype poisoning', async () => {
      const empty = await request(server)
        .post('/v1/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Length', '0')
        .send('')
        .expect(400);
      expect(empty.body.error).toMatchObject({
        code: 'invalid_request',
        message: 'Empty body: send a JSON object',
      });
      const poisoned = await request(server)
        .post('/v1/echo')
        .set('Content-Type', 'application/json')
        .send('{"name": "a", "limit": 1, "__proto__": {"admin": true}}')
        .expect(400);
      expect(poisoned.body.error).toMatchObject({
        code: 'invalid_request',
        message: 'Malformed JSON body',
      });
    });

    it('serves a route asked for with a trailing slash', async () => {
      await request(server).get('/health/live/').expect(200);
    });

    it('refuses a body above BODY_LIMIT_BYTES, saying the limit', async () => {
      const res = await request(server)
        .post('/v1/echo')
        .send({ name: 'x'.repeat(3000), limit: 1 })
        .expect(413);
      expect(res.body.error).toMatchObject({
        code: 'payload_too_large',
        message: expect.stringContaining('2048 bytes'),
      });
    });

    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'name=a&limit=1'],
    ])('refuses a %s body with 415', async (contentType, body) => {
      const res = await request(server)
        .post('/v1/echo')
        .set('Content-Type', contentType)
        .send(body)
        .expect(415);
      expect(res.body.error).toMatchObject({
        code: 'unsupported_media_type',
        message: 'Content-Type must be application/json',
      });
    });

    it('accepts application/*+json with a charset', async () => {
      const res = await request(server)
        .post('/v1/echo')
        .set('Content-Type', 'application/merge-patch+json; charset=utf-8')
        .send(JSON.stringify({ name: 'a', limit: 3 }))
        .expect(201);
      expect(res.body).toEqual({ name: 'a', limit: 3 });
    });

    it('lists every validation problem by field path, the first one as the message', async () => {
      const res = await request(server)
        .post('/v1/echo')
        .send({ limit: 500, items: [{ name: 'ok' }, { name: 7 }], colour: 'red' })
        .expect(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.details).toEqual(
        expect.arrayContaining([
          { field: 'name', code: 'required', message: 'name is required' },
          { field: 'limit', code: 'max', message: 'limit must not be greater than 100' },
          { field: 'items[1].name', code: 'is_string', message: 'items[1].name must be a string' },
          { field: 'colour', code: 'unknown_field', message: 'colour is not an accepted field' },
        ]),
      );
      expect(res.body.error.message).toBe(res.body.error.details[0].message);
    });

    it('refuses a value of the wrong type', async () => {
      const res = await request(server)
        .post('/v1/echo')
        .send({ name: 'a', limit: 'ten' })
        .expect(400);
      expect(res.body.error.message).toMatch(/^limit /);
      expect(res.body.error.details).toContainEqual({
        field: 'limit',
        code: 'is_int',
        message: 'limit must be an integer number',
      });
    });

    it('refuses a JSON array where an object is expected', async () => {
      const res = await request(server)
        .post('/v1/echo')
        .send([{ name: 'a', limit: 1 }])
        .expect(400);
      expect(res.body.error).toMatchObject({
        code: 'invalid_request',
        message: 'The request body must be a JSON object',
      });
    });

    it('hides an unexpected error behind a generic 500', async () => {
      const res = await request(server).get('/v1/boom').expect(500);
      expect(res.body).toEqual({
        error: {
          code: 'internal_error',
          message: 'Internal server error',
          request_id: res.headers['x-request-id'],
          details: [],
        },
      });
      expect(res.text).not.toMatch(/db-internal|at .*\.ts/);
    });

    it('maps a QuarryError code to its status', async () => {
      const res = await request(server).get('/v1/domain-error').expect(409);
      expect(res.body.error).toMatchObject({
        code: 'conflict',
        message: 'Job job_1 is already completed',
      });
    });
  });

  describe('request ids', () => {
    it('echoes a valid client X-Request-Id, in the header and the envelope', async () => {
      const res = await request(server)
        .get('/v1/domain-error')
        .set('X-Request-Id', 'client-123:abc.DEF_9')
        .expect(409);
      expect(res.headers['x-request-id']).toBe('client-123:abc.DEF_9');
      expect(res.body.error.request_id).toBe('client-123:abc.DEF_9');
    });

    it('generates one when the client sends none or an unsafe one', async () => {
      const none = await request(server).get('/health/live').expect(200);
      expect(none.headers['x-request-id']).toMatch(REQUEST_ID);
      const unsafe = await request(server)
        .get('/v1/nope')
        .set('X-Request-Id', 'bad id with spaces')
        .expect(404);
      expect(unsafe.headers['x-request-id']).toMatch(REQUEST_ID);
      expect(unsafe.body.error.request_id).toBe(unsafe.headers['x-request-id']);
      const tooLong = await request(server)
        .get('/health/live')
        .set('X-Request-Id', 'a'.repeat(129))
        .expect(200);
      expect(tooLong.headers['x-request-id']).toMatch(REQUEST_ID);
    });

    it('carries the id on errors raised before routing', async () => {
      const res = await request(server)
        .post('/v1/echo')
        .set('X-Request-Id', 'edge-1')
        .set('Content-Type', 'text/plain')
        .send('x')
        .expect(415);
      expect(res.headers['x-request-id']).toBe('edge-1');
      expect(res.body.error.request_id).toBe('edge-1');
    });
  });

  describe('ops routes', () => {
    it('reports liveness', async () => {
      const res = await request(server).get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('reports readiness of Postgres, the event store and Redis', async () => {
      const res = await request(server).get('/health/ready').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        details: {
          postgres: { status: 'up' },
          event_store: { status: 'up' },
          redis: { status: 'up' },
        },
      });
    });

    it('exposes Prometheus metrics with route templates', async () => {
      await request(server).get('/v1/domain-error').expect(409);
      await request(server).get('/v1/does-not-exist').expect(404);
      await request(server)
        .post('/v1/echo')
        .set('Content-Type', 'text/plain')
        .send('x')
        .expect(415);
      const res = await request(server).get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(
        /quarry_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/domain-error"[^}]*status="409"/,
      );
      expect(res.text).toMatch(
        /quarry_http_request_duration_seconds_bucket\{[^}]*route="unmatched"[^}]*status="404"/,
      );
      expect(res.text).toMatch(
        /quarry_http_request_duration_seconds_bucket\{[^}]*route="\/v1\/echo"[^}]*status="415"/,
      );
      expect(res.text).toContain('quarry_events_appended_total');
    });

    it('serves the OpenAPI document and Swagger UI', async () => {
      const res = await request(server).get('/docs/openapi.json').expect(200);
      const document = JSON.parse(res.text);
      expect(document.openapi).toMatch(/^3\./);
      expect(document.info).toMatchObject({ title: 'Quarry', version: expect.any(String) });
      expect(document.components.securitySchemes.api_key).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(document.components.schemas.ErrorEnvelope).toBeDefined();
      expect(Object.keys(document.paths)).not.toContain('/metrics');
      const ui = await request(server).get('/docs').expect(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
    });
  });

  describe('when Redis is unreachable', () => {
    let downApp: NestFastifyApplication;

    beforeAll(async () => {
      downApp = await startApp(db.url, 'redis://127.0.0.1:1');
    });

    afterAll(async () => {
      await downApp?.close();
    });

    it('answers /health/ready with 503 in the envelope, naming Redis', async () => {
      const res = await request(downApp.getHttpServer()).get('/health/ready').expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error).toMatchObject({
        code: 'service_unavailable',
        request_id: res.headers['x-request-id'],
      });
      expect(res.body.error.details).toEqual([
        { field: 'redis', code: 'down', message: expect.any(String) },
      ]);
      expect(res.text).not.toContain('127.0.0.1');
    });
  });
});
