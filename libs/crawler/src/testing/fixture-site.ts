import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A scripted response for one path, replacing the file (or its absence). */
export interface FixtureFault {
  /** Default 200 when `body` is given, else the file's own status (200, or 404 when missing). */
  readonly status?: number;
  /** Extra or overriding response headers (e.g. `retry-after`, `location`, `content-type`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Served instead of the file. */
  readonly body?: string | Buffer;
  /** Wait before sending the response headers. */
  readonly delayMs?: number;
  /** Send the body in 64 KiB chunks without Content-Length (to test streaming caps). */
  readonly chunked?: boolean;
  /** Drop the connection without answering. */
  readonly destroy?: boolean;
}

export interface FixtureRequest {
  readonly method: string;
  /** Path and query string, as requested. */
  readonly path: string;
  readonly userAgent: string | undefined;
  readonly at: number;
}

export interface FixtureSiteOptions {
  /** Interface to listen on. Default 127.0.0.1 (any 127.x.y.z works on Linux). */
  readonly host?: string;
  /** Port to listen on. Default: any free port. */
  readonly port?: number;
  /**
   * The public origin named in robots.txt and sitemaps, rewritten to this
   * server's origin when those files are served. Default: `base_url` of
   * `site-labels.json` in the root, if there is one.
   */
  readonly baseUrl?: string;
  /**
   * Faults by path (without query string). An array is a sequence: each
   * request to the path takes the next fault, then the file is served normally.
   */
  readonly faults?: Readonly<Record<string, FixtureFault | readonly FixtureFault[]>>;
}

export interface FixtureSite {
  /** `http://host:port`, no trailing slash. */
  readonly origin: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly FixtureRequest[];
  /** TCP connections accepted so far (a refused SSRF target must show 0). */
  readonly connections: number;
  /** Requests received for `path` (query strings ignored). */
  requestCount(path: string): number;
  /** Sets (or replaces) the fault of `path`. */
  fault(path: string, fault: FixtureFault | readonly FixtureFault[]): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.gz': 'application/gzip',
  '.png': 'image/png',
};

/** Files whose text names the public origin: robots.txt and sitemaps. */
function isRewritten(pathname: string): boolean {
  return pathname === '/robots.txt' || pathname.endsWith('.xml');
}

function defaultBaseUrl(root: string): string | undefined {
  const labels = join(root, 'site-labels.json');
  if (!existsSync(labels)) return undefined;
  const parsed = JSON.parse(readFileSync(labels, 'utf8')) as { base_url?: unknown };
  return typeof parsed.base_url === 'string' ? parsed.base_url : undefined;
}

/**
 * Serves the folder `root` over HTTP on a loopback port, as a staging deploy
 * of a site would: `x/` serves `x/index.html`, robots.txt and *.xml files
 * have the site's public origin rewritten to the server's own, and faults
 * can be injected per path. Every request and connection is recorded so
 * tests can prove what was (not) fetched.
 *
 * @example
 *   const site = await serveFixtureSite(siteRoot, { faults: { '/robots.txt': { status: 503 } } });
 *   try { … crawl `${site.origin}/index.html` … } finally { await site.close(); }
 */
export async function serveFixtureSite(
  root: string,
  options: FixtureSiteOptions = {},
): Promise<FixtureSite> {
  const absoluteRoot = resolve(root);
  if (!existsSync(absoluteRoot)) {
    throw new Error(`serveFixtureSite: ${absoluteRoot} does not exist`);
  }
  const baseUrl = options.baseUrl ?? defaultBaseUrl(absoluteRoot);
  const publicOrigin = baseUrl === undefined ? undefined : new URL(baseUrl).origin;
  const faults = new Map<string, FixtureFault | FixtureFault[]>();
  const setFault = (path: string, fault: FixtureFault | readonly FixtureFault[]) =>
    faults.set(
      path,
      Array.isArray(fault) ? [...(fault as FixtureFault[])] : (fault as FixtureFault),
    );
  for (const [path, fault] of Object.entries(options.faults ?? {})) setFault(path, fault);
  const requests: FixtureRequest[] = [];
  let connections = 0;
  let origin = '';

  const takeFault = (pathname: string): FixtureFault | undefined => {
    const fault = faults.get(pathname);
    if (!Array.isArray(fault)) return fault;
    const next = fault.shift();
    if (fault.length === 0) faults.delete(pathname);
    return next;
  };

  const readSiteFile = async (pathname: string): Promise<Buffer | undefined> => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    let file = resolve(absoluteRoot, `.${decoded}`);
    if (file !== absoluteRoot && !file.startsWith(absoluteRoot + sep)) return undefined;
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const content = await readFile(file);
      if (publicOrigin === undefined || !isRewritten(pathname)) return content;
      return Buffer.from(content.toString('utf8').split(`${publicOrigin}/`).join(`${origin}/`));
    } catch {
      return undefined;
    }
  };

  const respond = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fixture.invalid');
    requests.push({
      method: req.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      userAgent: req.headers['user-agent'],
      at: Date.now(),
    });
    const fault = takeFault(url.pathname);
    if (fault?.delayMs !== undefined) {
      // Stop waiting when the client gives up, so that no timer outlives the test.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      try {
        await sleep(fault.delayMs, undefined, { signal: gone.signal });
      } catch {
        return;
      }
    }
    if (fault?.destroy === true) {
      req.socket.destroy();
      return;
    }
    const lookupPath = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
    const file = fault?.body === undefined ? await readSiteFile(url.pathname) : undefined;
    const body =
      fault?.body !== undefined
        ? Buffer.from(fault.body)
        : (file ?? Buffer.from(`Not found: ${url.pathname}\n`));
    const status = fault?.status ?? (fault?.body !== undefined || file !== undefined ? 200 : 404);
    const headers: Record<string, string> = {
      'content-type':
        file === undefined && fault?.body === undefined
          ? 'text/plain; charset=utf-8'
          : (CONTENT_TYPES[extname(lookupPath)] ?? 'application/octet-stream'),
      ...(fault?.headers ?? {}),
    };
    if (fault?.chunked === true) {
      res.writeHead(status, headers);
      for (let at = 0; at < body.length && !res.destroyed; at += 64 * 1024) {
        if (!res.write(body.subarray(at, at + 64 * 1024))) {
          await new Promise<void>((done) => {
            res.once('drain', done);
            res.once('close', done);
          });
        }
      }
      res.end();
      return;
    }
    res.writeHead(status, { 'content-length': String(body.length), ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((req, res) => {
    respond(req, res).catch(() => res.destroy());
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => listening());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    origin,
    requests,
    get connections() {
      return connections;
    },
    requestCount: (path) => requests.filter((r) => r.path.split('?')[0] === path).length,
    fault: setFault,
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      }),
  };
}
