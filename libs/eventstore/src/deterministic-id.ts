import { v5 as uuidv5 } from 'uuid';

/** Namespace of Quarry's name-based uuids. */
const QUARRY_NAMESPACE = '6f1d3c2a-8e55-4d4e-9a39-2b1f0c7d9e11';

/**
 * The same inputs always give the same uuid: an id derived from the causing
 * event and the step makes a redelivered message append nothing new.
 */
export function deterministicId(...parts: readonly (string | number | bigint)[]): string {
  return uuidv5(parts.map(String).join('\u001f'), QUARRY_NAMESPACE);
}
