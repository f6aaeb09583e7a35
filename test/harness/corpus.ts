import { join } from 'node:path';

/** The labelled extraction corpus (pages + labels.json) kept with the tests. */
export const CORPUS_DIR = join(__dirname, '..', 'corpus', 'extraction-dev');

/** Its crawlable fixture site, with site-labels.json. */
export const FIXTURE_SITE_DIR = join(CORPUS_DIR, 'site');

/** Held-out pages labelled the same way and never used to write the rules: the generalisation check. */
export const HOLDOUT_CORPUS_DIR = join(__dirname, '..', 'corpus', 'extraction-holdout');
