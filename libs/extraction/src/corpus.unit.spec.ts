/**
 * The extraction quality contract, measured on two hand-labelled corpora:
 * the dev corpus (`test/corpus/extraction-dev`, a copy of the shared corpus)
 * and a held-out corpus (`test/corpus/extraction-holdout`) whose pages were
 * never used to write the rules. Precision, recall and F1 per field, printed
 * as a table per corpus, and failing below the goals on either. The same
 * goals are checked on pages this code has never seen, so nothing here is
 * tuned to a page, a domain or a name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractPage } from './extract-page';
import type { PageExtraction } from './page-extraction';
import { SOCIAL_NETWORKS } from './page-extraction';
import { CORPUS_DIR, HOLDOUT_CORPUS_DIR } from '../../../test/harness/corpus';

/** Each labelled corpus is scored on its own: a good dev score must not hide a poor held-out one. */
const CORPORA: { name: string; dir: string; origin: string }[] = [
  {
    name: 'dev',
    dir: CORPUS_DIR,
    origin: 'test/corpus/extraction-dev, a copy of the shared corpus',
  },
  {
    name: 'holdout',
    dir: HOLDOUT_CORPUS_DIR,
    origin: 'test/corpus/extraction-holdout, pages kept out of rule writing',
  },
];

interface LabelledPerson {
  name: string;
  title: string;
  email: string | null;
}
interface Labels {
  emails: string[];
  phones: string[];
  socials: Record<string, string[]>;
  people: LabelledPerson[];
  signals: string[];
}
interface PageLabels extends Labels {
  file: string;
  url: string;
  company_name: string | null;
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}
type Field = 'emails' | 'phones' | 'socials' | 'people' | 'signals';
const FIELDS: Field[] = ['emails', 'phones', 'socials', 'people', 'signals'];

/** Goals: the minimum each metric must reach (signals are reported, not gated). */
const GOALS: {
  field: Field | 'company';
  metric: 'precision' | 'recall' | 'f1' | 'exact';
  min: number;
}[] = [
  { field: 'emails', metric: 'precision', min: 0.97 },
  { field: 'emails', metric: 'recall', min: 0.95 },
  { field: 'phones', metric: 'precision', min: 0.95 },
  { field: 'phones', metric: 'recall', min: 0.9 },
  { field: 'socials', metric: 'precision', min: 0.95 },
  { field: 'socials', metric: 'recall', min: 0.95 },
  { field: 'people', metric: 'f1', min: 0.8 },
  { field: 'company', metric: 'exact', min: 0.9 },
];

const simplify = (text: string) => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

/** The comparable items of one field: socials compare case-insensitively, people by name + title. */
function items(field: Field, source: Labels | PageExtraction): Set<string> {
  switch (field) {
    case 'emails':
    case 'phones':
    case 'signals':
      return new Set((source[field] as string[]).map(simplify));
    case 'socials':
      return new Set(
        SOCIAL_NETWORKS.flatMap((n) => (source.socials as Record<string, string[]>)[n] ?? []).map(
          simplify,
        ),
      );
    case 'people':
      return new Set(source.people.map((p) => `${simplify(p.name)} | ${simplify(p.title)}`));
  }
}

