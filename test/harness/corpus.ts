import { join } from 'node:path';

/** The labelled extraction corpus (pages + labels.json) kept with the tests. */
export const CORPUS_DIR = join(__dirname, '..', 'corpus', 'extraction-dev');

/** Its crawlable fixture site, with site-labels.json. */
export const FIXTURE_SITE_DIR = join(CORPUS_DIR, 'site');
