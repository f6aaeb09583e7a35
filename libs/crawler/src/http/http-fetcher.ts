import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import { request } from 'undici';
import type { PageFailureReason } from '../crawl-request';
import { normalizeUrl } from '../url/page-url';
import type { AddressPolicy } from './address-policy';
import type { HostGates } from './host-gate';
import { defaultRetryDelayMs, parseRetryAfter } from './retry-after';

/** What is being fetched decides the accepted types, the size cap and the redirect rules. */
export type ResourceKind = 'page' | 'sitemap' | 'robots';

export type FetchFailure = Exclude<PageFailureReason, 'robots_unavailable'>;

export type FetchResult =
  | {
      readonly ok: true;
      readonly finalUrl: URL;
      readonly status: number;
      readonly contentType?: string;
      readonly body: Buffer;
    }
  | {
      readonly ok: false;
      readonly finalUrl: URL;
      readonly reason: FetchFailure;
      readonly status?: number;
      readonly contentType?: string;
    };

/** Checks a redirect target before it is requested; a reason refuses it. */
export type RedirectGuard = (target: URL) => Promise<FetchFailure | undefined>;

export interface HttpFetcherOptions {
  readonly userAgent: string;
  readonly maxBodyBytes: number;
  readonly maxSitemapBytes: number;
  readonly robotsMaxBytes: number;
  readonly maxRedirects: number;
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
  readonly requestTimeoutMs: number;
  /** Redirects to refused IP literals fail as `blocked_address` before any other check. */
  readonly addressPolicy: AddressPolicy;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const ACCEPT: Record<ResourceKind, string> = {
  page: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  sitemap: 'application/xml,text/xml;q=0.9,application/gzip;q=0.8,text/plain;q=0.5,*/*;q=0.1',
  robots: 'text/plain,*/*;q=0.1',
};
const DISCARD_LIMIT = 64 * 1024;

type Attempt =
  | { readonly type: 'done'; readonly result: FetchResult }
  | { readonly type: 'redirect'; readonly location: string | undefined; readonly status: number }
  | { readonly type: 'retry'; readonly status: number; readonly retryAfterMs: number | undefined };

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  return contentType.split(';')[0].trim().toLowerCase();
}

function acceptsType(kind: ResourceKind, type: string | undefined, url: URL): boolean | 'sniff' {
  switch (kind) {
    case 'robots':
      return true;
    case 'page':
      if (type === undefined || type === '') return 'sniff';
      return HTML_TYPES.has(type);
    case 'sitemap':
      if (type === undefined || type === '') return true;
      if (type === 'text/html') return false;
      return (
        type.endsWith('/xml') ||
        type.endsWith('+xml') ||
        type === 'text/plain' ||
        type === 'application/gzip' ||
        type === 'application/x-gzip' ||
        (type === 'application/octet-stream' && url.pathname.endsWith('.gz'))
      );
  }
}

/** A body with no Content-Type is HTML when it starts like HTML (after a BOM and whitespace). */
export function looksLikeHtml(body: Buffer): boolean {
  let i = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) i = 3;
  while (i < body.length && (body[i] === 0x20 || (body[i] >= 0x09 && body[i] <= 0x0d))) i += 1;
  const head = body
    .subarray(i, i + 14)
    .toString('latin1')
    .toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head');
}

/** Drops a response body without reading it (undici reports that as an error: expected here). */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function decoderFor(encoding: string | undefined): Transform | null | 'unsupported' {
  const value = encoding?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'identity') return null;
  if (value === 'gzip' || value === 'x-gzip') return createGunzip();
  if (value === 'deflate') return createInflate();
  if (value === 'br') return createBrotliDecompress();
  return 'unsupported';
}

/** Reads at most `cap` bytes; `truncate` keeps the first `cap` bytes instead of failing. */
async function readCapped(
  body: Readable,
  encoding: string | undefined,
  cap: number,
  truncate: boolean,
): Promise<Buffer | 'too_large' | 'unsupported_encoding'> {
  const decoder = decoderFor(encoding);
  if (decoder === 'unsupported') {
    discard(body);
    return 'unsupported_encoding';
  }
  const source: Readable = decoder === null ? body : decoder;
  if (decoder !== null) pipeline(body, decoder, () => undefined);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > cap) {
      if (source !== body) discard(source);
      discard(body);
      if (!truncate) return 'too_large';
      chunks.push(chunk.subarray(0, chunk.length - (size - cap)));
      return Buffer.concat(chunks, cap);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    current = cause;
  }
  return codes;
}

/** Maps transport errors to page failure reasons. */
export function classifyTransportError(error: unknown): FetchFailure {
  const codes = errorCodes(error);
  if (codes.includes('QUARRY_BLOCKED_ADDRESS')) return 'blocked_address';
  if (codes.some((c) => c === 'ENOTFOUND' || c.startsWith('EAI_'))) return 'dns';
  if (
    codes.some(
      (c) =>
        c === 'UND_ERR_CONNECT_TIMEOUT' ||
        c === 'UND_ERR_HEADERS_TIMEOUT' ||
        c === 'UND_ERR_BODY_TIMEOUT' ||
        c === 'ETIMEDOUT',
    )
  ) {
    return 'timeout';
  }
  return 'network';
}

