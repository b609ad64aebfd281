// How big the cases are. The case list is the same in every profile (Autobahn's ids and
// semantics); only the sizes of section 9, its round-trip count and the time scale change, so that
// a slow runtime (fengari) or a test run stays short. `full` is Autobahn's own sizes.

export const KiB = 1024;
export const MiB = 1024 * KiB;

const PROFILES = {
  /** Autobahn's sizes: messages up to 16 MiB, 1,000 round trips, timers as the suite sets them. */
  full: { sizeDivisor: 1, roundTrips: 1000, timeScale: 1 },
  /** Section 9 at 1/16: messages up to 1 MiB, 100 round trips. */
  standard: { sizeDivisor: 16, roundTrips: 100, timeScale: 1 },
  /** Section 9 at 1/64 for fengari (Lua written in JavaScript): up to 256 KiB, 25 round trips, timers doubled. */
  small: { sizeDivisor: 64, roundTrips: 25, timeScale: 2 },
};

export const PROFILE_NAMES = Object.keys(PROFILES);

/** A profile by name: `size(bytes)` scales a section-9 size, `timeScale` every case timer. */
export function profile(name = "full") {
  const settings = PROFILES[name];
  if (!settings) throw new Error(`unknown profile '${name}' (expected ${PROFILE_NAMES.join(", ")})`);
  return {
    name,
    ...settings,
    size: (bytes) => Math.max(1, Math.floor(bytes / settings.sizeDivisor)),
  };
}
