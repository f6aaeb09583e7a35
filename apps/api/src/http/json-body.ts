import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QuarryError } from '@quarry/errors';

const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/i;
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const UNSUPPORTED_MEDIA = 'Content-Type must be application/json';

/** `application/json` or `application/*+json`, any parameters (charset). */
function isJsonContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_MEDIA_TYPE.test(contentType.split(';', 1)[0].trim());
}

/** A Fastify `onRequest` hook: a body that is not JSON is refused before anything reads it. */
function requireJsonContentType(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const { headers } = request;
  const length = headers['content-length'];
  const hasBody =
    headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
  if (
    hasBody &&
    METHODS_WITH_BODY.has(request.method) &&
    !isJsonContentType(headers['content-type'])
  )
    done(new QuarryError('unsupported_media_type', UNSUPPORTED_MEDIA));
  else done();
}

/**
 * Quarry reads JSON bodies only, within `bodyLimit` bytes (Fastify answers
 * 413 past it): Fastify's own parser, prototype poisoning refused, for every
 * media type the hook let through, which are the JSON ones.
 */
export function acceptJsonBodies(instance: FastifyInstance, bodyLimit: number): void {
  instance.addHook('onRequest', requireJsonContentType);
  instance.removeAllContentTypeParsers();
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.addContentTypeParser<string>(
    '*',
    { parseAs: 'string', bodyLimit },
    (request, body, done) =>
      parseJson(request, body, (error, value) => {
        if (!error) done(null, value);
        else if (body.length === 0)
          done(new QuarryError('invalid_request', 'Empty body: send a JSON object'));
        else done(new QuarryError('invalid_request', 'Malformed JSON body'));
      }),
  );
}
