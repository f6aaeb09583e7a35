import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';

/**
 * Read-your-writes: waits (bounded) until the projection's active generation
 * has applied `position`. Returns false on timeout; the caller decides.
 */
export async function waitForProjection(
  dataSource: DataSource,
  projection: string,
  position: bigint,
  timeoutMs = 5000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 25)) {
    const rows = await dataSource.query<{ position: string }[]>(
      `SELECT position FROM projection_builds WHERE name = $1 AND state = 'active'`,
      [projection],
    );
    if (rows[0] && BigInt(rows[0].position) >= position) return true;
    if (Date.now() >= deadline) return false;
    await sleep(delay);
  }
}
