/**
 * `Retry-After` (RFC 9110 §10.2.3) in milliseconds from `nowMs`: either
 * delay-seconds or an HTTP-date (past dates mean "now"). Undefined when
 * absent or malformed, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  // HTTP-dates start with a weekday; anything else that Date.parse happens to
  // accept ("2025-03-01") is not a Retry-After value. asctime dates carry no zone
  // but are GMT, like the other two forms.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(/(GMT|UTC|UT)$/i.test(text) ? text : `${text} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff when a 429/503 names no delay: 1 s, 2 s, 4 s… */
export function defaultRetryDelayMs(attempt: number): number {
  return 1000 * 2 ** Math.max(0, attempt);
}
