import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../../test/harness';
import { TEST_PEPPER } from '../../../test/harness/quarry-app';

const MAIN = join(__dirname, 'main.ts');

/** Quarry as a real process: start, serve, and stop on SIGTERM. */
function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => ({ stdout, stderr });
  return { child, exited, output };
}

describe('starting and stopping Quarry', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('refuses to start on bad configuration, naming each bad variable', async () => {
    const quarry = startProcess({ PORT: 'eighty', EVENT_STORE: 'mysql', DATABASE_URL: db.url });
    expect(await quarry.exited).toBe(1);
    const { stderr } = quarry.output();
    expect(stderr).toContain('Invalid configuration:');
    expect(stderr).toContain('PORT="eighty": must be an integer number');
    expect(stderr).toContain(
      'EVENT_STORE="mysql": must be one of the following values: postgres, esdb',
    );
  });

  it('refuses to start with DATABASE_URL but no API_KEY_PEPPER', async () => {
    const quarry = startProcess({ DATABASE_URL: db.url, PORT: '0', API_KEY_PEPPER: '' });
    expect(await quarry.exited).toBe(1);
    expect(quarry.output().stderr).toContain(
      'API_KEY_PEPPER (unset): required when DATABASE_URL is set',
    );
  });

  it('serves until SIGTERM, then stops accepting requests and exits cleanly', async () => {
    const quarry = startProcess({ DATABASE_URL: db.url, API_KEY_PEPPER: TEST_PEPPER, PORT: '0' });
    const deadline = Date.now() + 30_000;
    let base: string | undefined;
    while (!base) {
      if (Date.now() > deadline)
        throw new Error(`did not start: ${JSON.stringify(quarry.output())}`);
      base = /Ready: (http:\/\/[^\s]+)\/health\/ready/.exec(quarry.output().stdout)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    quarry.child.kill('SIGTERM');
    expect(await quarry.exited).toBe(0);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
