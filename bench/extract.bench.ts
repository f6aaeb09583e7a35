/**
 * Throughput of the `quarry extract` pipeline (decode, parse, extract,
 * qualify the best contact) over the dev corpus pages, repeated for
 * BENCH_SECONDS. Single-threaded, in process, no database.
 *
 *   npm run bench:extract    BENCH_SECONDS=10
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractReport } from '@quarry/extraction';
import { CORPUS_DIR } from '../test/harness/corpus';

const CORPUS = CORPUS_DIR;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PROGRESS_EVERY_MS = 2_000;

/** Progress goes to stdout too: the last line stays the JSON result. */
function log(line: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function loadPages(): { file: string; url: string; html: Buffer }[] {
  const labels = JSON.parse(readFileSync(join(CORPUS, 'labels.json'), 'utf8')) as {
    file: string;
    url: string;
  }[];
  const urls = new Map(labels.map((l) => [l.file, l.url]));
  return readdirSync(join(CORPUS, 'pages'))
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => ({
      file: f,
      url: urls.get(`pages/${f}`) ?? `https://www.example.org/${f}`,
      html: readFileSync(join(CORPUS, 'pages', f)),
    }));
}

function run(): { pages: number; seconds: number; bytes: number } {
  if (!Number.isFinite(SECONDS) || SECONDS <= 0)
    throw new Error(`BENCH_SECONDS must be positive, got ${SECONDS}`);
  const corpus = loadPages();
  const corpusBytes = corpus.reduce((sum, p) => sum + p.html.length, 0);
  log(`corpus: ${corpus.length} pages, ${round(corpusBytes / 1024)} KiB; running for ${SECONDS} s`);
  // One untimed pass warms the JIT and catches a broken page before timing starts.
  for (const page of corpus) extractReport({ html: page.html, url: page.url });

  let pages = 0;
  let bytes = 0;
  let output = 0;
  const start = performance.now();
  const deadline = start + SECONDS * 1_000;
  let nextProgress = start + PROGRESS_EVERY_MS;
  let now = start;
  while (now < deadline) {
    for (const page of corpus) {
      // What `quarry extract --json` does after reading the file: extract, qualify, serialise.
      output += JSON.stringify(extractReport({ html: page.html, url: page.url }).report).length;
      pages++;
      bytes += page.html.length;
    }
    now = performance.now();
    if (now >= nextProgress) {
      const elapsed = (now - start) / 1_000;
      log(`${pages} pages in ${round(elapsed)} s: ${round(pages / elapsed)} pages/s`);
      nextProgress += PROGRESS_EVERY_MS;
    }
  }
  log(`${round(output / 1024)} KiB of JSON reports`);
  return { pages, seconds: (now - start) / 1_000, bytes };
}

try {
  const { pages, seconds, bytes } = run();
  log(`${round(bytes / 1024 / 1024 / seconds, 2)} MiB/s of HTML`);
  console.log(
    JSON.stringify({
      bench: 'extract',
      unit: 'pages/s',
      value: round(pages / seconds),
      pages,
      seconds: round(seconds, 2),
    }),
  );
  process.exit(0);
} catch (error: unknown) {
  console.error(error);
  process.exit(1);
}
