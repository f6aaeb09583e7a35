import type { CommandContext } from '@quarry/eventstore';

/** The client stops a job: what was found is kept, the work done is charged, the rest released. */
export class CancelJob {
  constructor(
    readonly input: { readonly jobId: string },
    readonly context: CommandContext,
  ) {}
}
