import { fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { PostgresEventStore } from '@quarry/eventstore';
import { createTestDatabase, type TestDatabase } from '../../../test/harness';

/** Runs the saga in a real child process so it can be killed with SIGKILL mid-flight. */
function startWorker(url: string, crash?: 'before-command' | 'after-command') {
  const child = fork(require.resolve('../../../test/fixtures/process-manager-child.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, TEST_DATABASE_URL: url, CRASH: crash ?? '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, exited };
}

describe('process manager runner', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    store = new PostgresEventStore(new Pool({ connectionString: db.url, max: 4 }));
  });

  afterAll(async () => {
    await store.close();
    await pool.end();
    await db.drop();
  });

  const pongs = async (ping: string) => {
    const events = [];
    for await (const e of store.readStream(`pong-${ping}`)) events.push(e);
    return events;
  };
  const checkpoint = async () =>
    BigInt(
      (
        await pool.query<{ position: string }>(
          `SELECT position FROM process_manager_checkpoints WHERE name = 'ping_pong'`,
        )
      ).rows[0]?.position ?? -1,
    );

  async function restartUntilProcessed(position: bigint) {
    const worker = startWorker(db.url);
    const deadline = Date.now() + 30_000;
    while ((await checkpoint()) < position) {
      if (Date.now() > deadline) throw new Error('restarted worker did not catch up');
      await sleep(50);
    }
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  }

  it.each(['before-command', 'after-command'] as const)(
    'runs the command exactly once when the process is killed %s and restarted',
    async (crashPoint) => {
      const ping = `ping-${crashPoint}`;
      const { position } = await store.append(ping, [{ type: 'PingReceived', data: {} }], {
        expectedRevision: 'no_stream',
      });

      const crashed = startWorker(db.url, crashPoint);
      expect(await crashed.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(await checkpoint()).toBeLessThan(position);
      expect(await pongs(ping)).toHaveLength(crashPoint === 'after-command' ? 1 : 0);

      await restartUntilProcessed(position);
      const after = await pongs(ping);
      expect(after).toHaveLength(1);
      expect(after[0].metadata.causationId).toBeDefined();
    },
  );
});
