/**
 * Group commit: work submitted while `maxInFlight` batches are at the
 * database waits, and leaves with everything else that arrived meanwhile as
 * one batch. An idle writer sends at once (no added latency); a busy one
 * pays one round trip and one commit for many items instead of one each.
 */
export class GroupCommit<T, R> {
  private queue: { item: T; settle: (outcome: PromiseSettledResult<R>) => void }[] = [];
  private inFlight = 0;

  /**
   * @param send writes one batch and settles each of its items on its own
   *   (one item's failure need not fail its neighbours); a rejection fails
   *   the whole batch.
   */
  constructor(
    private readonly send: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly maxInFlight: number,
    private readonly maxBatch: number,
  ) {
    if (!(maxInFlight >= 1 && maxBatch >= 1)) throw new RangeError('maxInFlight and maxBatch ≥ 1');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({
        item,
        settle: (outcome) =>
          outcome.status === 'fulfilled' ? resolve(outcome.value) : reject(outcome.reason as Error),
      });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight += 1;
      this.send(batch.map((entry) => entry.item))
        .then(
          (outcomes) =>
            batch.forEach((entry, i) =>
              entry.settle(outcomes[i] ?? { status: 'rejected', reason: new Error('no outcome') }),
            ),
          (reason: unknown) =>
            batch.forEach((entry) => entry.settle({ status: 'rejected', reason })),
        )
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
    }
  }
}
