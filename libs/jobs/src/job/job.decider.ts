/**
 * A scrape job: stream `job-{id}`. Submitted with its worst case reserved
 * (reservation `jobId` of the org's ledger), started by the worker that
 * claims it, then pages are recorded in batches — each processed page costs
 * `creditsPerPage`, never beyond the reservation, and a page recorded twice
 * (a resumed crawl) costs nothing twice — until it completes, fails or is
 * cancelled, once. Settlement follows the terminal event (a process manager).
 */
import { QuarryError } from '@quarry/errors';
import type { Decider } from '@quarry/eventstore';
import type { JobCommand } from './job.commands';
import { TERMINAL_STATUSES } from './job.events';
import type { JobEvent, JobStatus, LeadRecord, PageRecord } from './job.events';

export const jobStream = (jobId: string) => `job-${jobId}`;

export interface JobState {
  readonly exists: boolean;
  readonly orgId: string;
  readonly status: JobStatus;
  readonly creditsReserved: number;
  readonly creditsPerPage: number;
  readonly creditsUsed: number;
  /** URLs already recorded, in any outcome. */
  readonly pages: ReadonlySet<string>;
  /** Contact keys already found: one lead per contact per job. */
  readonly leadKeys: ReadonlySet<string>;
}

export const initialJobState: JobState = {
  exists: false,
  orgId: '',
  status: 'queued',
  creditsReserved: 0,
  creditsPerPage: 0,
  creditsUsed: 0,
  pages: new Set(),
  leadKeys: new Set(),
};

const notFound = (jobId: string) => new QuarryError('not_found', `Job ${jobId} not found`);

function alreadyTerminal(jobId: string, status: JobStatus): QuarryError {
  return new QuarryError('conflict', `Job ${jobId} is already ${status}`, [
    { code: `job_${status}`, message: `Job ${jobId} is already ${status}` },
  ]);
}

export function decideJob(command: JobCommand, state: JobState): JobEvent[] {
  const { jobId } = command.data;
  if (command.type === 'SubmitJob') {
    // The same submission again (a retry after a crash between ledger and job) is done.
    if (state.exists) return [];
    const { now, estimatedCompletion, ...data } = command.data;
    return [
      {
        type: 'JobSubmitted',
        data: {
          ...data,
          submittedAt: now.toISOString(),
          estimatedCompletion: estimatedCompletion.toISOString(),
        },
      },
    ];
  }
  if (!state.exists) throw notFound(jobId);
  const base = { jobId, orgId: state.orgId };
  const terminal = TERMINAL_STATUSES.includes(state.status);
  switch (command.type) {
    case 'StartJob':
      // A worker resuming a job it (or a dead worker) started carries on.
      if (state.status !== 'queued') {
        if (terminal) throw alreadyTerminal(jobId, state.status);
        return [];
      }
      return [{ type: 'JobStarted', data: { ...base, startedAt: command.data.now.toISOString() } }];
    case 'RecordPages': {
      if (terminal) throw alreadyTerminal(jobId, state.status);
      if (state.status !== 'processing')
        throw new QuarryError('conflict', `Job ${jobId} has not started`);
      const seen = new Set<string>();
      const pages: PageRecord[] = [];
      let creditsUsed = state.creditsUsed;
      const charged = new Set<string>();
      for (const page of command.data.pages) {
        if (state.pages.has(page.url) || seen.has(page.url)) continue;
        seen.add(page.url);
        if (page.outcome !== 'processed') {
          pages.push(page);
          continue;
        }
        // Beyond the reservation nothing is charged; the page is recorded as not processed.
        if (creditsUsed + state.creditsPerPage > state.creditsReserved) {
          pages.push({ ...page, outcome: 'failed', reason: 'budget_exhausted', links: [] });
          continue;
        }
        creditsUsed += state.creditsPerPage;
        charged.add(page.url);
        pages.push(page);
      }
      const keys = new Set<string>();
      const leads: LeadRecord[] = command.data.leads.filter((lead) => {
        if (!charged.has(lead.sourceUrl) || state.leadKeys.has(lead.key) || keys.has(lead.key))
          return false;
        keys.add(lead.key);
        return true;
      });
      if (pages.length === 0) return [];
      return [
        {
          type: 'PagesProcessed',
          data: { ...base, pages, leads, creditsUsed, at: command.data.now.toISOString() },
        },
      ];
    }
    case 'CompleteJob':
      if (state.status === 'completed') return [];
      if (terminal) throw alreadyTerminal(jobId, state.status);
      return [
        {
          type: 'JobCompleted',
          data: {
            ...base,
            creditsUsed: state.creditsUsed,
            completedAt: command.data.now.toISOString(),
            stoppedBy: command.data.stoppedBy,
          },
        },
      ];
    case 'FailJob':
      if (state.status === 'failed') return [];
      if (terminal) throw alreadyTerminal(jobId, state.status);
      return [
        {
          type: 'JobFailed',
          data: {
            ...base,
            creditsUsed: state.creditsUsed,
            failedAt: command.data.now.toISOString(),
            reason: command.data.reason,
          },
        },
      ];
    case 'CancelJob':
      if (terminal) throw alreadyTerminal(jobId, state.status);
      return [
        {
          type: 'JobCancelled',
          data: {
            ...base,
            creditsUsed: state.creditsUsed,
            cancelledAt: command.data.now.toISOString(),
          },
        },
      ];
  }
}

export function evolveJob(state: JobState, event: JobEvent): JobState {
  switch (event.type) {
    case 'JobSubmitted':
      return {
        ...state,
        exists: true,
        orgId: event.data.orgId,
        status: 'queued',
        creditsReserved: event.data.creditsReserved,
        creditsPerPage: event.data.creditsPerPage,
      };
    case 'JobStarted':
      return { ...state, status: 'processing' };
    case 'PagesProcessed': {
      const pages = new Set(state.pages);
      for (const page of event.data.pages) pages.add(page.url);
      const leadKeys = new Set(state.leadKeys);
      for (const lead of event.data.leads) leadKeys.add(lead.key);
      return { ...state, pages, leadKeys, creditsUsed: event.data.creditsUsed };
    }
    case 'JobCompleted':
      return { ...state, status: 'completed' };
    case 'JobFailed':
      return { ...state, status: 'failed' };
    case 'JobCancelled':
      return { ...state, status: 'cancelled' };
  }
}

export const jobDecider: Decider<JobCommand, JobEvent, JobState> = {
  initialState: initialJobState,
  decide: decideJob,
  evolve: evolveJob,
};
