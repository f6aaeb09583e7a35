import type { DataSource } from 'typeorm';
import { ThreadGroup } from '@quarry/coordination';
import { CHECKPOINTS_TOPIC, waitForProjection } from '@quarry/projection-engine';
import type { CheckpointNotice } from '@quarry/projection-engine';
import { createTestDatabase, schemaDataSource, type TestDatabase } from '../../../../test/harness';
import { WorkerCheckpoints } from './worker-checkpoints';

describe("read-your-writes waits and the worker thread's checkpoints", () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await schemaDataSource(db.url);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it("answers a wait as soon as the worker thread's runner reports the position", async () => {
    const group = new ThreadGroup();
    const checkpoints = new WorkerCheckpoints(group, dataSource);
    checkpoints.onModuleInit();
    const workerThread = group.channel<CheckpointNotice>(CHECKPOINTS_TOPIC);
    try {
      // No build of this projection exists, so polling the checkpoint row could never answer.
      const waited = waitForProjection(dataSource, 'reported_only', 5n, 3000);
      workerThread.post({ projection: 'reported_only', position: 4n });
      workerThread.post({ projection: 'another', position: 9n });
      workerThread.post({ projection: 'reported_only', position: 7n });
      await expect(waited).resolves.toBe(true);
      // A notice below the position waited for answers nobody.
      const later = waitForProjection(dataSource, 'reported_only', 20n, 300);
      workerThread.post({ projection: 'reported_only', position: 19n });
      await expect(later).resolves.toBe(false);
    } finally {
      workerThread.close();
      checkpoints.onModuleDestroy();
    }
  });
});
