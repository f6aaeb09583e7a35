import { GroupCommit } from './group-commit';

/** A send whose batches stay in flight until the test lets them go. */
function controlledSend() {
  const batches: { items: number[]; release(): void; fail(error: Error): void }[] = [];
  const send = (items: number[]) =>
    new Promise<PromiseSettledResult<string>[]>((resolve, reject) => {
      batches.push({
        items,
        release: () =>
          resolve(
            items.map((item) =>
              item < 0
                ? { status: 'rejected', reason: new Error(`bad ${item}`) }
                : { status: 'fulfilled', value: `done ${item}` },
            ),
          ),
        fail: reject,
      });
    });
  return { batches, send };
}

const settleAll = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
  it('sends at once while idle, and groups what arrives while batches are in flight', async () => {
    const { batches, send } = controlledSend();
    const group = new GroupCommit(send, 2, 64);
    const results = [1, 2, 3, 4, 5].map((item) => group.submit(item));
    expect(batches.map((b) => b.items)).toEqual([[1], [2]]);
    batches[0].release();
    await settleAll();
    expect(batches.map((b) => b.items)).toEqual([[1], [2], [3, 4, 5]]);
    batches[1].release();
    batches[2].release();
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5].map((i) => `done ${i}`));
  });

  it('never has more than maxInFlight batches out, nor more than maxBatch items in one', async () => {
    const { batches, send } = controlledSend();
    const group = new GroupCommit(send, 1, 3);
    const results = Array.from({ length: 8 }, (_, i) => group.submit(i));
    for (let round = 0; round < 4; round += 1) {
      expect(batches.length).toBe(round + 1);
      batches[round].release();
      await settleAll();
    }
    expect(batches.map((b) => b.items)).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
    await expect(Promise.all(results)).resolves.toHaveLength(8);
  });

  it("settles each item with its own outcome: one failure is not its neighbours'", async () => {
    const { batches, send } = controlledSend();
    const group = new GroupCommit(send, 1, 64);
    const first = group.submit(1);
    const rest = [2, -3, 4].map((item) => group.submit(item));
    batches[0].release();
    await first;
    await settleAll();
    batches[1].release();
    const outcomes = await Promise.allSettled(rest);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('bad -3'));
  });

  it('fails every item of a batch whose send fails, and keeps serving later ones', async () => {
    const { batches, send } = controlledSend();
    const group = new GroupCommit(send, 1, 64);
    const first = group.submit(1);
    const doomed = [2, 3].map((item) => group.submit(item));
    batches[0].fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settleAll();
    batches[1].fail(new Error('still down'));
    for (const item of doomed) await expect(item).rejects.toThrow('still down');
    await settleAll();
    const later = group.submit(9);
    batches[2].release();
    await expect(later).resolves.toBe('done 9');
  });

  it('refuses a configuration that could never send', () => {
    expect(() => new GroupCommit(controlledSend().send, 0, 64)).toThrow(RangeError);
    expect(() => new GroupCommit(controlledSend().send, 1, 0)).toThrow(RangeError);
  });
});
