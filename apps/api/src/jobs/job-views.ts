import { Inject, Injectable } from '@nestjs/common';
import { PooledQueries } from '@quarry/database';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { evolveJobView, jobStream } from '@quarry/jobs';
import type { JobEvent, JobView } from '@quarry/jobs';

const JOB_ID = /^job_[0-9a-z]{20}$/;

/** A job's view for its organization: the read model, or its events when the model lags. */
@Injectable()
export class JobViews {
  constructor(
    private readonly reads: PooledQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async find(orgId: string, jobId: string): Promise<JobView | null> {
    if (!JOB_ID.test(jobId)) return null;
    const [row] = await this.reads.rows<{ view: JobView }>(
      'SELECT view FROM jobs WHERE job_id = $1 AND org_id = $2',
      [jobId, orgId],
    );
    // Read your writes: a job answered 201 a moment ago may not be projected yet.
    return row ? row.view : this.current(orgId, jobId);
  }

  /** Folded from the job's events: current even when the read model lags. */
  async current(orgId: string, jobId: string): Promise<JobView | null> {
    return (await this.currentAt(orgId, jobId))?.view ?? null;
  }

  /** The current view and the position of its last event (read models are current past it). */
  async currentAt(
    orgId: string,
    jobId: string,
  ): Promise<{ view: JobView; position: bigint } | null> {
    let view: JobView | null = null;
    let position = 0n;
    for await (const batch of this.store.readStreamBatches(jobStream(jobId))) {
      for (const e of batch) {
        view = evolveJobView(view, { type: e.type, data: e.data } as JobEvent);
        position = e.position;
      }
    }
    return view && view.orgId === orgId ? { view, position } : null;
  }
}
