import { createHash } from 'node:crypto';
import { canonicalizeEx } from 'json-canonicalize';

/** The `prevHash` of a stream's first ledger event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain fields every ledger event's data carries. */
export interface ChainFields {
  /** 1-based position of the event among the stream's ledger events. */
  readonly sequence: number;
  /** `hash` of the previous event, or {@link GENESIS_HASH} for the first. */
  readonly prevHash: string;
  /** {@link hashLedgerEvent} of this event's type and data without `hash`. */
  readonly hash: string;
}

/**
 * SHA-256 (hex) over the RFC 8785 canonical JSON of `{type, data}`, where
 * `data` holds `sequence` and `prevHash` but not `hash`. Canonical JSON makes
 * the hash independent of key order, so an event read back from the store
 * (JSONB reorders keys) hashes as it did when it was decided. `undefined` is
 * refused rather than dropped: it would not survive the store either.
 */
export function hashLedgerEvent(type: string, dataWithoutHash: object): string {
  const canonical = canonicalizeEx({ type, data: dataWithoutHash }, { strictUndefined: true });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainBreak = 'hash_mismatch' | 'broken_prev_hash' | 'sequence_gap';

export type ChainVerification =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** The sequence at which the chain breaks: the tampered event, or the first missing one. */
      readonly sequence: number;
      readonly reason: ChainBreak;
      readonly message: string;
    };

function hasChainFields(data: unknown): data is ChainFields & Record<string, unknown> {
  if (typeof data !== 'object' || data === null) return false;
  const { sequence, prevHash, hash } = data as Record<string, unknown>;
  return typeof sequence === 'number' && typeof prevHash === 'string' && typeof hash === 'string';
}

/**
 * Checks a whole stream of ledger events, in stream order, from its first
 * event: sequences run 1, 2, 3… without gap, each `prevHash` is the previous
 * event's `hash`, and each `hash` matches the event's content. Reports the
 * first break only: everything after it is unverifiable anyway.
 */
export function verifyChain(
  events: readonly { readonly type: string; readonly data: unknown }[],
): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const expected = index + 1;
    const { data } = event;
    if (!hasChainFields(data)) {
      return {
        ok: false,
        sequence: expected,
        reason: 'hash_mismatch',
        message: `Event ${expected} (${event.type}) carries no sequence, prevHash and hash.`,
      };
    }
    if (data.sequence !== expected) {
      return {
        ok: false,
        sequence: expected,
        reason: 'sequence_gap',
        message: `Expected sequence ${expected}, found ${data.sequence} (${event.type}).`,
      };
    }
    if (data.prevHash !== prevHash) {
      return {
        ok: false,
        sequence: expected,
        reason: 'broken_prev_hash',
        message: `Event ${expected} (${event.type}) does not link to the hash of event ${expected - 1}.`,
      };
    }
    const { hash, ...content } = data;
    let actual: string | undefined;
    try {
      actual = hashLedgerEvent(event.type, content);
    } catch {
      actual = undefined;
    }
    if (actual !== hash) {
      return {
        ok: false,
        sequence: expected,
        reason: 'hash_mismatch',
        message: `Event ${expected} (${event.type}) does not match its hash: its content was changed.`,
      };
    }
    prevHash = hash;
  }
  return { ok: true };
}
