import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CLOCK } from '@quarry/clock';
import type { Clock } from '@quarry/clock';
import { QuarryError } from '@quarry/errors';
import { whileHoldingLock } from '@quarry/projection-engine';
import { ExpireCredits } from '../expire-credits/expire-credits.command';
import { ExpireReservation } from '../expire-reservation/expire-reservation.command';

/** Advisory lock namespace of ledger schedulers (two-key form, apart from the engine's). */
const SCHEDULER_LOCK = 0x51520101;
const BATCH = 500;
const SYSTEM = { actor: 'system:credit-expiry' };

export interface ExpiryRound {
  readonly reservations: number;
  readonly grants: number;
}

/**
 * The timeouts of the ledger: reservations never settled (a pending
 * transfer's timeout) and grants past their expiry, found in the `ledger`
 * read model and sent as commands. The read model may lag, so a due item can
 * be sent twice; the decider answers a repeat with nothing, and a
 * reservation settled meanwhile with a conflict, which is ignored here. One
 * worker at a time runs it (advisory lock); the others wait to take over.
 */
@Injectable()
export class ExpireDueCredits {
  private readonly logger = new Logger(ExpireDueCredits.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly commandBus: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(signal: AbortSignal, intervalMs: number): Promise<void> {
    while (!signal.aborted) {
      await whileHoldingLock(
        this.dataSource,
        SCHEDULER_LOCK,
        'credit-expiry',
        signal,
        async (session) => {
          while (!session.aborted) {
            await this.runOnce().catch((error: unknown) =>
              this.logger.error(`credit expiry round failed: ${String(error)}`),
            );
            await sleep(intervalMs, undefined, { signal: session }).catch(() => undefined);
          }
        },
      ).catch(async (error: unknown) => {
        this.logger.error(`credit expiry: ${String(error)}`);
        await sleep(1000, undefined, { signal }).catch(() => undefined);
      });
    }
  }

  /** Sends what is due now; returns how many of each were sent. */
  async runOnce(): Promise<ExpiryRound> {
    const now = this.clock.now();
    const reservations = await this.dataSource.query<{ org_id: string; reservation_id: string }[]>(
      `SELECT org_id, reservation_id FROM credit_reservations
        WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT ${BATCH}`,
      [now],
    );
    for (const r of reservations) {
      await this.send(
        new ExpireReservation({ orgId: r.org_id, reservationId: r.reservation_id }, SYSTEM),
      );
    }
    const grants = await this.dataSource.query<{ org_id: string; grant_id: string }[]>(
      `SELECT org_id, grant_id FROM credit_grants
        WHERE NOT expired AND expires_at <= $1 ORDER BY expires_at LIMIT ${BATCH}`,
      [now],
    );
    for (const g of grants)
      await this.send(new ExpireCredits({ orgId: g.org_id, grantId: g.grant_id }, SYSTEM));
    return { reservations: reservations.length, grants: grants.length };
  }

  private async send(command: ExpireReservation | ExpireCredits): Promise<void> {
    try {
      await this.commandBus.execute(command);
    } catch (error) {
      // Resolved meanwhile (settled, released): the read model had not caught up yet.
      if (error instanceof QuarryError && error.code === 'conflict') return;
      // One failing item must not hold up the others; it is due again next round.
      this.logger.error(
        `${command.constructor.name} ${JSON.stringify(command.input)}: ${String(error)}`,
      );
    }
  }
}
