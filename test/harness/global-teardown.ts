import { Client } from 'pg';

/** Drops the template and any database of this run that a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.QUARRY_TEST_SERVER_URL;
  const runId = process.env.QUARRY_TEST_RUN_ID;
  if (serverUrl && runId) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`quarry\\_%\\_${runId}%`],
      );
      for (const { datname } of rows)
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const embedded = (globalThis as { __quarryEmbedded?: { stop(): Promise<void> } })
    .__quarryEmbedded;
  await embedded?.stop();
}
