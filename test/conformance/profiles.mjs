// How big the cases are. The case list is the same for every profile; only sizes, counts and time
// budgets change, so that a slow runtime (fengari) or a test run stays short.

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** The incoming-message limit the clients run with (SPEC "Autobahn client": at least 16 MiB). */
export const CLIENT_MESSAGE_LIMIT = 16 * MiB;

const PROFILES = {
  /** Autobahn's sizes: messages up to 16 MiB, 1,000 round trips. */
  full: { bigSizes: [1 * MiB, 4 * MiB, 16 * MiB], fragmentedSize: 1 * MiB, roundTrips: 1000, baseTimeoutMs: 10_000, minMiBps: 2, failFastMs: 500 },
  /** For the test suite on native Lua and wasmoon: multi-MiB still, fewer repetitions. */
  standard: { bigSizes: [256 * KiB, 2 * MiB], fragmentedSize: 256 * KiB, roundTrips: 200, baseTimeoutMs: 5_000, minMiBps: 1, failFastMs: 300 },
  /** For fengari (Lua in JavaScript): everything small. */
  small: { bigSizes: [64 * KiB, 256 * KiB], fragmentedSize: 64 * KiB, roundTrips: 50, baseTimeoutMs: 10_000, minMiBps: 0.1, failFastMs: 1000 },
};

export const PROFILE_NAMES = Object.keys(PROFILES);

/**
 * A profile by name. `clientLimit` is the client's maxMessageSize: the limit cases send one byte
 * more. `timeoutFor(bytes)` is a case's time budget for moving `bytes` each way. `failFastMs` is how
 * long the server waits for a client to fail on invalid UTF-8 before it sends the rest of a message.
 */
export function profile(name = "full", { clientLimit = CLIENT_MESSAGE_LIMIT } = {}) {
  const sizes = PROFILES[name];
  if (!sizes) throw new Error(`unknown profile '${name}' (expected ${PROFILE_NAMES.join(", ")})`);
  return {
    name,
    ...sizes,
    clientLimit,
    timeoutFor: (bytes) => Math.round(sizes.baseTimeoutMs + (2 * bytes) / (sizes.minMiBps * MiB) * 1000),
  };
}
