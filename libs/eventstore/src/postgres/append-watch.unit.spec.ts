import { EventEmitter } from 'node:events';
import { APPENDED, AppendWatch } from './append-watch';
import type { AppendNotice } from './append-watch';

const notice = (streamId: string, types: string[], position = 1n): AppendNotice => ({
  streamId,
  types,
  position,
});

describe('AppendWatch', () => {
  const emitter = new EventEmitter();
  const watches: AppendWatch[] = [];
  const watch = (filter?: ConstructorParameters<typeof AppendWatch>[1]) => {
    const w = new AppendWatch(emitter, filter);
    watches.push(w);
    return w;
  };
  afterEach(() => watches.splice(0).forEach((w) => w.close()));

  it.each([
    ['no filter', undefined, notice('job-1', ['JobSubmitted']), true],
    ['a matching prefix', { streamPrefixes: ['job-'] }, notice('job-1', ['JobSubmitted']), true],
    ['another prefix', { streamPrefixes: ['credits-'] }, notice('job-1', ['JobSubmitted']), false],
    [
      'a matching type',
      { eventTypes: ['JobCompleted'] },
      notice('job-1', ['A', 'JobCompleted']),
      true,
    ],
    ['another type', { eventTypes: ['JobCompleted'] }, notice('job-1', ['JobSubmitted']), false],
    [
      'prefix and type both needed',
      { streamPrefixes: ['job-'], eventTypes: ['JobCompleted'] },
      notice('credits-1', ['JobCompleted']),
      false,
    ],
    ['a shutdown (null) wakes everyone', { streamPrefixes: ['job-'] }, null, true],
  ])('%s: woken = %s', async (_name, filter, announced, woken) => {
    const w = watch(filter);
    const waiting = w.wait(woken ? 60_000 : 30);
    emitter.emit(APPENDED, announced);
    await expect(waiting).resolves.toBe(woken);
  });

  it('counts matching appends that came while nobody waited, and keeps the newest position', () => {
    const w = watch({ streamPrefixes: ['job-'] });
    emitter.emit(APPENDED, notice('job-1', ['A'], 7n));
    emitter.emit(APPENDED, notice('credits-1', ['A'], 9n));
    emitter.emit(APPENDED, notice('job-2', ['A'], 8n));
    expect(w.seq).toBe(2);
    expect(w.newest).toBe(8n);
  });

  it('stops listening once closed', () => {
    const before = emitter.listenerCount(APPENDED);
    watch().close();
    watches.pop();
    expect(emitter.listenerCount(APPENDED)).toBe(before);
  });
});
