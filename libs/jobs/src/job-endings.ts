import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { QuarryConfig } from '@quarry/config';
import { REDIS, subscribeToChannel, THREAD_GROUP } from '@quarry/coordination';
import type { ThreadChannel, ThreadGroup } from '@quarry/coordination';

/**
 * "Job X ended", from whoever appended the terminal event to whoever holds
 * a long poll on it: through Redis pub/sub across instances, in process
 * without Redis (to this process's other threads too: the worker thread
 * ends jobs, the API thread holds the polls). A lost message costs only
 * latency: long polls also re-read the job on a slow timer.
 */
@Injectable()
export class JobEndings implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(JobEndings.name);
  private readonly local = new EventEmitter().setMaxListeners(0);
  private subscriber: Redis | undefined;
  private threads: ThreadChannel<string> | undefined;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(THREAD_GROUP) private readonly threadGroup: ThreadGroup | null,
    config: QuarryConfig,
  ) {
    this.channel = `${config.REDIS_KEY_PREFIX}jobs:ended`;
  }

  onModuleInit(): void {
    if (!this.redis) {
      this.threads = this.threadGroup?.channel<string>('jobs-ended', (jobId) =>
        this.local.emit(jobId),
      );
      return;
    }
    this.subscriber = subscribeToChannel(this.redis, this.channel, {
      onMessage: (jobId) => this.local.emit(jobId),
      warn: (line) => this.logger.warn(`job endings (long polls fall back to polling): ${line}`),
    });
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
    this.threads?.close();
  }

  async publish(jobId: string): Promise<void> {
    if (!this.redis) {
      this.local.emit(jobId);
      this.threads?.post(jobId);
      return;
    }
    await this.redis.publish(this.channel, jobId).catch((error: unknown) => {
      this.logger.warn(`job ending not published: ${String(error)}`);
      this.local.emit(jobId);
    });
  }

  /** Resolves when `jobId` is announced as ended, after `ms`, or on abort; never rejects. */
  wait(jobId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.local.off(jobId, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.local.once(jobId, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
