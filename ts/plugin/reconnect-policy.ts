/**
 * Automatic reconnect (SPEC section 8): which ends of a connection are worth another attempt, and how
 * long to wait before it. Pure decisions on plain values, so the schedule is tested with a fake
 * clock and scripted randomness; the client carries them out.
 *
 * The n-th wait after an unasked-for end is min(maxDelay, delay * factor^(n-1)), shortened at random
 * by up to `jitter` of itself, so a crowd of clients dropped by one server restart does not come back
 * in one wave. An attempt that opens starts the count again.
 */

export interface ReconnectSettings {
  /** Seconds before the first attempt. */
  delay: number;
  /** Seconds; no wait is longer. */
  maxDelay: number;
  /** Each wait is this many times the one before, up to maxDelay. */
  factor: number;
  /** 0..1: each wait is shortened at random by up to this share of itself. */
  jitter: number;
  /** Attempts after one end before giving up; undefined = no limit. */
  maxAttempts?: number;
}

export const DEFAULT_RECONNECT: ReconnectSettings = { delay: 1, maxDelay: 30, factor: 2, jitter: 0.5 };

/** How a connection ended, as far as the decision to retry cares. */
export interface ConnectionEnd {
  /** The game asked for it: close(), disconnect(), or close() while connecting. */
  requested: boolean;
  /** The ONERROR's errorType, when there was one. */
  errorType?: string;
  /** The HTTP status of a refused handshake, when there was a status line. */
  status?: number;
  /** The code of the peer's close frame, when the close handshake took place (1005 for none). */
  closeCode?: number;
}

/** Close codes that say "come back later" (RFC 6455 section 7.4.1 and the IANA registry):
 *  1001 going away, 1011 internal error, 1012 service restart, 1013 try again later, 1014 bad gateway. */
const RETRY_CLOSE_CODES: Record<number, boolean> = { 1001: true, 1011: true, 1012: true, 1013: true, 1014: true };

/** Failures of the network, not of the peer's or the game's correctness. */
const RETRY_ERROR_TYPES: Record<string, boolean> = { dns: true, connect: true, timeout: true, closed: true };

/** Whether an end is one that reconnect retries (SPEC section 8's exact list). A TLS, protocol or
 *  limit failure, a 4xx answer and any other close code would fail the same way again, and an end the
 *  game asked for is final. */
export function shouldRetry(end: ConnectionEnd): boolean {
  if (end.requested) return false;
  if (end.errorType === "handshake") return end.status !== undefined && end.status >= 500 && end.status <= 599;
  if (end.errorType !== undefined) return RETRY_ERROR_TYPES[end.errorType] === true;
  return end.closeCode !== undefined && RETRY_CLOSE_CODES[end.closeCode] === true;
}

/** Seconds to wait before attempt `attempt` (1 for the first after an end). `random` is a number in
 *  [0, 1) drawn by the caller. */
export function reconnectDelay(settings: ReconnectSettings, attempt: number, random: number): number {
  const full = Math.min(settings.maxDelay, settings.delay * settings.factor ** (attempt - 1));
  return full * (1 - settings.jitter * random);
}

/** Whether attempt number `attempt` may still be made. */
export function attemptAllowed(settings: ReconnectSettings, attempt: number): boolean {
  return settings.maxAttempts === undefined || attempt <= settings.maxAttempts;
}
