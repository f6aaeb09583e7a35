import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A value COPY can take: JSON objects and arrays go to json/jsonb columns. */
export type CopyValue = string | number | bigint | boolean | Date | null | object;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One field in COPY's text format. */
export function encodeCopyValue(value: CopyValue): string {
  if (value === null) return '\\N';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]);
}

export function encodeCopyRows(rows: readonly (readonly CopyValue[])[]): string {
  let out = '';
  for (const row of rows) out += `${row.map(encodeCopyValue).join('\t')}\n`;
  return out;
}

/**
 * Bulk insert through COPY on the batch transaction's own connection: several
 * times faster than parameterised inserts, which matters for rebuilds.
 */
export async function copyRows(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (!manager.queryRunner) throw new Error('copyRows needs the batch transaction');
  const client = (await manager.queryRunner.connect()) as PoolClient;
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([encodeCopyRows(rows)]), sink);
}