/**
 * One resource over HTTP with the crawler's rules: redirects followed by
 * hand (each hop re-checked by the caller's guard and, at connect time, by
 * the address policy), 429/503 retried after `Retry-After` within bounds,
 * only accepted content types downloaded, bodies capped while streaming.
 * Rejects only when `signal` aborts.
 */
export class HttpFetcher {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly gates: HostGates,
    private readonly options: HttpFetcherOptions,
  ) {}

  async fetch(
    url: URL,
    kind: ResourceKind,
    guard: RedirectGuard,
    signal: AbortSignal,
  ): Promise<FetchResult> {
    let current = url;
    const chain = new Set<string>([current.href]);
    let hops = 0;
    let retries = 0;
    // robots.txt is not retried: a 429/503 there means "crawl nothing for a while".
    const maxRetries = kind === 'robots' ? 0 : this.options.maxRetries;
    for (;;) {
      const attempt = await this.attempt(current, kind, signal);
      switch (attempt.type) {
        case 'done':
          return attempt.result;
        case 'retry': {
          const wait = attempt.retryAfterMs ?? defaultRetryDelayMs(retries);
          if (retries >= maxRetries || wait > this.options.maxRetryAfterMs) {
            return { ok: false, finalUrl: current, reason: 'http_status', status: attempt.status };
          }
          retries += 1;
          this.gates.pauseUntil(current.host, Date.now() + wait);
          await sleep(wait, undefined, { signal });
          break;
        }
        case 'redirect': {
          const target =
            attempt.location === undefined ? undefined : normalizeUrl(attempt.location, current);
          if (target === undefined) {
            // No Location, or one that is not http(s): nothing to follow.
            const reason = attempt.location === undefined ? 'http_status' : 'off_site_redirect';
            return { ok: false, finalUrl: current, reason, status: attempt.status };
          }
          hops += 1;
          if (hops > this.options.maxRedirects || chain.has(target.href)) {
            return {
              ok: false,
              finalUrl: target,
              reason: 'too_many_redirects',
              status: attempt.status,
            };
          }
          chain.add(target.href);
          const refusal = this.refusedLiteral(target) ?? (await guard(target));
          if (refusal !== undefined) {
            return { ok: false, finalUrl: target, reason: refusal, status: attempt.status };
          }
          current = target;
          retries = 0;
          break;
        }
      }
    }
  }

  /** A redirect to a refused IP literal is a security refusal first, whatever else is wrong with it. */
  private refusedLiteral(target: URL): FetchFailure | undefined {
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    if (isIP(host) === 0) return undefined;
    return this.options.addressPolicy.check(host).allowed ? undefined : 'blocked_address';
  }

  private async attempt(url: URL, kind: ResourceKind, signal: AbortSignal): Promise<Attempt> {
    const release = await this.gates.acquire(url.host, signal);
    // One controller per request, linked to the crawl's signal and a deadline
    // for the whole exchange; both links are undone when the request ends.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`request exceeded ${this.options.requestTimeoutMs} ms`));
    }, this.options.requestTimeoutMs);
    try {
      const response = await request(url, {
        dispatcher: this.dispatcher,
        method: 'GET',
        headers: {
          'user-agent': this.options.userAgent,
          accept: ACCEPT[kind],
          'accept-encoding': 'gzip, deflate, br',
        },
        signal: controller.signal,
      });
      const status = response.statusCode;
      const { body, headers } = response;
      if (REDIRECTS.has(status)) {
        await body.dump({ limit: DISCARD_LIMIT });
        return { type: 'redirect', location: header(headers, 'location'), status };
      }
      if (status === 429 || status === 503) {
        await body.dump({ limit: DISCARD_LIMIT });
        const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'), Date.now());
        return { type: 'retry', status, retryAfterMs };
      }
      const contentType = header(headers, 'content-type');
      const fail = (reason: FetchFailure): Attempt => ({
        type: 'done',
        result: { ok: false, finalUrl: url, reason, status, contentType },
      });
      if (status < 200 || status > 299) {
        await body.dump({ limit: DISCARD_LIMIT });
        return fail('http_status');
      }
      const accepted = acceptsType(kind, mediaType(contentType), url);
      if (accepted === false) {
        discard(body);
        return fail('not_html');
      }
      const cap =
        kind === 'page'
          ? this.options.maxBodyBytes
          : kind === 'sitemap'
            ? this.options.maxSitemapBytes
            : this.options.robotsMaxBytes;
      const declared = Number(header(headers, 'content-length'));
      const encoding = header(headers, 'content-encoding');
      if (kind !== 'robots' && encoding === undefined && declared > cap) {
        discard(body);
        return fail('too_large');
      }
      const read = await readCapped(body, encoding, cap, kind === 'robots');
      if (read === 'too_large') return fail('too_large');
      if (read === 'unsupported_encoding') return fail('network');
      if (accepted === 'sniff' && !looksLikeHtml(read)) return fail('not_html');
      return { type: 'done', result: { ok: true, finalUrl: url, status, contentType, body: read } };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const reason = timedOut ? 'timeout' : classifyTransportError(error);
      return { type: 'done', result: { ok: false, finalUrl: url, reason } };
    } finally {
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      release();
    }
  }
}
