import { defaultRetryDelayMs, parseRetryAfter } from './retry-after';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['1', 1000],
    ['0', 0],
    [' 120 ', 120_000],
    ['Sat, 01 Mar 2025 12:00:30 GMT', 30_000], // IMF-fixdate
    ['Saturday, 01-Mar-25 12:01:00 GMT', 60_000], // RFC 850
    ['Sat Mar  1 12:00:05 2025', 5_000], // asctime (GMT)
    ['Fri, 28 Feb 2025 12:00:00 GMT', 0], // in the past: now
  ])('%s → %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([undefined, '', 'soon', '-1', '1.5', '2025-03-01', '12345678901', 'Xyz, garbage'])(
    'ignores %p',
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );
});

describe('defaultRetryDelayMs', () => {
  it('doubles from one second', () => {
    expect([0, 1, 2].map(defaultRetryDelayMs)).toEqual([1000, 2000, 4000]);
  });
});
