/** Time, injected: tests move it (a 24 h key overlap is tested at 24 h ± 1 s, not waited for). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
