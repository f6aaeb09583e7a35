import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { waitForProjection } from '@quarry/projection-engine';

/** Projections an organization's hot writes land in without the write waiting for them. */
export type OrganizationReadModel = 'jobs' | 'ledger';

const WAIT_MS = 2000;
/** Organizations remembered at once; the oldest mark goes first (it has long been projected). */
const MAX_MARKS = 10_000;

/**
 * Read-your-writes without holding up the write: `POST /v1/scrape` answers
 * as soon as its events are stored and notes their positions here; the next
 * list or balance read of that organization waits (bounded) until the
 * projection has applied them. Marks live in this process: a client whose
 * next read reaches another API instance may see it a few milliseconds late.
 */
@Injectable()
export class ReadYourWrites {
  private readonly marks = new Map<string, bigint>();

  constructor(private readonly dataSource: DataSource) {}

  wrote(orgId: string, readModel: OrganizationReadModel, position: bigint): void {
    const key = `${readModel}:${orgId}`;
    const previous = this.marks.get(key);
    this.marks.delete(key);
    if (this.marks.size >= MAX_MARKS) this.marks.delete(this.marks.keys().next().value!);
    this.marks.set(key, previous !== undefined && previous > position ? previous : position);
  }

  /** Resolves once `readModel` shows every write this instance noted for the organization. */
  async caughtUp(orgId: string, readModel: OrganizationReadModel): Promise<void> {
    const key = `${readModel}:${orgId}`;
    const position = this.marks.get(key);
    if (position === undefined) return;
    const reached = await waitForProjection(this.dataSource, readModel, position, WAIT_MS);
    // Forget a mark once it is projected, unless a newer write replaced it meanwhile.
    if (reached && this.marks.get(key) === position) this.marks.delete(key);
  }
}
