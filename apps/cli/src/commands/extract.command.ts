import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { SOCIAL_NETWORKS, extractReport } from '@quarry/extraction';
import type { ExtractReportResult } from '@quarry/extraction';

const pageUrl = (value: string): string => {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url.toString();
  } catch {
    throw new InvalidArgumentError('expected an http(s) URL, e.g. https://www.example.com/contact');
  }
};

function humanReadable({ report, qualification }: ExtractReportResult): string {
  const list = (items: readonly string[]) => (items.length ? items.join(', ') : '—');
  const lines = [
    `Company:  ${report.company_name ?? '—'}`,
    `Emails:   ${list(report.emails)}`,
    `Phones:   ${list(report.phones)}`,
    'Socials:',
    ...SOCIAL_NETWORKS.map((network) => `  ${network.padEnd(9)} ${list(report.socials[network])}`),
    report.people.length ? 'People:' : 'People:   —',
    ...report.people.map(
      (p) =>
        `  ${p.name} — ${p.title}${p.email ? ` <${p.email}>` : ''}${p.phone ? ` ${p.phone}` : ''}`,
    ),
    `Signals:  ${list(report.signals)}`,
    `Score:    ${report.score} (${report.status})`,
    `Why:      ${qualification.notes}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `quarry extract page.html --url …`: the extraction pipeline on a saved page, no database needed. */
export function extractCommand(program: Command): void {
  program
    .command('extract')
    .description(
      'Extract contacts, people, company name and buying signals from a saved HTML page, and score its best contact',
    )
    .argument('<file>', 'the saved HTML page')
    .requiredOption(
      '--url <url>',
      'the URL the page was fetched from (region, site owner)',
      pageUrl,
    )
    .option('--content-type <type>', 'the Content-Type header the page was served with')
    .option('--json', 'print JSON')
    .action(
      async (file: string, options: { url: string; contentType?: string; json?: boolean }) => {
        const html = await readFile(file);
        const result = extractReport({ html, url: options.url, contentType: options.contentType });
        process.stdout.write(
          options.json ? `${JSON.stringify(result.report, null, 2)}\n` : humanReadable(result),
        );
      },
    );
}
