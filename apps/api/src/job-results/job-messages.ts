import type { JobView, PageRecord } from '@quarry/jobs';

/** A job's recorded pages by outcome, failed and skipped ones by reason. */
export class PageTally {
  processed = 0;
  readonly failed = new Map<string | null, number>();
  readonly skipped = new Map<string | null, number>();

  add(page: Pick<PageRecord, 'outcome' | 'reason'>): void {
    switch (page.outcome) {
      case 'processed':
        this.processed += 1;
        return;
      case 'failed':
      case 'skipped': {
        const reasons = page.outcome === 'failed' ? this.failed : this.skipped;
        reasons.set(page.reason, (reasons.get(page.reason) ?? 0) + 1);
        return;
      }
    }
  }
}

/** What happened to pages for each reason, read after a count ("2 timed out"). */
const REASONS: Record<string, string> = {
  http_status: 'returned an HTTP error status',
  timeout: 'timed out',
  dns: 'failed DNS resolution',
  network: 'hit a network error',
  too_large: 'exceeded the size limit',
  not_html: 'returned no HTML',
  too_many_redirects: 'redirected too many times',
  blocked_address: 'resolved to a blocked address',
  off_site_redirect: 'redirected off the site',
  budget_exhausted: "exceeded the job's credit budget",
  robots_disallowed: 'disallowed by robots.txt',
  robots_unavailable: 'not crawled while robots.txt was unreachable',
};

const counted = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const total = (reasons: ReadonlyMap<string | null, number>) =>
  [...reasons.values()].reduce((sum, n) => sum + n, 0);

function phrase(reason: string | null): string {
  if (reason === null) return 'for an unknown reason';
  return REASONS[reason] ?? `with reason ${reason}`;
}

/** "3 pages failed: 2 timed out, 1 returned an HTTP error status." — most frequent first. */
function outcomeSentence(verb: string, reasons: ReadonlyMap<string | null, number>): string {
  const entries = [...reasons].sort(
    ([a, n], [b, m]) => m - n || String(a).localeCompare(String(b)),
  );
  const head = `${counted(total(reasons), 'page')} ${verb}`;
  if (entries.length === 1) return `${head} (${phrase(entries[0][0])}).`;
  return `${head}: ${entries.map(([reason, n]) => `${n} ${phrase(reason)}`).join(', ')}.`;
}

function stopSentence(view: JobView, stoppedBy: string): string {
  switch (stoppedBy) {
    case 'max_credits':
      return view.maxCredits === null
        ? 'Stopped at max_credits: the credit cap was reached before the crawl finished.'
        : `Stopped at max_credits: the cap of ${counted(view.maxCredits, 'credit')} was reached before the crawl finished.`;
    case 'max_pages':
      return `Stopped at max_pages: the limit of ${counted(view.maxPages, 'page')} was reached.`;
    default:
      return `Stopped by ${stoppedBy}.`;
  }
}

/** Seed 000's `messages`: how the crawl went, in sentences, for a job that has ended. */
export function jobMessages(view: JobView, pages: PageTally): string[] {
  const messages: string[] = [];
  if (view.status === 'cancelled')
    messages.push('Partial results: the job was cancelled before it finished.');
  if (view.status === 'failed') {
    const reason = view.failureReason?.replace(/\.$/, '') ?? 'for an unknown reason';
    messages.push(`Partial results: the job failed (${reason}).`);
  }
  if (view.stoppedBy !== null) messages.push(stopSentence(view, view.stoppedBy));
  const failed = total(pages.failed);
  const skipped = total(pages.skipped);
  messages.push(
    pages.processed + failed + skipped === 0
      ? 'No pages were crawled.'
      : `${counted(pages.processed, 'page')} processed.`,
  );
  if (failed > 0) messages.push(outcomeSentence('failed', pages.failed));
  if (skipped > 0) messages.push(outcomeSentence('skipped', pages.skipped));
  messages.push(
    view.leadsFound === 0 ? 'No leads found.' : `${counted(view.leadsFound, 'lead')} found.`,
  );
  return messages;
}
