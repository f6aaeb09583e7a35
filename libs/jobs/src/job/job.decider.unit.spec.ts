import type { QuarryError } from '@quarry/errors';
import type { JobCommand } from './job.commands';
import { decideJob, evolveJob, initialJobState } from './job.decider';
import type { JobState } from './job.decider';
import type { JobEvent, LeadRecord, PageRecord } from './job.events';

const now = new Date('2026-11-24T10:00:00Z');
const jobId = 'job_1';

const submit: JobCommand = {
  type: 'SubmitJob',
  data: {
    jobId,
    orgId: 'org_1',
    jobType: 'bulk',
    urls: ['https://a.example/', 'https://b.example/'],
    options: {
      depth: 2,
      extractEmails: true,
      extractPhones: true,
      extractSocial: true,
      qualifyLeads: true,
      maxPages: 3,
    },
    maxCredits: null,
    externalUserId: null,
    webhookUrl: null,
    creditsReserved: 6,
    creditsPerPage: 2,
    estimatedCompletion: new Date('2026-11-24T10:01:00Z'),
    now,
  },
};

function given(...commands: JobCommand[]): JobState {
  return commands.reduce(
    (state, command) => decideJob(command, state).reduce(evolveJob, state),
    initialJobState,
  );
}

const page = (url: string, outcome: PageRecord['outcome'] = 'processed'): PageRecord => ({
  url,
  depth: 1,
  outcome,
  reason: outcome === 'processed' ? null : 'http_status',
  status: outcome === 'processed' ? 200 : 404,
  links: [],
});
const lead = (key: string, sourceUrl: string): LeadRecord => ({
  leadId: `lead_${key}`,
  key,
  sourceUrl,
  email: key,
  phone: null,
  name: null,
  title: null,
  companyName: null,
  socials: [],
  score: 50,
  status: 'warm',
  signals: [],
  notes: 'A business address.',
});
const record = (pages: PageRecord[], leads: LeadRecord[] = []): JobCommand => ({
  type: 'RecordPages',
  data: { jobId, pages, leads, now },
});
const start: JobCommand = { type: 'StartJob', data: { jobId, now } };
const pagesOf = (events: JobEvent[]) =>
  events.flatMap((e) => (e.type === 'PagesProcessed' ? e.data.pages : []));

describe('job decider', () => {
  it('submits once; a retried submission records nothing more', () => {
    const events = decideJob(submit, initialJobState);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'JobSubmitted', data: { jobId, creditsReserved: 6 } });
    expect(decideJob(submit, given(submit))).toEqual([]);
  });

  it('starts a queued job once; starting again (a resumed crawl) changes nothing', () => {
    expect(decideJob(start, given(submit))).toMatchObject([{ type: 'JobStarted' }]);
    expect(decideJob(start, given(submit, start))).toEqual([]);
  });

  it('charges processed pages once, failed pages never, and never beyond the reservation', () => {
    const state = given(submit, start, record([page('https://a.example/')]));
    expect(state.creditsUsed).toBe(2);
    const events = decideJob(
      record([
        page('https://a.example/'), // recorded before: a resumed crawl fetched it again
        page('https://b.example/'),
        page('https://a.example/x', 'failed'),
        page('https://a.example/y'),
        page('https://a.example/z'), // beyond 6 credits
      ]),
      state,
    );
    expect(pagesOf(events).map((p) => [p.url, p.outcome, p.reason])).toEqual([
      ['https://b.example/', 'processed', null],
      ['https://a.example/x', 'failed', 'http_status'],
      ['https://a.example/y', 'processed', null],
      ['https://a.example/z', 'failed', 'budget_exhausted'],
    ]);
    expect(events[0]).toMatchObject({ data: { creditsUsed: 6 } });
  });

  it('keeps one lead per contact per job, and none from pages it did not charge', () => {
    const state = given(
      submit,
      start,
      record([page('https://a.example/')], [lead('x@a.example', 'https://a.example/')]),
    );
    const events = decideJob(
      record(
        [page('https://b.example/'), page('https://c.example/', 'failed')],
        [
          lead('x@a.example', 'https://b.example/'),
          lead('y@b.example', 'https://b.example/'),
          lead('y@b.example', 'https://b.example/'),
          lead('z@c.example', 'https://c.example/'),
        ],
      ),
      state,
    );
    expect(
      events.flatMap((e) => (e.type === 'PagesProcessed' ? e.data.leads : [])).map((l) => l.key),
    ).toEqual(['y@b.example']);
  });

  it('ends once: complete, fail or cancel; cancelling a finished job is a conflict', () => {
    const running = given(submit, start);
    const complete: JobCommand = { type: 'CompleteJob', data: { jobId, stoppedBy: null, now } };
    const cancel: JobCommand = { type: 'CancelJob', data: { jobId, now } };
    expect(decideJob(complete, running)).toMatchObject([
      { type: 'JobCompleted', data: { creditsUsed: 0 } },
    ]);
    expect(decideJob(complete, given(submit, start, complete))).toEqual([]);
    expect(() => decideJob(cancel, given(submit, start, complete))).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: 'Job job_1 is already completed',
      }) as QuarryError,
    );
    expect(decideJob(cancel, given(submit))).toMatchObject([{ type: 'JobCancelled' }]);
    expect(() => decideJob(record([page('https://a.example/')]), given(submit, cancel))).toThrow(
      expect.objectContaining({ code: 'conflict' }) as QuarryError,
    );
  });

  it('refuses pages before the job started and commands for unknown jobs', () => {
    expect(() => decideJob(record([page('https://a.example/')]), given(submit))).toThrow(
      expect.objectContaining({ code: 'conflict' }) as QuarryError,
    );
    expect(() => decideJob(start, initialJobState)).toThrow(
      expect.objectContaining({ code: 'not_found' }) as QuarryError,
    );
  });
});
