/**
 * The payload slices of a big incoming message, joined as they arrive, so that the step that
 * completes the message is one pass over a few large parts (SPEC guarantee 7: no frame hitch).
 *
 * The message is delivered as one Lua string, and Lua strings are immutable, so the last step must
 * copy the whole message once: that copy is the floor. What it must not do is what joining thousands
 * of slices at the end costs: Lua 5.1's table.concat merges the values on its stack pairwise as it
 * goes, about log2(slices) copies of everything (40-60 ms for 16 MiB of 4 KiB slices on lua5.1), all
 * in the one poll that completes the message. Here:
 *   - slices gather into a run, joined once it holds RUN_BYTES (a small copy, about once per read);
 *   - runs merge like a binary counter, two neighbours of equal size becoming one, up to PART_BYTES,
 *     so one arrival copies at most about 2 * PART_BYTES however big the message grows;
 *   - the last step joins the full parts and one string made of the rest with at most ONE_PASS values
 *     per table.concat, which Lua 5.1's buffer concatenates in a single pass (from its tenth value on
 *     it merges pairwise again).
 * Where table.concat grows one buffer instead (Lua 5.2+, LuaJIT: kernels.concatMergesPairwise is
 * false), one table.concat of all the slices at the end already copies them once, and merging as they
 * arrive would only add copies: there the slices are just kept.
 */
import { concatMergesPairwise } from "../../lua/kernels";


/** A run of slices is joined once it holds this many bytes. */
const RUN_BYTES = 256 * 1024;
/** Parts grow by merging up to this size; a merge copies at most this much (twice in Lua 5.1). */
const PART_BYTES = 2 * 1024 * 1024;
/** Values one table.concat joins in one pass on Lua 5.1 (its luaL_Buffer keeps up to 9 levels). */
const ONE_PASS = 9;

/** Joins `list` with as few passes over the bytes as the one-pass limit allows. */
function joinFew(list: string[]): string {
  while (list.length > ONE_PASS) {
    const grouped: string[] = [];
    for (let i = 0; i < list.length; i += ONE_PASS) grouped.push(list.slice(i, i + ONE_PASS).join(""));
    list = grouped;
  }
  return list.length === 1 ? list[0] : list.join("");
}

export class PieceJoiner {
  /** Slices added since the last join (a field, not a method: the assembler reads it per message). */
  count = 0;
  /** Slices of the run being gathered, and their bytes. */
  private run: string[] = [];
  private runBytes = 0;
  /** Joined runs, oldest first; each at least as big as the one after it. */
  private parts: string[] = [];

  add(slice: string): void {
    this.count++;
    this.run.push(slice);
    if (!concatMergesPairwise) return;
    this.runBytes += slice.length;
    if (this.runBytes >= RUN_BYTES) this.closeRun();
  }

  /** Everything added, in order, as one string; the joiner is empty afterwards. */
  join(): string {
    const parts = this.parts;
    let full = parts.length;
    while (full > 0 && parts[full - 1].length < PART_BYTES) full--;
    // The parts smaller than a full one and the open run: less than 2 * PART_BYTES, one string.
    const rest: string[] = [];
    for (let i = full; i < parts.length; i++) rest.push(parts[i]);
    if (this.run.length > 0) rest.push(this.run.length === 1 ? this.run[0] : this.run.join(""));
    const values = full === parts.length ? parts : parts.slice(0, full);
    if (rest.length > 0) values.push(rest.length === 1 ? rest[0] : rest.join(""));
    this.parts = [];
    this.run = [];
    this.runBytes = 0;
    this.count = 0;
    return values.length === 0 ? "" : joinFew(values);
  }

  private closeRun(): void {
    let part = this.run.length === 1 ? this.run[0] : this.run.join("");
    this.run = [];
    this.runBytes = 0;
    const parts = this.parts;
    // Binary counter: while the part before is no bigger than this one and both fit in a part.
    while (parts.length > 0) {
      const before = parts[parts.length - 1];
      if (before.length > part.length || before.length + part.length > PART_BYTES) break;
      parts.pop();
      part = before + part;
    }
    parts.push(part);
  }
}
