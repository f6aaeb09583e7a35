import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MetricsSnapshot } from '@quarry/observability';

/** What the worker thread is started with (structured-cloned: plain data only). */
export interface WorkerThreadData {
  /** The environment the main thread's configuration was read from. */
  readonly env: Record<string, string | undefined>;
  readonly databaseUrl: string;
  readonly pepper: string;
  /** The ThreadGroup id both threads share. */
  readonly group: string;
}

export type ToWorkerThread = { type: 'metrics'; id: number } | { type: 'close' };
export type FromWorkerThread =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'metrics'; id: number; metrics: MetricsSnapshot }
  | { type: 'closed' };

/** The thread's entry, beside this file: compiled JavaScript, or TypeScript under swc-node. */
const ENTRY = join(__dirname, `worker-thread.main${extname(__filename)}`);

/**
 * The worker (projections, process managers, crawling) of a QUARRY_ROLE=all
 * process, on a thread of its own: a burst of projection batches or a page
 * being extracted no longer waits in line with API requests on one event
 * loop. The threads share the database and Redis as separate processes
 * would, plus in-process wake-ups over their ThreadGroup.
 */
export class WorkerThread {
  /** Settles once, when the thread stops, with its exit code. */
  readonly exited: Promise<number>;
  private readonly worker: Worker;
  private readonly pendingMetrics = new Map<number, (metrics: MetricsSnapshot) => void>();
  private nextId = 0;

  private constructor(data: WorkerThreadData) {
    this.worker = new Worker(ENTRY, {
      workerData: data,
      // Inherited by default (V8 flags such as --trace-gc may not be passed explicitly). Under
      // TypeScript without the loader in this thread's flags (jest), the thread gets it alone.
      execArgv:
        ENTRY.endsWith('.ts') && !process.execArgv.includes('@swc-node/register')
          ? ['-r', '@swc-node/register']
          : undefined,
    });
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.on('message', (message: FromWorkerThread) => {
      if (message.type !== 'metrics') return;
      this.pendingMetrics.get(message.id)?.(message.metrics);
      this.pendingMetrics.delete(message.id);
    });
  }

  /** Starts the thread; resolves once its projections and sagas run, rejects if it cannot start. */
  static async start(data: WorkerThreadData): Promise<WorkerThread> {
    const thread = new WorkerThread(data);
    const started = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWorkerThread) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'failed') reject(new Error(`worker thread: ${message.error}`));
      };
      thread.worker.on('message', onMessage);
      thread.worker.once('error', reject);
      void thread.exited.then((code) => reject(new Error(`worker thread exited (${code})`)));
    });
    try {
      await started;
    } catch (error) {
      await thread.worker.terminate();
      throw error;
    }
    return thread;
  }

  /** The thread's metrics, for the main thread's scrape. */
  metrics(timeoutMs = 2000): Promise<MetricsSnapshot> {
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingMetrics.delete(id);
        reject(new Error('worker thread did not answer for its metrics'));
      }, timeoutMs);
      this.pendingMetrics.set(id, (metrics) => {
        clearTimeout(timer);
        resolve(metrics);
      });
      this.worker.postMessage({ type: 'metrics', id } satisfies ToWorkerThread);
    });
  }

  /** Lets the batch, command or page in flight finish, then stops the thread. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) =>
      this.worker.on('message', (message: FromWorkerThread) => {
        if (message.type === 'closed') resolve();
      }),
    );
    this.worker.postMessage({ type: 'close' } satisfies ToWorkerThread);
    // Its connections are closed by then; whatever else is left (a stray timer) goes with it.
    await Promise.race([closed, this.exited]);
    await this.worker.terminate();
  }
}
