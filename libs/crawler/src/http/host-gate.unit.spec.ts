import { HostGates } from './host-gate';

describe('HostGates', () => {
  const never = new AbortController().signal;

  it('limits requests in flight per host and hands slots over in order', async () => {
    const gates = new HostGates(2, () => 0);
    const order: string[] = [];
    const a = await gates.acquire('a.example', never);
    const b = await gates.acquire('a.example', never);
    const c = gates.acquire('a.example', never).then((release) => {
      order.push('c');
      return release;
    });
    const d = gates.acquire('a.example', never).then((release) => {
      order.push('d');
      return release;
    });
    const other = await gates.acquire('b.example', never); // another host is not blocked
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    a();
    (await c)();
    b();
    (await d)();
    other();
    expect(order).toEqual(['c', 'd']);
  });

  it('spaces request starts and honours pauses', async () => {
    const gates = new HostGates(4, () => 30);
    const started: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      [0, 1, 2].map(async () => {
        const release = await gates.acquire('a.example', never);
        started.push(Date.now() - t0);
        release();
      }),
    );
    expect(started[1] - started[0]).toBeGreaterThanOrEqual(25);
    expect(started[2] - started[1]).toBeGreaterThanOrEqual(25);

    const paused = new HostGates(1, () => 0);
    paused.pauseUntil('b.example', Date.now() + 80);
    const before = Date.now();
    (await paused.acquire('b.example', never))();
    expect(Date.now() - before).toBeGreaterThanOrEqual(70);
  });

  it('gives up waiting when aborted', async () => {
    const gates = new HostGates(1, () => 0);
    const held = await gates.acquire('a.example', never);
    const controller = new AbortController();
    const waiting = gates.acquire('a.example', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held();
    // The aborted waiter did not take the slot.
    (await gates.acquire('a.example', never))();
  });
});
