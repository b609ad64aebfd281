import { describe, expect, it } from "vitest";
import { attemptAllowed, DEFAULT_RECONNECT, reconnectDelay, shouldRetry } from "../ts/plugin/reconnect-policy";

describe("reconnect: which ends retry (SPEC section 8)", () => {
  it.each(["dns", "connect", "timeout", "closed"])("retries after errorType %s", (errorType) => {
    expect(shouldRetry({ requested: false, errorType })).toBe(true);
  });
  it.each(["tls", "protocol", "limit"])("never retries after errorType %s", (errorType) => {
    expect(shouldRetry({ requested: false, errorType })).toBe(false);
  });
  it.each([500, 502, 503, 599])("retries a handshake refused with %i", (status) => {
    expect(shouldRetry({ requested: false, errorType: "handshake", status })).toBe(true);
  });
  it.each([400, 401, 403, 404, 426, 302])("never retries a handshake refused with %i", (status) => {
    expect(shouldRetry({ requested: false, errorType: "handshake", status })).toBe(false);
  });
  it("never retries a handshake that had no status line", () => {
    expect(shouldRetry({ requested: false, errorType: "handshake" })).toBe(false);
  });
  it.each([1001, 1011, 1012, 1013, 1014])("retries after close code %i", (closeCode) => {
    expect(shouldRetry({ requested: false, closeCode })).toBe(true);
  });
  it.each([1000, 1002, 1003, 1005, 1007, 1008, 1009, 1010, 3000, 4000, 4999])("never retries after close code %i", (closeCode) => {
    expect(shouldRetry({ requested: false, closeCode })).toBe(false);
  });
  it("never retries an end the game asked for, whatever else happened", () => {
    expect(shouldRetry({ requested: true, closeCode: 1012 })).toBe(false);
    expect(shouldRetry({ requested: true, errorType: "connect" })).toBe(false);
  });
});

describe("reconnect: the schedule", () => {
  const settings = { delay: 1, maxDelay: 10, factor: 2, jitter: 0.5 };
  it("grows by factor up to maxDelay without jitter drawn", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => reconnectDelay(settings, n, 0))).toEqual([1, 2, 4, 8, 10, 10]);
  });
  it("is shortened by up to jitter of itself", () => {
    expect(reconnectDelay(settings, 3, 0.5)).toBe(3);
    expect(reconnectDelay(settings, 3, 0.999)).toBeCloseTo(2.002, 6);
    expect(reconnectDelay({ ...settings, jitter: 0 }, 3, 0.999)).toBe(4);
  });
  it("counts attempts against maxAttempts, without a limit by default", () => {
    expect(attemptAllowed({ ...settings, maxAttempts: 2 }, 2)).toBe(true);
    expect(attemptAllowed({ ...settings, maxAttempts: 2 }, 3)).toBe(false);
    expect(attemptAllowed(DEFAULT_RECONNECT, 1_000_000)).toBe(true);
  });
});
