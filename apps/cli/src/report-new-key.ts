import { DataSource } from 'typeorm';
import { waitForProjection } from '@quarry/projection-engine';
import type { CliContext } from './cli-context';

/**
 * Prints a key that was just created (the only time its secret is shown),
 * after waiting briefly for a worker to make it usable.
 */
export async function reportNewKey(
  context: CliContext,
  key: { keyId: string; secret: string; position: bigint },
  output: { json?: boolean; fields: Record<string, unknown>; lines: string[] },
): Promise<void> {
  const usable = await waitForProjection(
    context.app.get(DataSource),
    'api_keys',
    key.position,
    5000,
  );
  if (output.json) {
    process.stdout.write(
      `${JSON.stringify({ ...output.fields, key_id: key.keyId, api_key: key.secret, usable })}\n`,
    );
    return;
  }
  process.stdout.write(
    `${[...output.lines, `API key ${key.keyId}: ${key.secret}`, '(shown once; store it now)'].join('\n')}\n`,
  );
  if (!usable)
    process.stdout.write(
      'Note: no worker has applied the key yet; it works once a Quarry worker runs.\n',
    );
}
