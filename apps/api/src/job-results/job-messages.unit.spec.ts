import type { JobView, PageRecord } from '@quarry/jobs';
import { jobMessages, PageTally } from './job-messages';

const view: JobView = {
  jobId: 'job_00000000000000000001',
  orgId: 'org_00000000000000000001',
  type: 'bulk',
  status: 'completed',
  urls: ['https://acme.example/'],
  depth: 2,
  maxPages: 20,
  qualifyLeads: true,
  processedUrls: 0,
  successfulUrls: 0,
  failedUrls: 0,
  leadsFound: 0,
  creditsReserved: 40,
  creditsUsed: 0,
  maxCredits: null,
  externalUserId: null,
  webhookUrl: null,
  createdAt: '2026-11-24T10:00:00.000Z',
  startedAt: '2026-11-24T10:00:01.000Z',
  completedAt: '2026-11-24T10:00:30.000Z',
  estimatedCompletion: '2026-11-24T10:00:15.000Z',
  stoppedBy: null,
  failureReason: null,
};

type Outcome = Pick<PageRecord, 'outcome' | 'reason'>;
const pages = (...outcomes: [number, Outcome][]) => {
  const tally = new PageTally();
  for (const [n, outcome] of outcomes) for (let i = 0; i < n; i++) tally.add(outcome);
  return tally;
};
const processed: Outcome = { outcome: 'processed', reason: null };
const failed = (reason: string | null): Outcome => ({ outcome: 'failed', reason });
const skipped = (reason: string): Outcome => ({ outcome: 'skipped', reason });

describe('jobMessages', () => {
  it.each<[string, Partial<JobView>, PageTally, string[]]>([
    [
      'a job that found nothing to crawl',
      {},
      pages(),
      ['No pages were crawled.', 'No leads found.'],
    ],
    [
      'a clean crawl',
      { leadsFound: 1 },
      pages([1, processed]),
      ['1 page processed.', '1 lead found.'],
    ],
    [
      'failures by reason, most frequent first, and robots.txt skips',
      { leadsFound: 7 },
      pages(
        [4, processed],
        [1, failed('http_status')],
        [2, failed('timeout')],
        [3, skipped('robots_disallowed')],
      ),
      [
        '4 pages processed.',
        '3 pages failed: 2 timed out, 1 returned an HTTP error status.',
        '3 pages skipped (disallowed by robots.txt).',
        '7 leads found.',
      ],
    ],
    [
      'a reason it does not know yet',
      {},
      pages([1, failed('gremlins')], [1, failed(null)]),
      [
        '0 pages processed.',
        '2 pages failed: 1 with reason gremlins, 1 for an unknown reason.',
        'No leads found.',
      ],
    ],
    [
      'a crawl stopped by its credit cap',
      { stoppedBy: 'max_credits', maxCredits: 10, leadsFound: 2 },
      pages([5, processed], [1, failed('budget_exhausted')]),
      [
        'Stopped at max_credits: the cap of 10 credits was reached before the crawl finished.',
        '5 pages processed.',
        "1 page failed (exceeded the job's credit budget).",
        '2 leads found.',
      ],
    ],
    [
      'a cancelled job',
      { status: 'cancelled', leadsFound: 2 },
      pages([2, processed]),
      [
        'Partial results: the job was cancelled before it finished.',
        '2 pages processed.',
        '2 leads found.',
      ],
    ],
    [
      'a failed job',
      { status: 'failed', failureReason: 'crawler_crashed' },
      pages([1, processed]),
      [
        'Partial results: the job failed (crawler_crashed).',
        '1 page processed.',
        'No leads found.',
      ],
    ],
  ])('%s', (_name, changes, tally, messages) => {
    expect(jobMessages({ ...view, ...changes }, tally)).toEqual(messages);
  });
});
