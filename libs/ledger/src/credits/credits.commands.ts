import type { GrantKind } from './credits.events';

/** Every command carries `now`: the decider never reads a clock. */
export type CreditsCommand =
  | {
      type: 'GrantCredits';
      data: {
        grantId: string;
        kind: GrantKind;
        amount: number;
        expiresAt: Date | null;
        note: string | null;
        paymentRef: string | null;
        now: Date;
      };
    }
  | {
      type: 'AdjustCredits';
      data: { idempotencyKey: string; delta: number; note: string; now: Date };
    }
  | {
      type: 'ReserveCredits';
      data: {
        reservationId: string;
        amount: number;
        reason: { jobId?: string; description: string };
        expiresAt: Date;
        now: Date;
      };
    }
  | { type: 'SettleReservation'; data: { reservationId: string; amount: number; now: Date } }
  | { type: 'ReleaseReservation'; data: { reservationId: string; reason: string; now: Date } }
  | { type: 'ExpireReservation'; data: { reservationId: string; now: Date } }
  | {
      type: 'RefundCharge';
      data: {
        reservationId: string;
        amount: number;
        idempotencyKey: string;
        note: string;
        now: Date;
      };
    }
  | { type: 'ExpireCredits'; data: { grantId: string; now: Date } };

export type CreditsCommandType = CreditsCommand['type'];
