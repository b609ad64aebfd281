// How big the cases are. The case list is the same in every profile (Autobahn's ids and
// semantics); only the sizes of section 9, its round-trip count and the time scale change, so that
// a slow runtime (fengari) or a test run stays short. `full` is Autobahn's own sizes. The
// compression cases (12, 13) keep their message sizes and send fewer messages each.

export const KiB = 1024;
export const MiB = 1024 * KiB;

const PROFILES = {
  /** Autobahn's sizes: messages up to 16 MiB, 1,000 round trips, timers as the suite sets them. */
  full: { sizeDivisor: 1, roundTrips: 1000, compressionCount: 1000, timeScale: 1 },
  /** Section 9 at 1/16: messages up to 1 MiB, 100 round trips; 10 messages per compression case. */
  standard: { sizeDivisor: 16, roundTrips: 100, compressionCount: 10, timeScale: 1 },
  /** Section 9 at 1/64 for fengari (Lua written in JavaScript): up to 256 KiB, 25 round trips, 3 compressed messages, timers doubled. */
  small: { sizeDivisor: 64, roundTrips: 25, compressionCount: 3, timeScale: 2 },
};

export const PROFILE_NAMES = Object.keys(PROFILES);

/**
 * A profile by name: `size(bytes)` scales a section-9 size, `timeScale` every case timer. A test
 * run may shorten the fixed waits (continueLater: 5.19, 5.20, 6.4) with `timeScale` while it
 * lengthens the deadlines (killAfter, closeAfter) with `deadlineScale`, so that a busy machine does
 * not turn a slow answer into a FAILED; and send fewer messages per compression case with
 * `compressionCount`.
 */
export function profile(name = "full", { timeScale, deadlineScale, compressionCount } = {}) {
  const settings = PROFILES[name];
  if (!settings) throw new Error(`unknown profile '${name}' (expected ${PROFILE_NAMES.join(", ")})`);
  return {
    name,
    ...settings,
    timeScale: timeScale ?? settings.timeScale,
    deadlineScale: deadlineScale ?? timeScale ?? settings.timeScale,
    compressionCount: compressionCount ?? settings.compressionCount,
    size: (bytes) => Math.max(1, Math.floor(bytes / settings.sizeDivisor)),
  };
}
