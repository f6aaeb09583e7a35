import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { PooledQueries } from '@quarry/database';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { ledgerLength, ledgerOrganizations, replayLedger, verifyLedger } from '@quarry/projections';
import type { LedgerEntry, LedgerVerification } from '@quarry/projections';
import { openCliContext } from '../cli-context';

/** Ledgers at least this long get a progress bar (on stderr). */
const PROGRESS_FROM = 20_000;

const instant = (value: string): Date => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError('expected an ISO 8601 instant, e.g. 2026-11-24T12:00:00Z');
  return date;
};

const CSV_COLUMNS = [
  'sequence',
  'id',
  'created_at',
  'type',
  'amount',
  'running_balance',
  'available_after',
  'reserved_after',
  'job_id',
  'reservation_id',
  'description',
  'actor',
  'request_id',
  'hash',
] as const;

function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvLine = (e: LedgerEntry) =>
  [
    e.sequence,
    e.txnId,
    e.createdAt,
    e.type,
    e.amount,
    e.runningBalance,
    e.availableAfter,
    e.reservedAfter,
    e.jobId,
    e.reservationId,
    e.description,
    e.actor,
    e.requestId,
    e.hash,
  ]
    .map(csvField)
    .join(',');

/** A progress bar on stderr for long ledgers; a no-op for short ones. */
function progress(label: string, total: number): { tick: () => void; stop: () => void } {
  if (total < PROGRESS_FROM) return { tick: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: `${label} |{bar}| {percentage}% | {value}/{total} events | ETA {eta_formatted}`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    etaBuffer: 10_000,
  });
  bar.start(total, 0);
  let done = 0;
  return {
    tick: () => {
      done += 1;
      if (done % 1000 === 0) bar.update(done);
    },
    stop: () => {
      bar.update(done);
      bar.stop();
    },
  };
}

function describe(report: LedgerVerification): string {
  const head = `${report.orgId}: ${report.ok ? 'ok' : 'DISCREPANCIES'} (${report.events} events, balance ${report.balance.balance}, reserved ${report.balance.reserved}, available ${report.balance.available})`;
  const problems = [
    ...report.eventProblems.map((p) => `  event ${p.sequence}: ${p.kind}: ${p.message}`),
    ...report.readModelProblems.map(
      (p) =>
        `  read model ${p.entry}${p.sequence === null ? '' : ` (sequence ${p.sequence})`}: ${p.message}`,
    ),
  ];
  return [head, ...problems].join('\n');
}

export function ledgerCommand(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('Credit ledgers, replayed from the events: for auditors');
  ledger
    .command('replay')
    .description("An organization's balance at an instant, and its entries up to it")
    .requiredOption('--org <id>', 'organization id (org_…)')
    .option('--as-of <time>', 'ISO 8601 instant (default now)', instant)
    .option('--csv', 'print every entry up to the instant as CSV (the summary goes to stderr)')
    .option('--json', 'print the summary as JSON')
    .action(async (options: { org: string; asOf?: Date; csv?: boolean; json?: boolean }) => {
      const context = await openCliContext();
      try {
        const store = context.app.get<EventStore>(EVENT_STORE);
        const bar = progress('replay', await ledgerLength(store, options.org));
        if (options.csv) process.stdout.write(`${CSV_COLUMNS.join(',')}\n`);
        const replayed = await replayLedger(store, options.org, {
          asOf: options.asOf ?? new Date(),
          limit: 0,
          onEvent: bar.tick,
          onEntry: options.csv ? (e) => process.stdout.write(`${csvLine(e)}\n`) : undefined,
        });
        bar.stop();
        const b = replayed.balance;
        const summary = {
          org_id: options.org,
          as_of: replayed.asOf.toISOString(),
          events: b.events,
          balance: b.balance,
          reserved: b.reserved,
          available: b.available,
          total_granted: b.totalGranted,
          total_purchased: b.totalPurchased,
          total_adjusted: b.totalAdjusted,
          total_charged: b.totalCharged,
          total_refunded: b.totalRefunded,
          total_expired: b.totalExpired,
          last_hash: b.lastHash,
        };
        const out = options.csv ? process.stderr : process.stdout;
        if (options.json) out.write(`${JSON.stringify(summary)}\n`);
        else
          out.write(
            `${options.org} as of ${summary.as_of}: balance ${b.balance} (available ${b.available}, reserved ${b.reserved}) after ${b.events} events\n` +
              `granted ${b.totalGranted} (purchased ${b.totalPurchased}), adjusted ${b.totalAdjusted}, charged ${b.totalCharged}, refunded ${b.totalRefunded}, expired ${b.totalExpired}\n` +
              `last hash ${b.lastHash}\n`,
          );
      } finally {
        await context.close();
      }
    });
  ledger
    .command('verify')
    .description(
      'Hash chains, recorded balances, conservation, and read models equal to the replay; exits 1 on any discrepancy',
    )
    .option('--org <id>', 'one organization (default: every one)')
    .option('--json', 'print the reports as JSON')
    .action(async (options: { org?: string; json?: boolean }) => {
      const context = await openCliContext();
      try {
        const store = context.app.get<EventStore>(EVENT_STORE);
        const reads = context.app.get(PooledQueries);
        const orgs = options.org ? [options.org] : await ledgerOrganizations(reads);
        const reports: LedgerVerification[] = [];
        for (const orgId of orgs) {
          const bar = progress(`verify ${orgId}`, await ledgerLength(store, orgId));
          const report = await verifyLedger(store, reads, orgId, { onEvent: bar.tick });
          bar.stop();
          reports.push(report);
          if (!options.json) process.stdout.write(`${describe(report)}\n`);
        }
        const failed = reports.filter((r) => !r.ok).length;
        if (options.json)
          process.stdout.write(`${JSON.stringify({ ok: failed === 0, reports })}\n`);
        else
          process.stdout.write(
            failed === 0
              ? `Verified ${reports.length} ledgers: all consistent.\n`
              : `${failed} of ${reports.length} ledgers have discrepancies.\n`,
          );
        if (failed > 0) process.exitCode = 1;
      } finally {
        await context.close();
      }
    });
}
