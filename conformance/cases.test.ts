// The case list itself: Autobahn|TestSuite's ids, section by section, in its order, the same in
// every profile (a profile changes sizes and timers, never which cases exist).
import { describe, expect, it } from "vitest";
// @ts-expect-error plain JavaScript module without types
import { buildCases, sectionOf } from "./cases/index.mjs";
// @ts-expect-error plain JavaScript module without types
import { PROFILE_NAMES, profile } from "./profiles.mjs";

/** Cases per section in the suite: 301 for clients and servers alike, 216 more with compression. */
const PER_SECTION = { "1": 16, "2": 11, "3": 7, "4": 10, "5": 20, "6": 145, "7": 37, "9": 54, "10": 1 };
const COMPRESSION = { "12": 90, "13": 126 };

const ids = (name: string, compression = false): string[] => buildCases(profile(name), { compression }).map((c: { id: string }) => c.id);
const countBySection = (list: string[]) => list.reduce<Record<string, number>>((acc, id) => ({ ...acc, [sectionOf(id)]: (acc[sectionOf(id)] ?? 0) + 1 }), {});

describe("case list", () => {
  it("has the suite's 301 ids in sections 1-7, 9 and 10, and 216 more in 12-13", () => {
    expect(countBySection(ids("full"))).toEqual(PER_SECTION);
    expect(countBySection(ids("full", true))).toEqual({ ...PER_SECTION, ...COMPRESSION });
  });

  it("is the same in every profile", () => {
    for (const name of PROFILE_NAMES) expect(ids(name, true), name).toEqual(ids("full", true));
  });

  it("numbers the cases as the suite does, in its order", () => {
    const list = ids("full", true);
    expect(list.slice(0, 3)).toEqual(["1.1.1", "1.1.2", "1.1.3"]);
    // 6.5-6.23: the UTF-8 stress test, 19 groups; 7: 7.1.x, 7.3.x, 7.5.1, 7.7.x, 7.9.x, 7.13.x.
    expect(list.filter((id) => /^6\.(\d+)\.1$/.test(id) && Number(id.split(".")[1]) >= 5)).toHaveLength(19);
    expect([...new Set(list.filter((id) => id.startsWith("7.")).map((id) => id.split(".").slice(0, 2).join(".")))]).toEqual(["7.1", "7.3", "7.5", "7.7", "7.9", "7.13"]);
    expect(list.slice(list.indexOf("9.8.6"), list.indexOf("9.8.6") + 3)).toEqual(["9.8.6", "10.1.1", "12.1.1"]);
    expect(list.at(-1)).toBe("13.7.18");
    expect(new Set(list).size).toBe(list.length);
  });
});
