import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '@quarry/eventstore';
import type { EventStore } from '@quarry/eventstore';
import { projectionStatus, rebuildProjection } from '@quarry/projection-engine';
import type { ProjectionStatus } from '@quarry/projection-engine';
import { PROJECTIONS } from '@quarry/projections';
import { openCliContext } from '../cli-context';

function formatStatus(s: ProjectionStatus): string {
  const lag = `${s.lagEvents} events / ${s.lagSeconds}s`;
  const rebuild = s.rebuild
    ? `  rebuilding g${s.rebuild.generation}: ${s.rebuild.applied}/${s.rebuild.total ?? '?'} at ${s.rebuild.eventsPerSecond}/s, ETA ${s.rebuild.etaSeconds ?? '?'}s`
    : '';
  const error = s.lastError ? `\n    last error (${s.lastErrorAt}): ${s.lastError}` : '';
  const outdated =
    s.builtWithVersion !== null && s.builtWithVersion < s.version
      ? ` (built with v${s.builtWithVersion}: rebuild due)`
      : '';
  return `${s.name.padEnd(18)} ${s.state.padEnd(11)} v${s.version} g${s.generation ?? '-'}  position ${s.position ?? '-'}  lag ${lag}${outdated}${rebuild}${error}`;
}

export function projectionsCommand(program: Command): void {
  const projections = program
    .command('projections')
    .description('Read-model status and blue/green rebuilds');

  projections
    .command('status')
    .description('Position, lag, state and last error of every projection')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const context = await openCliContext();
      try {
        const dataSource = context.app.get(DataSource);
        const store = context.app.get<EventStore>(EVENT_STORE);
        const statuses = await Promise.all(
          PROJECTIONS.map((p) => projectionStatus(dataSource, store, p)),
        );
        process.stdout.write(
          options.json
            ? `${JSON.stringify(statuses, null, 2)}\n`
            : `${statuses.map(formatStatus).join('\n')}\n`,
        );
        if (statuses.some((s) => s.state === 'stalled')) process.exitCode = 2;
      } finally {
        await context.close();
      }
    });

  projections
    .command('rebuild <name>')
    .description(
      'Rebuild a projection into new tables from position 0, then switch reads atomically',
    )
    .option('--batch-size <n>', 'events per transaction', (v) => Number.parseInt(v, 10), 2000)
    .action(async (name: string, options: { batchSize: number }) => {
      const definition = PROJECTIONS.find((p) => p.name === name);
      if (!definition) {
        process.stderr.write(
          `No projection named ${name}. Known: ${PROJECTIONS.map((p) => p.name).join(', ')}\n`,
        );
        process.exitCode = 1;
        return;
      }
      const context = await openCliContext();
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      const bar = new SingleBar({
        format: `${name} |{bar}| {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted} | {phase}`,
        noTTYOutput: true,
        notTTYSchedule: 2000,
        etaBuffer: 50,
      });
      try {
        const dataSource = context.app.get(DataSource);
        const store = context.app.get<EventStore>(EVENT_STORE);
        let started = false;
        const result = await rebuildProjection(dataSource, store, definition, {
          signal: stop.signal,
          batchSize: options.batchSize,
          onProgress: (p) => {
            if (!started) {
              bar.start(p.total ?? 0, 0, { rate: 0, phase: p.phase });
              started = true;
            }
            if (p.total !== undefined && p.applied > p.total) bar.setTotal(p.applied);
            bar.update(p.applied, { rate: Math.round(p.eventsPerSecond), phase: p.phase });
          },
        });
        bar.stop();
        process.stdout.write(
          `Rebuilt ${name}: generation ${result.previousGeneration} → ${result.generation}, ${result.applied} events in ${result.seconds.toFixed(1)} s (${Math.round(result.eventsPerSecond)} events/s)\n`,
        );
      } catch (error) {
        bar.stop();
        process.stderr.write(
          `Rebuild of ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSignal);
        await context.close();
      }
    });
}
