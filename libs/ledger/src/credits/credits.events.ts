import type { ChainFields } from '../ledger-hash';

export const GRANT_KINDS = ['purchase', 'free_tier', 'bonus'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/** The balance right after an event, so read models and auditors get a running balance. */
export interface BalanceSnapshot {
  readonly available: number;
  readonly reserved: number;
}

/**
 * Where consumed credits were taken from: a grant, or (`grantId: null`) the
 * pool of credits not tied to a live grant. Recorded in the event so that
 * replaying history never re-runs the consumption rule.
 */
export interface Consumption {
  readonly grantId: string | null;
  readonly amount: number;
}

/** Fields every ledger event's data carries besides its own amounts. */
export interface LedgerEntryFields extends ChainFields {
  /** ISO time of the decision (the `now` of the command). */
  readonly at: string;
  readonly balanceAfter: BalanceSnapshot;
}

export interface ReservationReason {
  readonly jobId: string | null;
  readonly description: string;
}

export type CreditsEvent =
  | {
      type: 'CreditsGranted';
      data: LedgerEntryFields & {
        readonly grantId: string;
        readonly kind: GrantKind;
        readonly amount: number;
        readonly expiresAt: string | null;
        readonly note: string | null;
        readonly paymentRef: string | null;
      };
    }
  | {
      type: 'CreditsAdjusted';
      data: LedgerEntryFields & {
        readonly idempotencyKey: string;
        readonly delta: number;
        readonly note: string;
        /** Empty for a positive delta. */
        readonly consumed: readonly Consumption[];
      };
    }
  | {
      type: 'CreditsReserved';
      data: LedgerEntryFields & {
        readonly reservationId: string;
        readonly amount: number;
        readonly reason: ReservationReason;
        readonly expiresAt: string;
      };
    }
  | {
      type: 'ReservationSettled';
      data: LedgerEntryFields & {
        readonly reservationId: string;
        readonly charged: number;
        readonly released: number;
        readonly consumed: readonly Consumption[];
      };
    }
  | {
      type: 'ReservationReleased';
      data: LedgerEntryFields & {
        readonly reservationId: string;
        readonly released: number;
        readonly reason: string;
      };
    }
  | {
      type: 'ReservationExpired';
      data: LedgerEntryFields & {
        readonly reservationId: string;
        readonly released: number;
      };
    }
  | {
      type: 'ChargeRefunded';
      data: LedgerEntryFields & {
        readonly reservationId: string;
        readonly amount: number;
        readonly idempotencyKey: string;
        readonly note: string;
      };
    }
  | {
      type: 'CreditsExpired';
      data: LedgerEntryFields & {
        readonly grantId: string;
        /** Taken from the available balance for good. */
        readonly expired: number;
        /** The grant's remainder that reservations held at expiry: kept, as non-expiring credits. */
        readonly retained: number;
      };
    };

export type CreditsEventType = CreditsEvent['type'];
export type CreditsEventOf<T extends CreditsEventType> = Extract<CreditsEvent, { type: T }>;

/** The events that resolve a reservation; each reservation has at most one. */
export const RESOLUTION_EVENT_TYPES = [
  'ReservationSettled',
  'ReservationReleased',
  'ReservationExpired',
] as const satisfies readonly CreditsEventType[];
