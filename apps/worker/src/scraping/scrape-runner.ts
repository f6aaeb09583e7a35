import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { QuarryConfig } from '@quarry/config';
import { Crawler } from '@quarry/crawler';
import { PooledQueries } from '@quarry/database';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { RuleBasedQualifier } from '@quarry/extraction';
import { JobEndings, JobLeases } from '@quarry/jobs';
import { scrapeJob } from './scrape-job';

const IDLE_POLL_MS = 500;

/**
 * The scraping saga's worker side: claims queued (or abandoned) jobs by
 * lease, crawls up to SCRAPER_JOBS_PER_WORKER at once, renews each lease
 * while it works. A worker that dies stops renewing; another one resumes its
 * jobs from their events once the lease runs out.
 */
@Injectable()
export class ScrapeRunner implements OnApplicationShutdown {
  private readonly logger = new Logger(ScrapeRunner.name);
  private readonly workerId = `worker-${randomUUID()}`;
  private readonly leases: JobLeases;
  private readonly crawler: Crawler;
  private readonly qualifier = new RuleBasedQualifier();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    reads: PooledQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: QuarryConfig,
    private readonly endings: JobEndings,
  ) {
    this.leases = new JobLeases(reads, this.workerId);
    this.crawler = new Crawler({
      botVersion: '0.1',
      botInfoUrl: `${config.PUBLIC_BASE_URL ?? 'https://quarry.dev'}/bot`,
      allowPrivateNetworks: config.SCRAPER_ALLOW_PRIVATE_NETWORKS,
      delayMs: config.SCRAPER_DELAY_MS,
    });
  }

  /** After the supervisor stopped every job (beforeApplicationShutdown): close the connections. */
  async onApplicationShutdown(): Promise<void> {
    await this.crawler.close();
  }

  async run(signal: AbortSignal): Promise<void> {
    const slots = this.config.SCRAPER_JOBS_PER_WORKER;
    if (slots === 0) return;
    while (!signal.aborted) {
      try {
        const free = slots - this.running.size;
        const now = this.clock.now();
        const candidates = free > 0 ? await this.leases.claimable(now, free * 2) : [];
        for (const jobId of candidates) {
          if (this.running.size >= slots || this.running.has(jobId)) continue;
          if (!(await this.leases.claim(jobId, now, this.leaseUntil()))) continue;
          const work = this.work(jobId, signal).finally(() => this.running.delete(jobId));
          this.running.set(jobId, work);
        }
      } catch (error) {
        this.logger.warn(`claiming jobs: ${String(error)}`);
      }
      await sleep(IDLE_POLL_MS, undefined, { signal }).catch(() => undefined);
    }
    await Promise.allSettled(this.running.values());
  }

  private leaseUntil(): Date {
    return new Date(this.clock.now().getTime() + this.config.SCRAPER_LEASE_MS);
  }

  private async work(jobId: string, signal: AbortSignal): Promise<void> {
    const lost = new AbortController();
    const renew = setInterval(() => {
      this.leases.renew(jobId, this.leaseUntil()).then(
        (held) => held || lost.abort(),
        () => undefined,
      );
    }, this.config.SCRAPER_LEASE_MS / 3);
    // Cancelled from the API: stop fetching at once instead of at the next recorded batch.
    const ended = new AbortController();
    const done = new AbortController();
    void this.endings.wait(jobId, 2 ** 31 - 1, done.signal).then(() => {
      if (!done.signal.aborted) ended.abort();
    });
    try {
      const outcome = await scrapeJob(
        jobId,
        {
          store: this.store,
          clock: this.clock,
          crawler: this.crawler,
          qualifier: this.qualifier,
          metadata: { actor: `system:${this.workerId}` },
        },
        AbortSignal.any([signal, lost.signal, ended.signal]),
      );
      if (outcome === 'ended') await this.endings.publish(jobId);
      if (outcome === 'ended' || ended.signal.aborted) await this.leases.release(jobId);
    } catch (error) {
      // The lease runs out and the job is resumed, by this worker or another.
      this.logger.error(`job ${jobId}: ${String(error)}`);
    } finally {
      done.abort();
      clearInterval(renew);
    }
  }
}
