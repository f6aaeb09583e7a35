import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server of the test's own, in a child process, that the test can stop and start. */
export class EmbeddedServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async create(): Promise<EmbeddedServer> {
    const dir = await mkdtemp(join(tmpdir(), 'quarry-pg-'));
    const child = fork(join(__dirname, '..', 'fixtures', 'embedded-postgres-control.ts'), [], {
      execArgv: ['-r', '@swc-node/register'],
      env: { ...process.env, EMBEDDED_PG_DIR: dir },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return new EmbeddedServer(child, dir);
  }

  start(): Promise<string> {
    return this.ask<{ url: string }>('start').then((r) => r.url);
  }

  async stop(): Promise<void> {
    await this.ask('stop');
  }

  async dispose(): Promise<void> {
    await this.stop().catch(() => undefined);
    this.child.disconnect();
    await new Promise((resolve) => this.child.once('exit', resolve));
    await rm(this.dir, { recursive: true, force: true });
  }

  private ask<T>(cmd: 'start' | 'stop'): Promise<T> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (reply: T & { error?: string }) =>
        reply.error ? reject(new Error(reply.error)) : resolve(reply),
      );
      this.child.send({ cmd });
    });
  }
}
