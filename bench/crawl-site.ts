import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * A generated site of `pages` interlinked HTML pages, built in memory and
 * served on loopback from a worker thread (so the server does not share the
 * crawlers' event loop). The home page links to contact, about and the
 * section pages, which link to their leaf pages; every page also carries a
 * navigation bar (home, contact, about, ten sections), leaves link to their
 * neighbours, and there are mailto, off-site and fragment links to ignore.
 * Every page is within two links of the home page: depth 3 reaches all.
 */
export interface BenchSite {
  readonly origin: string;
  /** Requests served so far (robots.txt included). */
  requests(): Promise<number>;
  close(): Promise<void>;
}

// Plain JavaScript evaluated in the worker: no TypeScript loader needed there.
const SERVER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { pages, sections } = workerData;
const files = new Map();
const filler = 'Hand-built frames, wheel truing and bike fitting since 1998. '.repeat(40);
// 0 home, 1 contact, 2 about, then the sections, then the leaves.
const FIRST_SECTION = 3;
const FIRST_LEAF = FIRST_SECTION + sections;
const sectionOf = (leaf) => ((leaf - FIRST_LEAF) % sections) + 1;
const pathOf = (i) =>
  i === 0 ? '/' : i === 1 ? '/contact.html' : i === 2 ? '/about.html'
  : i < FIRST_LEAF ? '/section-' + (i - FIRST_SECTION + 1) + '/'
  : '/section-' + sectionOf(i) + '/page-' + i + '.html';
for (let i = 0; i < pages; i++) {
  const links = [pathOf(0), pathOf(1), pathOf(2)];
  for (let s = 0; s < Math.min(10, sections); s++) links.push(pathOf(FIRST_SECTION + s));
  if (i === 0) for (let s = 0; s < sections; s++) links.push(pathOf(FIRST_SECTION + s));
  else if (i >= FIRST_SECTION && i < FIRST_LEAF)
    for (let leaf = FIRST_LEAF + (i - FIRST_SECTION); leaf < pages; leaf += sections) links.push(pathOf(leaf));
  else if (i >= FIRST_LEAF) {
    if (i > FIRST_LEAF) links.push(pathOf(i - 1));
    if (i + 1 < pages) links.push(pathOf(i + 1));
  }
  links.push('mailto:hello@bench.test', 'https://elsewhere.example/partner', '#top');
  const nav = links.map((href, n) => '<li><a class="nav" href="' + href + '">Link ' + n + '</a></li>').join('');
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ' + i + '</title>' +
    '<style>body{font-family:sans-serif}</style><script>window.dataLayer=[];</script></head>' +
    '<body><header><ul>' + nav + '</ul></header><main><h1>Page ' + i + '</h1><p>' + filler + '</p>' +
    '<p>Call +1 612 555 0123 or write to hello@bench.test.</p></main><footer>&copy; Bench Bikes</footer></body></html>';
  files.set(pathOf(i), Buffer.from(html));
}
const robots = Buffer.from('User-agent: *\\nAllow: /\\n');
let requests = 0;
const server = http.createServer((req, res) => {
  requests++;
  const path = req.url.split('?')[0];
  if (path === '/robots.txt') { res.writeHead(200, { 'content-type': 'text/plain', 'content-length': robots.length }); res.end(robots); return; }
  const body = files.get(path);
  if (!body) { res.writeHead(404, { 'content-type': 'text/plain', 'content-length': 9 }); res.end('not found'); return; }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port, files: files.size }));
parentPort.on('message', (message) => {
  if (message === 'count') parentPort.postMessage({ type: 'count', requests });
  if (message === 'close') { server.closeAllConnections(); server.close(() => process.exit(0)); }
});
`;

interface ListeningMessage {
  readonly type: 'listening';
  readonly port: number;
  readonly files: number;
}

export async function startBenchSite(pages: number, sections = 45): Promise<BenchSite> {
  const worker = new Worker(SERVER, { eval: true, workerData: { pages, sections } });
  const [message] = (await once(worker, 'message')) as [ListeningMessage];
  if (message.files !== pages) {
    throw new Error(`bench site has ${message.files} pages, expected ${pages}`);
  }
  return {
    origin: `http://127.0.0.1:${message.port}`,
    requests: async () => {
      worker.postMessage('count');
      for (;;) {
        const [reply] = (await once(worker, 'message')) as [{ type: string; requests: number }];
        if (reply.type === 'count') return reply.requests;
      }
    },
    close: async () => {
      worker.postMessage('close');
      await once(worker, 'exit');
    },
  };
}
