/**
 * The payload slices of a big incoming message, joined as they arrive, so that the step that
 * completes the message is one pass over a few large parts (SPEC guarantee 7: no frame hitch).
 *
 * The message is delivered as one Lua string, and Lua strings are immutable, so the last step must
 * copy the whole message once: that copy is the floor. What it must not do is what joining thousands
 * of slices at the end costs where table.concat merges its values pairwise (PUC Lua 5.1: about
 * log2(slices) copies of everything, all in the one poll that completes the message). There the
 * join kernel copies each group of up to `joinGroup` values twice whatever their number, so:
 *   - slices gather into a run, joined once it holds `joinGroup` slices or RUN_BYTES (one small copy,
 *     about once per read);
 *   - the last step joins the runs: for up to `joinGroup` of them (16 MiB of 4 KiB slices) that is one
 *     pass, the floor.
 * Where table.concat grows one buffer instead (Lua 5.2+, LuaJIT: kernels.concatMergesPairwise is
 * false), one table.concat of all the slices at the end already copies them once, and joining runs
 * as they arrive would only add a copy: there the slices are just kept.
 */
import { concatMergesPairwise, join, joinGroup } from "../../lua/kernels";

/** A run of slices is joined once it holds this many bytes (or `joinGroup` slices). */
const RUN_BYTES = 256 * 1024;

export class PieceJoiner {
  /** Slices added since the last join (a field, not a method: the assembler reads it per message). */
  count = 0;
  /** Slices of the run being gathered, and their bytes. */
  private run: string[] = [];
  private runBytes = 0;
  /** Joined runs, in order. */
  private parts: string[] = [];

  add(slice: string): void {
    this.count++;
    const run = this.run;
    run.push(slice);
    if (!concatMergesPairwise) return;
    this.runBytes += slice.length;
    if (this.runBytes >= RUN_BYTES || run.length >= joinGroup) {
      this.parts.push(join(run));
      this.run = [];
      this.runBytes = 0;
    }
  }

  /** Everything added, in order, as one string; the joiner is empty afterwards. */
  join(): string {
    const parts = this.parts;
    const run = this.run;
    let joined: string;
    if (parts.length === 0) {
      joined = run.length === 1 ? run[0] : join(run);
    } else {
      if (run.length > 0) parts.push(join(run));
      joined = parts.length === 1 ? parts[0] : join(parts);
      this.parts = [];
    }
    this.run = [];
    this.runBytes = 0;
    this.count = 0;
    return joined;
  }
}
