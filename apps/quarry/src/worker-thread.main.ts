import 'reflect-metadata';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@quarry/config';
import { ThreadGroup } from '@quarry/coordination';
import { QuarryMetrics } from '@quarry/observability';
import { quarryModule } from './quarry-app';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './worker-thread';

/** About a tenth of a core's time against a busy API thread (CFS weights 110 to 1024). */
const WORKER_THREAD_NICE = 10;

// The worker thread of a QUARRY_ROLE=all process (see WorkerThread): no HTTP server of its own;
// its health is the process's, its metrics are scraped through the main thread.
async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const data = workerData as WorkerThreadData;
  yieldToTheApi();
  const send = (message: FromWorkerThread) => port.postMessage(message);
  const app = await NestFactory.createApplicationContext(
    quarryModule({
      config: loadConfig({ ...data.env, QUARRY_ROLE: 'worker' }),
      databaseUrl: data.databaseUrl,
      pepper: data.pepper,
      role: 'worker',
      http: false,
      threadGroup: new ThreadGroup(data.group),
      // Process-wide metrics (CPU, memory) are the main thread's to report, once.
      metrics: new QuarryMetrics({ defaultMetrics: false }),
    }),
    // A failure to start is reported to the main thread (below), not a process.exit from Nest.
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  await app.init();
  port.on('message', (message: ToWorkerThread) => {
    switch (message.type) {
      case 'metrics':
        // A failed collection must not crash the thread: the scrape goes on without its counts.
        void app
          .get(QuarryMetrics)
          .registry.getMetricsAsJSON()
          .catch(() => [])
          .then((metrics) => send({ type: 'metrics', id: message.id, metrics }));
        return;
      case 'close':
        void app.close().then(() => send({ type: 'closed' }));
        return;
    }
  });
  send({ type: 'ready' });
}

/**
 * On Linux, a thread has a nice value of its own: this one's makes the API's
 * thread win whenever both want a core, so a burst of projection batches or
 * extraction waits instead of a request. Best effort: elsewhere, equal.
 */
function yieldToTheApi(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId)) setPriority(threadId, WORKER_THREAD_NICE);
  } catch {
    // Not Linux, or not allowed: the threads share the cores evenly.
  }
}

if (parentPort) {
  const port = parentPort;
  main(port).catch((error: unknown) => {
    port.postMessage({
      type: 'failed',
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies FromWorkerThread);
  });
}
