import type { CreditsEvent } from '../credits/credits.events';
import { GENESIS_HASH, hashLedgerEvent } from '../ledger-hash';

/** Balances and totals recomputed from ledger events alone. */
export interface ReplayedBalance {
  readonly available: number;
  readonly reserved: number;
  /** available + reserved. */
  readonly balance: number;
  readonly totalGranted: number;
  readonly totalPurchased: number;
  readonly totalAdjusted: number;
  readonly totalCharged: number;
  readonly totalRefunded: number;
  readonly totalExpired: number;
  readonly events: number;
  readonly lastSequence: number;
  readonly lastHash: string;
}

export type LedgerProblemKind =
  | 'sequence_gap'
  | 'broken_prev_hash'
  | 'hash_mismatch'
  | 'balance_mismatch'
  | 'negative_balance'
  | 'not_conserved';

/** One thing wrong with one ledger event, said so an auditor can find it. */
export interface LedgerProblem {
  readonly sequence: number;
  readonly kind: LedgerProblemKind;
  readonly message: string;
}

/**
 * Folds an organization's ledger events one at a time, independently of the
 * decider (its own arithmetic, so a bug there cannot hide itself here), and
 * checks each event as it goes: the hash chain (when `checkHashes`), the
 * balance the event recorded against the recomputed one, non-negative
 * balances and conservation:
 *   granted + adjusted = available + reserved + (charged − refunded) + expired.
 */
export class LedgerReplay {
  private available = 0;
  private reserved = 0;
  private granted = 0;
  private purchased = 0;
  private adjusted = 0;
  private charged = 0;
  private refunded = 0;
  private expired = 0;
  private events = 0;
  private lastSequence = 0;
  private lastHash = GENESIS_HASH;
  /** After the chain breaks, later hashes cannot be checked meaningfully. */
  private chainBroken = false;

  constructor(private readonly options: { readonly checkHashes: boolean }) {}

  /** Applies one event; returns what is wrong with it (empty when nothing). */
  apply(event: CreditsEvent): LedgerProblem[] {
    const problems: LedgerProblem[] = [];
    const { data } = event;
    const sequence = this.events + 1;
    const problem = (kind: LedgerProblemKind, message: string) =>
      problems.push({ sequence, kind, message });

    if (this.options.checkHashes && !this.chainBroken) {
      if (data.sequence !== sequence) {
        problem('sequence_gap', `expected sequence ${sequence}, found ${data.sequence}`);
        this.chainBroken = true;
      } else if (data.prevHash !== this.lastHash) {
        problem('broken_prev_hash', 'prevHash is not the hash of the event before');
        this.chainBroken = true;
      } else {
        const { hash, ...content } = data;
        if (hashLedgerEvent(event.type, content) !== hash) {
          problem(
            'hash_mismatch',
            `${event.type}: content does not match its hash (changed after it was written)`,
          );
          this.chainBroken = true;
        }
      }
    }

    switch (event.type) {
      case 'CreditsGranted':
        this.available += event.data.amount;
        this.granted += event.data.amount;
        if (event.data.kind === 'purchase') this.purchased += event.data.amount;
        break;
      case 'CreditsAdjusted':
        this.available += event.data.delta;
        this.adjusted += event.data.delta;
        break;
      case 'CreditsReserved':
        this.available -= event.data.amount;
        this.reserved += event.data.amount;
        break;
      case 'ReservationSettled':
        this.reserved -= event.data.charged + event.data.released;
        this.available += event.data.released;
        this.charged += event.data.charged;
        break;
      case 'ReservationReleased':
      case 'ReservationExpired':
        this.reserved -= event.data.released;
        this.available += event.data.released;
        break;
      case 'ChargeRefunded':
        this.available += event.data.amount;
        this.refunded += event.data.amount;
        break;
      case 'CreditsExpired':
        this.available -= event.data.expired;
        this.expired += event.data.expired;
        break;
    }

    const recorded = data.balanceAfter;
    if (recorded.available !== this.available || recorded.reserved !== this.reserved) {
      problem(
        'balance_mismatch',
        `${event.type} recorded available ${recorded.available} and reserved ${recorded.reserved}; replay gives ${this.available} and ${this.reserved}`,
      );
    }
    if (this.available < 0 || this.reserved < 0)
      problem('negative_balance', `available ${this.available}, reserved ${this.reserved}`);
    const held = this.available + this.reserved + (this.charged - this.refunded) + this.expired;
    if (this.granted + this.adjusted !== held) {
      problem(
        'not_conserved',
        `granted + adjusted = ${this.granted + this.adjusted}, but available + reserved + (charged − refunded) + expired = ${held}`,
      );
    }

    this.events = sequence;
    this.lastSequence = data.sequence;
    this.lastHash = data.hash;
    return problems;
  }

  get balance(): ReplayedBalance {
    return {
      available: this.available,
      reserved: this.reserved,
      balance: this.available + this.reserved,
      totalGranted: this.granted,
      totalPurchased: this.purchased,
      totalAdjusted: this.adjusted,
      totalCharged: this.charged,
      totalRefunded: this.refunded,
      totalExpired: this.expired,
      events: this.events,
      lastSequence: this.lastSequence,
      lastHash: this.lastHash,
    };
  }
}
