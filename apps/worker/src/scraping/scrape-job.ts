import { Logger } from '@nestjs/common';
import type { Clock } from '@quarry/clock';
import type { Crawler, CrawledPage } from '@quarry/crawler';
import { QuarryError } from '@quarry/errors';
import { decideAndAppend } from '@quarry/eventstore';
import type { EventStore, EventMetadata } from '@quarry/eventstore';
import { extractPage } from '@quarry/extraction';
import type { LeadQualifier } from '@quarry/extraction';
import { jobDecider, jobStream, leadsOfPage } from '@quarry/jobs';
import type { JobCommand, JobEvent, JobState, LeadRecord, PageRecord } from '@quarry/jobs';

/** Pages per recorded batch, and the longest a processed page waits to be recorded. */
const BATCH_PAGES = 10;
const BATCH_MS = 1000;

type Submitted = Extract<JobEvent, { type: 'JobSubmitted' }>['data'];

export interface ScrapeJobDeps {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly crawler: Crawler;
  readonly qualifier: LeadQualifier;
  readonly metadata: EventMetadata;
}

/**
 * Runs one job to its end, resuming from its own events: the pages already
 * recorded are neither fetched nor charged again. Progress is recorded in
 * batches; the job completes (settled by the settlement saga), stops at its
 * budget, or fails. A cancel recorded meanwhile stops the crawl. Returns
 * whether the job ended (false: given up to another worker).
 */
export async function scrapeJob(
  jobId: string,
  deps: ScrapeJobDeps,
  signal: AbortSignal,
): Promise<'ended' | 'stopped'> {
  const logger = new Logger('ScrapeJob');
  const { store, clock, metadata } = deps;
  let state: JobState = jobDecider.initialState;
  let submitted: Submitted | undefined;
  const visited: PageRecord[] = [];
  for await (const batch of store.readStreamBatches(jobStream(jobId))) {
    for (const recorded of batch) {
      const event = { type: recorded.type, data: recorded.data } as JobEvent;
      state = jobDecider.evolve(state, event);
      if (event.type === 'JobSubmitted') submitted = event.data;
      if (event.type === 'PagesProcessed') visited.push(...event.data.pages);
    }
  }
  if (!submitted || ['completed', 'failed', 'cancelled'].includes(state.status)) return 'ended';
  const job = submitted;

  const decide = async (command: JobCommand): Promise<JobEvent[]> => {
    const result = await decideAndAppend(store, jobStream(jobId), jobDecider, command, {
      metadata,
      retryOnConflict: true,
    });
    for (const event of result.events) state = jobDecider.evolve(state, event);
    return result.events;
  };
  await decide({ type: 'StartJob', data: { jobId, now: clock.now() } });

  const crawl = new AbortController();
  const stop = AbortSignal.any([signal, crawl.signal]);
  let pages: PageRecord[] = [];
  let leads: LeadRecord[] = [];
  let firstPendingAt = 0;
  let stoppedBy: string | null = null;
  let ended = false;

  const record = async () => {
    if (pages.length === 0) return;
    const batch = { pages, leads };
    pages = [];
    leads = [];
    try {
      await decide({ type: 'RecordPages', data: { jobId, ...batch, now: clock.now() } });
    } catch (error) {
      // Cancelled (or ended elsewhere) meanwhile: what was found before stays, the rest stops.
      if (error instanceof QuarryError && error.code === 'conflict') {
        ended = true;
        crawl.abort();
        return;
      }
      throw error;
    }
    if (state.creditsUsed + state.creditsPerPage > state.creditsReserved) {
      stoppedBy = 'max_credits';
      crawl.abort();
    }
  };

  // Batches are recorded one at a time: by page count, or by a timer so that counters move
  // while slow pages load.
  let recording: Promise<void> = Promise.resolve();
  const flush = () => (recording = recording.then(record));
  const timer = setInterval(() => {
    if (pages.length > 0 && Date.now() - firstPendingAt >= BATCH_MS)
      void flush().catch(() => undefined);
  }, BATCH_MS / 4);

  const onPage = async (page: CrawledPage) => {
    pages.push({
      url: page.url,
      depth: page.depth,
      outcome: page.outcome,
      reason: page.reason ?? null,
      status: page.status ?? null,
      links: page.links,
    });
    if (page.outcome === 'processed' && page.body) {
      const extraction = extractPage({
        html: page.body,
        url: page.finalUrl,
        contentType: page.contentType,
      });
      leads.push(...leadsOfPage(jobId, page.finalUrl, extraction, job.options, deps.qualifier));
    }
    if (pages.length === 1) firstPendingAt = Date.now();
    if (pages.length >= BATCH_PAGES || Date.now() - firstPendingAt >= BATCH_MS) await flush();
  };

  try {
    return await crawlToTheEnd();
  } finally {
    clearInterval(timer);
  }

  async function crawlToTheEnd(): Promise<'ended' | 'stopped'> {
    try {
      const summary = await deps.crawler.crawl(
        {
          seeds: job.urls,
          mode: job.jobType === 'sitemap' ? 'sitemap' : 'links',
          depth: job.options.depth,
          maxPages: job.options.maxPages,
          alreadyVisited: visited.map((p) => ({
            url: p.url,
            depth: p.depth,
            links: p.links,
            outcome: p.outcome,
          })),
        },
        { signal: stop, onPage },
      );
      if (summary.stopReason === 'max_pages') stoppedBy ??= 'max_pages';
    } catch (error) {
      if (signal.aborted) return 'stopped';
      // Stopped on purpose (budget reached, or cancelled) is not a failure: keep what was found.
      if (!crawl.signal.aborted) {
        logger.error(`job ${jobId} failed: ${String(error)}`);
        await decide({
          type: 'FailJob',
          data: { jobId, reason: 'internal_error', now: clock.now() },
        });
        return 'ended';
      }
    }
    // What was found is recorded even when this worker stops: less to fetch again on resume.
    await flush();
    if (ended) return 'ended';
    if (signal.aborted && stoppedBy === null) return 'stopped';
    await decide({ type: 'CompleteJob', data: { jobId, stoppedBy, now: clock.now() } }).catch(
      (error: unknown) => {
        // Cancelled between the last batch and completion: the cancel stands.
        if (!(error instanceof QuarryError && error.code === 'conflict')) throw error;
      },
    );
    return 'ended';
  }
}