function score(tally: Tally) {
  const precision = tally.tp + tally.fp === 0 ? 1 : tally.tp / (tally.tp + tally.fp);
  const recall = tally.tp + tally.fn === 0 ? 1 : tally.tp / (tally.tp + tally.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

interface Evaluation {
  tallies: Record<Field, Tally>;
  company: { exact: number; pages: number };
  misses: string[];
}

function evaluate(
  pages: {
    name: string;
    labels: Labels & { company_name?: string | null };
    extraction: PageExtraction;
  }[],
): Evaluation {
  const tallies = Object.fromEntries(FIELDS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<
    Field,
    Tally
  >;
  const company = { exact: 0, pages: 0 };
  const misses: string[] = [];
  for (const { name, labels, extraction } of pages) {
    for (const field of FIELDS) {
      const want = items(field, labels);
      const got = items(field, extraction);
      for (const item of got) {
        if (want.has(item)) tallies[field].tp++;
        else {
          tallies[field].fp++;
          misses.push(`${name} ${field} extra: ${item}`);
        }
      }
      for (const item of want) {
        if (!got.has(item)) {
          tallies[field].fn++;
          misses.push(`${name} ${field} missed: ${item}`);
        }
      }
    }
    if (labels.company_name !== undefined) {
      company.pages++;
      if (simplify(extraction.companyName ?? '') === simplify(labels.company_name ?? ''))
        company.exact++;
      else
        misses.push(`${name} company: got ${extraction.companyName} want ${labels.company_name}`);
    }
  }
  return { tallies, company, misses };
}

const pct = (x: number) => x.toFixed(3);

function table(title: string, { tallies, company }: Evaluation): string {
  const rows = FIELDS.map((field) => {
    const { precision, recall, f1 } = score(tallies[field]);
    const { tp, fp, fn } = tallies[field];
    return `| ${field.padEnd(22)} | ${pct(precision)}     | ${pct(recall)}  | ${pct(f1)} | ${String(tp).padStart(3)} | ${String(fp).padStart(3)} | ${String(fn).padStart(3)} |`;
  });
  if (company.pages) {
    const exact = company.exact / company.pages;
    rows.push(
      `| ${'company name (exact)'.padEnd(22)} | ${pct(exact)}     | ${pct(exact)}  | ${pct(exact)} | ${String(company.exact).padStart(3)} |   - | ${String(company.pages - company.exact).padStart(3)} |`,
    );
  }
  return [
    title,
    '| field                  | precision | recall | f1    |  tp |  fp |  fn |',
    '|------------------------|-----------|--------|-------|-----|-----|-----|',
    ...rows,
  ].join('\n');
}

function shortfalls({ tallies, company }: Evaluation): string[] {
  return GOALS.flatMap(({ field, metric, min }) => {
    if (field === 'company' && company.pages === 0) return [];
    const value =
      field === 'company'
        ? company.exact / Math.max(1, company.pages)
        : score(tallies[field])[metric as 'precision' | 'recall' | 'f1'];
    return value >= min ? [] : [`${field} ${metric} ${pct(value)} < ${min}`];
  });
}

function requireCorpus(name: string, dir: string, origin: string): void {
  if (!existsSync(join(dir, 'labels.json')))
    throw new Error(
      `The extraction ${name} corpus is missing: expected ${dir}/labels.json (${origin}).`,
    );
}

describe.each(CORPORA)('extraction quality on the $name corpus', ({ name, dir, origin }) => {
  it('meets the precision and recall goals on every labelled page', () => {
    requireCorpus(name, dir, origin);
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as PageLabels[];
    expect(labels.length).toBeGreaterThan(0);
    const pages = labels.map((label) => ({
      name: label.file,
      labels: label,
      extraction: extractPage({ html: readFileSync(join(dir, label.file)), url: label.url }),
    }));
    const result = evaluate(pages);
    console.log(
      `${table(`Extraction quality, ${pages.length} ${name} pages`, result)}\n${result.misses.join('\n')}`,
    );
    expect(shortfalls(result)).toEqual([]);
  });
});

describe('extraction quality on the dev corpus’s crawl site', () => {
  it('meets the same goals on the crawl site’s pages', () => {
    const [dev] = CORPORA;
    requireCorpus(dev.name, dev.dir, dev.origin);
    const site = JSON.parse(readFileSync(join(dev.dir, 'site', 'site-labels.json'), 'utf8')) as {
      pages: (Labels & { path: string; url: string })[];
    };
    const pages = site.pages.map((page) => ({
      name: `site/${page.path}`,
      labels: page,
      extraction: extractPage({
        html: readFileSync(join(dev.dir, 'site', page.path)),
        url: page.url,
      }),
    }));
    const result = evaluate(pages);
    console.log(
      `${table(`Extraction quality, ${pages.length} crawl-site pages`, result)}\n${result.misses.join('\n')}`,
    );
    expect(shortfalls(result)).toEqual([]);
  });
});
