import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { THREAD_GROUP } from '@quarry/coordination';
import type { ThreadChannel, ThreadGroup } from '@quarry/coordination';
import { checkpointAdvanced, CHECKPOINTS_TOPIC } from '@quarry/projection-engine';
import type { CheckpointNotice } from '@quarry/projection-engine';

/**
 * With the worker on a thread of its own, its projections' commits reach
 * this thread's read-your-writes waits as they happen, as they would in one
 * thread; without it, a wait learns of them by polling the checkpoint row.
 */
@Injectable()
export class WorkerCheckpoints implements OnModuleInit, OnModuleDestroy {
  private channel: ThreadChannel<CheckpointNotice> | undefined;

  constructor(
    @Inject(THREAD_GROUP) private readonly threadGroup: ThreadGroup | null,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.channel = this.threadGroup?.channel<CheckpointNotice>(
      CHECKPOINTS_TOPIC,
      ({ projection, position }) => checkpointAdvanced(this.dataSource, projection, position),
    );
  }

  onModuleDestroy(): void {
    this.channel?.close();
  }
}
