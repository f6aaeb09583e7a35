import { Logger } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { QuarryError } from '@quarry/errors';
import { CreditsLedger } from '@quarry/ledger';
import { SettleJobCredits } from './settle-job-credits.command';

@CommandHandler(SettleJobCredits)
export class SettleJobCreditsHandler implements ICommandHandler<SettleJobCredits> {
  private readonly logger = new Logger(SettleJobCreditsHandler.name);

  constructor(private readonly ledger: CreditsLedger) {}

  async execute(command: SettleJobCredits): Promise<void> {
    const { orgId, jobId, creditsUsed, outcome } = command.input;
    const context = {
      actor: 'system:job-settlement',
      causationId: command.causationId,
      correlationId: command.correlationId,
    };
    try {
      await this.ledger.decide(
        orgId,
        outcome === 'failed'
          ? { type: 'ReleaseReservation', data: { reservationId: jobId, reason: 'Job failed' } }
          : { type: 'SettleReservation', data: { reservationId: jobId, amount: creditsUsed } },
        context,
        (n) => command.eventId(n),
      );
    } catch (error) {
      // Resolved otherwise already (its timeout expired it): retrying can never succeed.
      const code = error instanceof QuarryError ? error.details[0]?.code : undefined;
      if (code?.startsWith('reservation_already_')) {
        this.logger.warn(`job ${jobId} not settled: ${(error as QuarryError).message}`);
        return;
      }
      throw error;
    }
  }
}
