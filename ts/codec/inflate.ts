/**
 * Raw DEFLATE decompression (RFC 1951) for permessage-deflate (RFC 7692), one message after another
 * over one sliding window. See codec.ts for the contract every inflater (this one and the native
 * ones) keeps.
 *
 * How it is fast without bit operators: the bit buffer `bits` holds the next `bitCount` bits of the
 * stream as a number (least significant first, never above 2^51, so exact in a double, fengari included);
 * Huffman symbols are found with one table read by the next 9 bits (huffman-decode.ts); output
 * bytes go into a small array (at most ARRAY_CAP numbers) and leave as strings made by string.char
 * over blocks of it. The window that matches copy from is that array plus the string `history`
 * of the window's bytes before it: when the array fills, its bytes join the history (trimmed to the
 * window) and it starts again from 0. A window of numbers would cost 16 bytes per byte on PUC Lua
 * (2 MB per inflater for 32 KiB, with its slack); a string costs one, and nothing slides. Input is
 * read with string.byte straight from the piece written, with whatever the previous piece left
 * unread in front of it.
 *
 * Input in any pieces: a symbol, a block header or a dynamic code table that runs past the input
 * written so far is rolled back to where it began and decoded again once more input comes.
 *
 * In Lua the bulk of a compressed block runs in a hand-written kernel (lua/kernels/inflate.lua,
 * `inflateFast`, which says why) rather than in decodeFast's own loop, which is the reference and
 * runs under Node (and with `useKernel = false`).
 */
import * as codecKernels from "../../lua/codec-kernels";
import type { InflateStep, Inflater, InflaterOptions } from "./codec";
import {
  CODE_LENGTH_ORDER,
  DIST_BASE,
  DIST_EXTRA,
  fixedDistanceLengths,
  fixedLiteralLengths,
  LENGTH_BASE,
  LENGTH_EXTRA,
  POW2,
} from "./deflate-format";
import { buildDecodeTable, type DecodeTable, EMPTY } from "./huffman-decode";

const byte = codecKernels.byte;
const bytes = codecKernels.bytes;
const sub = codecKernels.sub;
const chars = codecKernels.chars;
const copyBack = codecKernels.copyBack;
const copyFromString = codecKernels.copyFromString;
const inlineCopyBelow = codecKernels.inlineCopyBelow;
const inflateFast = codecKernels.inflateFast;
const fill = codecKernels.fill;
const leaveUncompiled = codecKernels.leaveUncompiled;

/** What a sync flush ends with and RFC 7692 section 7.2.1 removes: an empty stored block's LEN and NLEN. */
/**
 * Copies a match of `length` bytes from `distance` back to window[out..] and returns the new `out`:
 * from the history string first where the match starts before the array (it may run on into the
 * array), then from the array itself. On PUC Lua a call to the kernel's numeric for loop costs less
 * than the while loop a TypeScript for compiles to, whatever the length; on LuaJIT short matches are
 * copied here, in the trace (lua/codec-kernels.lua, inlineCopyBelow). Both the fast and the careful
 * loop copy with it (in Lua the fast loop is lua/kernels/inflate.lua's own).
 */
function copyMatch(window: number[], out: number, distance: number, length: number, history: string, historyLength: number): number {
  if (distance > out) {
    const fromHistory = distance - out < length ? distance - out : length;
    copyFromString(window, out, history, historyLength - (distance - out) + 1, fromHistory);
    out += fromHistory;
    length -= fromHistory;
  }
  if (length >= inlineCopyBelow) {
    copyBack(window, out, distance, length);
    return out + length;
  }
  const end = out + length;
  for (let at = out; at < end; at++) window[at] = window[at - distance];
  return end;
}

const SYNC_FLUSH_TAIL = String.fromCharCode(0, 0, 255, 255);

const LITERAL_ROOT_BITS = 9;
const DISTANCE_ROOT_BITS = 7;

/** What decoding a block's codes stopped at. */
const STOP_END_OF_BLOCK = 0;
const STOP_LIMIT = 1;
const STOP_INPUT = 2;
const STOP_ERROR = 3;

/** What decodeFast returns when the careful loop of decodeCodes must go on from where it stopped. */
const STOP_CAREFUL = -1;

/**
 * decodeFast runs while this many input bytes are left: the most one symbol pair reads (a refill of
 * four bytes and one of three).
 */
const FAST_INPUT = 7;

/** 2^24 as a float (`2 ** 24` compiles to `2 ^ 24`): a byte times it may pass 2^31, where fengari's integers wrap. */
const TWO_24 = 2 ** 24;

/** Between blocks, in a stored block's data, in a compressed block's codes, or past a final block. */
const MODE_HEADER = 0;
const MODE_STORED = 1;
const MODE_CODES = 2;
const MODE_ENDED = 3;

/** A budget below the longest match could never fit one. */
const MIN_BUDGET = 258;

/**
 * Output bytes held as numbers at most (the rest of the window is the history string): 128 KiB of
 * PUC Lua heap, with the 7 entries past the end that copyFromString may write. Flushing costs a copy of the window string every ARRAY_CAP bytes, which is small next
 * to decoding them.
 */
const ARRAY_CAP = 8192 - 8;
/**
 * At the start of a read, an array this full is flushed first (all of it has been delivered). Each
 * flush copies the window's string, so the later the fewer; where the array then fills within a read,
 * it flushes as soon as the fast loop lacks room (decodeCodes), so a late flush costs no careful loop.
 */
const FLUSH_AT = 6144;

/**
 * LENGTH_BASE and LENGTH_EXTRA indexed by the length code itself (257-285): one subtraction less per
 * match. Zeros below 257 keep every index in the table's array part (a Lua table with keys only
 * from 258 on would keep them in its slower hash part).
 */
const LENGTH_BASE_BY_SYMBOL: number[] = [];
const LENGTH_EXTRA_BY_SYMBOL: number[] = [];
for (let code = 0; code <= 285; code++) {
  LENGTH_BASE_BY_SYMBOL[code] = code < 257 ? 0 : LENGTH_BASE[code - 257];
  LENGTH_EXTRA_BY_SYMBOL[code] = code < 257 ? 0 : LENGTH_EXTRA[code - 257];
}

let fixedLiterals: DecodeTable | undefined;
let fixedDistances: DecodeTable | undefined;

function fixedTables(): [DecodeTable, DecodeTable] {
  if (fixedLiterals === undefined || fixedDistances === undefined) {
    fixedLiterals = buildDecodeTable(fixedLiteralLengths(), 288, LITERAL_ROOT_BITS) as DecodeTable;
    // The fixed distance code has 32 codes of 5 bits, 30 and 31 unused: complete, so it builds.
    fixedDistances = buildDecodeTable(fixedDistanceLengths(), 32, DISTANCE_ROOT_BITS) as DecodeTable;
  }
  return [fixedLiterals, fixedDistances];
}

export class PureInflater implements Inflater {
  readonly implementation = "lua";
  private readonly windowSize: number;
  private readonly noContextTakeover: boolean;
  private readonly maxMessageSize: number;
  /**
   * Whether decodeFast runs the hand-written Lua loop (lua/kernels/inflate.lua) where there is one;
   * false runs the TypeScript loop, which tests compare it with.
   */
  useKernel = true;
  /** Blocks seen with BFINAL set (accepted; counted so tests can prove a deflater never sends one). */
  finalBlocks = 0;

  /** The latest output as numbers, `window[0 .. out - 1]`, the last bytes of the LZ77 window. */
  private window: number[] = [];
  private out = 0;
  /** The window's bytes before `window[0]`, at most windowSize of them. */
  private history = "";
  /**
   * The strings made of `window[0 .. deliveredEnd - 1]` for delivery, in order: flush joins them
   * rather than making those bytes into a string a second time (string.char over the array costs
   * more per byte than joining strings).
   */
  private delivered: string[] = [];
  private deliveredEnd = 0;

  private input = "";
  /** 1-based index of the next unread byte of `input`. */
  private next = 1;
  private bits = 0;
  private bitCount = 0;

  private mode = MODE_HEADER;
  private finalBlock = false;
  private storedLeft = 0;
  private literals: DecodeTable | undefined;
  private distances: DecodeTable | undefined;
  /** The arrays dynamic blocks build their tables in, reused block after block. */
  private readonly literalScratch: number[] = [];
  private readonly distanceScratch: number[] = [];
  private readonly codeLengthScratch: number[] = [];

  /** The current message: all its input written, and how many bytes it inflated to so far. */
  private lastPiece = false;
  private produced = 0;
  private failure: string | undefined;
  private failureStatus: "error" | "too-big" = "error";

  constructor(options: InflaterOptions) {
    // Window 8 is read as 9: zlib's deflate turns a raw window of 8 into 9 (RFC 7692 section 7.1.2.2
    // lets a peer's zlib send that), so refusing distances up to 512 would break real peers.
    this.windowSize = POW2[options.exactWindow === true ? options.windowBits : Math.max(options.windowBits, 9)];
    this.noContextTakeover = options.noContextTakeover;
    this.maxMessageSize = options.maxMessageSize;
  }

  write(data: string, last: boolean): void {
    if (this.next > this.input.length) this.input = data;
    else this.input = sub(this.input, this.next) + data;
    this.next = 1;
    if (last) {
      // RFC 7692 section 7.2.2: the sender removed the 00 00 ff ff that ends a sync flush.
      this.input = this.input + SYNC_FLUSH_TAIL;
      this.lastPiece = true;
    }
  }

  read(budget: number): InflateStep {
    if (this.failure !== undefined) return { status: this.failureStatus, data: "", error: this.failure };
    if (this.out >= FLUSH_AT) this.flush(0);
    let start = this.out;
    const allowed = this.maxMessageSize - this.produced;
    const slice = Math.max(budget, MIN_BUDGET);
    const sizeBound = allowed <= slice;
    /** Where this read's output ends, as an index of the array (moved down when the array flushes). */
    let readLimit = start + (sizeBound ? allowed : slice);
    /** The output of this read that left the array before its end. */
    let pieces: string[] | undefined;
    while (true) {
      const limit = readLimit < ARRAY_CAP ? readLimit : ARRAY_CAP;
      let stop: number;
      if (this.mode === MODE_CODES) {
        // Where the array bounds this step rather than the read, it may flush a little early.
        stop = this.decodeCodes(limit, limit < readLimit);
        if (stop === STOP_END_OF_BLOCK) this.endBlock();
      } else if (this.mode === MODE_HEADER) {
        if (this.lastPiece && this.next > this.input.length && this.bitCount === 0) return this.endMessage(start, pieces);
        stop = this.readHeader();
      } else if (this.mode === MODE_STORED) {
        stop = this.copyStored(limit);
      } else {
        // Past a final block the stream is over: what is left of the message (the appended tail) is dropped.
        this.next = this.input.length + 1;
        this.bits = 0;
        this.bitCount = 0;
        if (this.lastPiece) {
          this.mode = MODE_HEADER;
          return this.endMessage(start, pieces);
        }
        stop = STOP_INPUT;
      }
      if (stop === STOP_ERROR) return this.fail(this.failure ?? "invalid compressed data");
      if (stop === STOP_INPUT) {
        if (this.lastPiece) return this.fail("compressed data truncated");
        return this.deliver(start, "input", pieces);
      }
      if (stop === STOP_LIMIT) {
        if (limit < readLimit) {
          // The array is full, not the read: its bytes move to the history and decoding goes on.
          readLimit -= this.out;
          if (pieces === undefined) pieces = [];
          const fresh = this.flush(start);
          this.produced += fresh.length;
          pieces[pieces.length] = fresh;
          start = 0;
          continue;
        }
        if (sizeBound) return this.fail("message too big", "too-big");
        return this.deliver(start, "more", pieces);
      }
    }
  }

  close(): void {
    this.fail("inflater closed");
  }

  private deliver(start: number, status: "more" | "input" | "done", pieces: string[] | undefined): InflateStep {
    let data = chars(this.window, start, this.out);
    if (start === this.deliveredEnd) {
      this.delivered[this.delivered.length] = data;
      this.deliveredEnd = this.out;
    }
    this.produced += data.length;
    if (pieces !== undefined) {
      pieces[pieces.length] = data;
      data = pieces.join("");
    }
    return { status, data };
  }

  /**
   * Moves the array's bytes to the end of the history (keeping the last windowSize bytes) and empties
   * the array; returns those of its bytes from `start` on, which this read has not delivered yet.
   */
  private flush(start: number): string {
    const fresh = chars(this.window, this.deliveredEnd, this.out);
    const fromDelivered = start === this.deliveredEnd;
    let whole = fresh;
    if (this.deliveredEnd > 0) {
      this.delivered[this.delivered.length] = fresh;
      whole = this.delivered.join("");
    }
    this.delivered = [];
    this.deliveredEnd = 0;
    const keep = this.windowSize;
    if (whole.length >= keep) {
      this.history = sub(whole, whole.length - keep + 1);
    } else {
      // The history's tail first, then the join: one copy of the window rather than two.
      const fromHistory = keep - whole.length;
      const history = this.history;
      this.history = (history.length > fromHistory ? sub(history, history.length - fromHistory + 1) : history) + whole;
    }
    this.out = 0;
    if (fromDelivered) return fresh;
    return start === 0 ? whole : sub(whole, start + 1);
  }

  private endMessage(start: number, pieces: string[] | undefined): InflateStep {
    const step = this.deliver(start, "done", pieces);
    this.lastPiece = false;
    this.produced = 0;
    this.input = "";
    this.next = 1;
    if (this.noContextTakeover) {
      this.out = 0;
      this.history = "";
      this.delivered = [];
      this.deliveredEnd = 0;
    }
    return step;
  }

  private fail(message: string, status: "error" | "too-big" = "error"): InflateStep {
    this.failure = message;
    this.failureStatus = status;
    this.window = [];
    this.history = "";
    this.delivered = [];
    this.deliveredEnd = 0;
    this.input = "";
    return { status, data: "", error: message };
  }

  private endBlock(): void {
    if (this.finalBlock) this.finalBlocks += 1;
    this.mode = this.finalBlock ? MODE_ENDED : MODE_HEADER;
  }

  /** Ensures `count` bits are buffered, reading input; false when the input runs out first. */
  private need(count: number): boolean {
    while (this.bitCount < count) {
      if (this.next > this.input.length) return false;
      this.bits += byte(this.input, this.next) * POW2[this.bitCount];
      this.next += 1;
      this.bitCount += 8;
    }
    return true;
  }

  /** Takes the next `count` bits (buffered already by `need`). */
  private take(count: number): number {
    const value = this.bits % POW2[count];
    this.bits = (this.bits - value) / POW2[count];
    this.bitCount -= count;
    return value;
  }

  /** A block header (RFC 1951 section 3.2.3), with a stored block's lengths or a dynamic block's tables, whole or not at all. */
  private readHeader(): number {
    const savedNext = this.next;
    const savedBits = this.bits;
    const savedCount = this.bitCount;
    const stop = this.tryHeader();
    if (stop === STOP_INPUT) {
      this.next = savedNext;
      this.bits = savedBits;
      this.bitCount = savedCount;
    }
    return stop;
  }

  private tryHeader(): number {
    if (!this.need(3)) return STOP_INPUT;
    this.finalBlock = this.take(1) === 1;
    const type = this.take(2);
    if (type === 0) {
      this.take(this.bitCount % 8);
      if (!this.need(32)) return STOP_INPUT;
      const length = this.take(16);
      const complement = this.take(16);
      if (length + complement !== 65535) return this.error("invalid stored block lengths");
      this.storedLeft = length;
      this.mode = MODE_STORED;
      return -1;
    }
    if (type === 1) {
      [this.literals, this.distances] = fixedTables();
      this.mode = MODE_CODES;
      return -1;
    }
    if (type === 2) return this.readDynamicTables();
    return this.error("invalid block type");
  }

  private error(message: string): number {
    this.failure = message;
    return STOP_ERROR;
  }

  /**
   * A dynamic block's code tables (RFC 1951 section 3.2.7). The bit buffer lives in locals here (a
   * small message's time goes largely into its tables) and goes back to the fields only once the
   * tables are whole: running out of input returns STOP_INPUT with the fields untouched, which
   * readHeader rolls back to the block's start anyway.
   */
  private readDynamicTables(): number {
    const input = this.input;
    const inputEnd = input.length;
    const pow2 = POW2;
    let next = this.next;
    let bits = this.bits;
    let bitCount = this.bitCount;
    while (bitCount < 14) {
      if (next > inputEnd) return STOP_INPUT;
      bits += byte(input, next) * pow2[bitCount];
      next += 1;
      bitCount += 8;
    }
    let field = bits % 32;
    const literalCount = field + 257;
    bits = (bits - field) / 32;
    field = bits % 32;
    const distanceCount = field + 1;
    bits = (bits - field) / 32;
    field = bits % 16;
    const codeLengthCount = field + 4;
    bits = (bits - field) / 16;
    bitCount -= 14;
    if (literalCount > 286 || distanceCount > 30) return this.error("too many length or distance codes");
    const codeLengthLengths: number[] = [];
    for (let i = 0; i < 19; i++) codeLengthLengths[i] = 0;
    for (let i = 0; i < codeLengthCount; i++) {
      while (bitCount < 3) {
        if (next > inputEnd) return STOP_INPUT;
        bits += byte(input, next) * pow2[bitCount];
        next += 1;
        bitCount += 8;
      }
      field = bits % 8;
      codeLengthLengths[CODE_LENGTH_ORDER[i]] = field;
      bits = (bits - field) / 8;
      bitCount -= 3;
    }
    const codeLengthTable = buildDecodeTable(codeLengthLengths, 19, 7, true, this.codeLengthScratch);
    if (typeof codeLengthTable === "string") return this.error(`bad code lengths code: ${codeLengthTable}`);
    const lengths: number[] = [];
    const total = literalCount + distanceCount;
    let count = 0;
    const entries = codeLengthTable.entries;
    const rootSize = codeLengthTable.rootSize;
    while (count < total) {
      // A code length code (at most 7 bits, so the root holds every code) and its extra bits (at
      // most 7): 14 bits buffered where the input has them.
      while (bitCount < 14 && next <= inputEnd) {
        bits += byte(input, next) * pow2[bitCount];
        next += 1;
        bitCount += 8;
      }
      const entry = entries[bits % rootSize];
      const length = entry % 16;
      if (entry === 0 || length > bitCount) {
        if (bitCount >= 7) return this.error("invalid code lengths code");
        return STOP_INPUT;
      }
      const divisor = pow2[length];
      bits = (bits - (bits % divisor)) / divisor;
      bitCount -= length;
      const symbol = (entry - length) / 16;
      if (symbol < 16) {
        lengths[count] = symbol;
        count += 1;
      } else {
        let repeat: number;
        let value = 0;
        let extraBits: number;
        if (symbol === 16) {
          if (count === 0) return this.error("repeated code length with no previous length");
          extraBits = 2;
          repeat = 3;
          value = lengths[count - 1];
        } else if (symbol === 17) {
          extraBits = 3;
          repeat = 3;
        } else {
          extraBits = 7;
          repeat = 11;
        }
        if (bitCount < extraBits) return STOP_INPUT;
        const extraDivisor = pow2[extraBits];
        field = bits % extraDivisor;
        repeat += field;
        bits = (bits - field) / extraDivisor;
        bitCount -= extraBits;
        if (count + repeat > total) return this.error("code lengths repeat past the last code");
        // The kernel's numeric for: TypeScript's for compiles to a while loop of twice the instructions.
        fill(lengths, count, 1, count + repeat, value);
        count += repeat;
      }
    }
    this.next = next;
    this.bits = bits;
    this.bitCount = bitCount;
    if (lengths[256] === 0) return this.error("no end-of-block code");
    const literals = buildDecodeTable(lengths, literalCount, LITERAL_ROOT_BITS, false, this.literalScratch);
    if (typeof literals === "string") return this.error(`bad literal/length code lengths: ${literals}`);
    const distanceLengths: number[] = [];
    for (let i = 0; i < distanceCount; i++) distanceLengths[i] = lengths[literalCount + i];
    const distances = buildDecodeTable(distanceLengths, distanceCount, DISTANCE_ROOT_BITS, false, this.distanceScratch);
    if (typeof distances === "string") return this.error(`bad distance code lengths: ${distances}`);
    this.literals = literals;
    this.distances = distances;
    this.mode = MODE_CODES;
    return -1;
  }

  /** A stored block's bytes (RFC 1951 section 3.2.4), as far as the input and `limit` go. */
  private copyStored(limit: number): number {
    const window = this.window;
    let out = this.out;
    let left = this.storedLeft;
    // Whole bytes still in the bit buffer come first (the header's alignment left them there).
    while (left > 0 && this.bitCount >= 8 && out < limit) {
      window[out] = this.take(8);
      out += 1;
      left -= 1;
    }
    const input = this.input;
    let next = this.next;
    let count = Math.min(left, limit - out, input.length - next + 1);
    left -= count;
    while (count > 0) {
      window[out] = byte(input, next);
      out += 1;
      next += 1;
      count -= 1;
    }
    this.next = next;
    this.out = out;
    this.storedLeft = left;
    if (left === 0) {
      this.endBlock();
      return -1;
    }
    return out >= limit ? STOP_LIMIT : STOP_INPUT;
  }

  /**
   * The codes of a compressed block while at least FAST_INPUT bytes of input and room for a longest
   * match are left, so that no symbol can run past either: none of the per-symbol checks of the
   * careful loop below (input left, bits buffered, room, rolling back) is needed, which is a quarter
   * of its instructions per match. Invalid codes fail here (with 21 bits buffered, an empty slot is
   * no partial code). Returns STOP_END_OF_BLOCK, STOP_ERROR, or STOP_CAREFUL with the state in the
   * fields, where the careful loop goes on.
   */
  private decodeFast(limit: number): number {
    if (inflateFast !== undefined && this.useKernel) {
      const [stop, out, next, bits, bitCount, message] = inflateFast(
        this.window,
        this.out,
        this.input,
        this.next,
        this.bits,
        this.bitCount,
        limit,
        this.literals!.entries,
        this.literals!.rootSize,
        this.distances!.entries,
        this.distances!.rootSize,
        this.windowSize,
        this.history,
      );
      this.out = out;
      this.next = next;
      this.bits = bits;
      this.bitCount = bitCount;
      if (message !== undefined) this.failure = message;
      return stop;
    }
    const window = this.window;
    const input = this.input;
    const fastInputEnd = this.input.length - FAST_INPUT + 1;
    const fastLimit = limit - MIN_BUDGET;
    const literalEntries = this.literals!.entries;
    const literalRoot = this.literals!.rootSize;
    const distanceEntries = this.distances!.entries;
    const distanceRoot = this.distances!.rootSize;
    const windowSize = this.windowSize;
    const history = this.history;
    const historyLength = history.length;
    const pow2 = POW2;
    const lengthBase = LENGTH_BASE_BY_SYMBOL;
    const lengthExtraBits = LENGTH_EXTRA_BY_SYMBOL;
    const distanceBase = DIST_BASE;
    const distanceExtraBits = DIST_EXTRA;
    let out = this.out;
    let next = this.next;
    let bits = this.bits;
    let bitCount = this.bitCount;
    let stop = STOP_CAREFUL;
    while (next <= fastInputEnd && out <= fastLimit) {
      // At least 21 bits: a length code (15) and its extra bits (5). Four bytes at a time, so at most
      // 52 bits, exact in a double (the fourth byte's weight a float: fengari's integers are 32-bit).
      if (bitCount < 21) {
        const [b0, b1, b2, b3] = bytes(input, next, next + 3);
        bits += (b0 + b1 * 256 + b2 * 65536 + b3 * TWO_24) * pow2[bitCount];
        next += 4;
        bitCount += 32;
      }
      let entry = literalEntries[bits % literalRoot];
      if (entry < 0) {
        if (entry !== EMPTY) {
          entry = -entry;
          const subBits = entry % 16;
          entry = literalEntries[(entry - subBits) / 16 + (((bits - (bits % literalRoot)) / literalRoot) % pow2[subBits])];
        }
        if (entry <= 0) {
          stop = this.error("invalid literal/length code");
          break;
        }
      }
      let length = entry % 16;
      let divisor = pow2[length];
      if (entry < 4096) {
        bits = (bits - (bits % divisor)) / divisor;
        bitCount -= length;
        window[out] = (entry - length) / 16;
        out += 1;
      } else {
        const symbol = (entry - length) / 16;
        if (symbol > 285) {
          stop = this.error("invalid literal/length code");
          break;
        }
        bits = (bits - (bits % divisor)) / divisor;
        bitCount -= length;
        if (symbol === 256) {
          stop = STOP_END_OF_BLOCK;
          break;
        }
        let matchLength = lengthBase[symbol];
        const lengthExtra = lengthExtraBits[symbol];
        if (lengthExtra > 0) {
          divisor = pow2[lengthExtra];
          const extra = bits % divisor;
          matchLength += extra;
          bits = (bits - extra) / divisor;
          bitCount -= lengthExtra;
        }
        // At least 28 bits: a distance code (15) and its extra bits (13). At most 51.
        if (bitCount < 28) {
          const [b0, b1, b2] = bytes(input, next, next + 2);
          bits += (b0 + b1 * 256 + b2 * 65536) * pow2[bitCount];
          next += 3;
          bitCount += 24;
        }
        entry = distanceEntries[bits % distanceRoot];
        if (entry < 0) {
          if (entry !== EMPTY) {
            entry = -entry;
            const subBits = entry % 16;
            entry = distanceEntries[(entry - subBits) / 16 + (((bits - (bits % distanceRoot)) / distanceRoot) % pow2[subBits])];
          }
          if (entry <= 0) {
            stop = this.error("invalid distance code");
            break;
          }
        }
        length = entry % 16;
        const distanceCode = (entry - length) / 16;
        if (distanceCode > 29) {
          stop = this.error("invalid distance code");
          break;
        }
        divisor = pow2[length];
        bits = (bits - (bits % divisor)) / divisor;
        bitCount -= length;
        let distance = distanceBase[distanceCode];
        const distanceExtra = distanceExtraBits[distanceCode];
        if (distanceExtra > 0) {
          divisor = pow2[distanceExtra];
          const extra = bits % divisor;
          distance += extra;
          bits = (bits - extra) / divisor;
          bitCount -= distanceExtra;
        }
        if (distance > windowSize || distance > out + historyLength) {
          stop = this.error("invalid distance too far back");
          break;
        }
        out = copyMatch(window, out, distance, matchLength, history, historyLength);
      }
    }
    this.out = out;
    this.next = next;
    this.bits = bits;
    this.bitCount = bitCount;
    return stop;
  }

  /**
   * The literal/length and distance codes of a compressed block (RFC 1951 section 3.2.5), up to its
   * end-of-block code, the output `limit` or the end of the input. The state lives in locals here and
   * goes back to the fields on the way out: this loop is where inflating spends its time.
   * `arrayBound`: the limit is the array's end, not the read's, so that the array may flush before
   * it is full; then where the fast loop stops for room (within a longest match of the limit), the
   * array flushes and the fast loop goes on, rather than the careful loop filling its last bytes
   * (that loop runs several times slower, and on LuaJIT it is not compiled).
   */
  private decodeCodes(limit: number, arrayBound: boolean): number {
    const fast = this.decodeFast(limit);
    if (fast !== STOP_CAREFUL) return fast;
    if (arrayBound && this.out > limit - MIN_BUDGET) return STOP_LIMIT;
    const window = this.window;
    const input = this.input;
    const inputEnd = this.input.length;
    const literalEntries = this.literals!.entries;
    const literalRoot = this.literals!.rootSize;
    const distanceEntries = this.distances!.entries;
    const distanceRoot = this.distances!.rootSize;
    const windowSize = this.windowSize;
    const history = this.history;
    const historyLength = history.length;
    const pow2 = POW2;
    let out = this.out;
    let next = this.next;
    let bits = this.bits;
    let bitCount = this.bitCount;
    let stop = STOP_END_OF_BLOCK;
    while (true) {
      // Bytes taken into the bit buffer stay there whatever happens next: the state is consistent.
      // At least 25 bits (a length code and its extra bits), three bytes per string.byte call while
      // there are three: at most 48 bits buffered, exact in a double.
      if (bitCount < 25) {
        if (next + 2 <= inputEnd) {
          const [b0, b1, b2] = bytes(input, next, next + 2);
          bits += (b0 + b1 * 256 + b2 * 65536) * pow2[bitCount];
          next += 3;
          bitCount += 24;
        } else {
          while (bitCount < 25 && next <= inputEnd) {
            bits += byte(input, next) * pow2[bitCount];
            next += 1;
            bitCount += 8;
          }
        }
      }
      let entry = literalEntries[bits % literalRoot];
      if (entry === EMPTY) {
        entry = 0;
      } else if (entry < 0) {
        entry = -entry;
        const subBits = entry % 16;
        entry = literalEntries[(entry - subBits) / 16 + (((bits - (bits % literalRoot)) / literalRoot) % pow2[subBits])];
      }
      let length = entry % 16;
      if (entry === 0 || length > bitCount) {
        if (entry === 0 && bitCount >= 15) {
          this.failure = "invalid literal/length code";
          stop = STOP_ERROR;
        } else {
          stop = STOP_INPUT;
        }
        break;
      }
      // Symbols below 256 (entries below 4096) are literals: the common case first.
      if (entry < 4096) {
        // A literal with no room stops before its code is consumed: nothing to roll back.
        if (out >= limit) {
          stop = STOP_LIMIT;
          break;
        }
        const divisor = pow2[length];
        bits = (bits - (bits % divisor)) / divisor;
        bitCount -= length;
        window[out] = (entry - length) / 16;
        out += 1;
      } else {
        const symbol = (entry - length) / 16;
        if (symbol === 256) {
          const divisor = pow2[length];
          bits = (bits - (bits % divisor)) / divisor;
          bitCount -= length;
          break;
        }
        if (symbol > 285) {
          this.failure = "invalid literal/length code";
          stop = STOP_ERROR;
          break;
        }
        // A match. Where one that cannot finish (input, room) rolls back to: before its length code.
        const symbolNext = next;
        const symbolBits = bits;
        const symbolCount = bitCount;
        let divisor = pow2[length];
        bits = (bits - (bits % divisor)) / divisor;
        bitCount -= length;
        // Its length's extra bits are buffered already (unless the input ran out).
        let matchLength = LENGTH_BASE[symbol - 257];
        const lengthExtra = LENGTH_EXTRA[symbol - 257];
        if (lengthExtra > 0) {
          if (bitCount < lengthExtra) {
            next = symbolNext;
            bits = symbolBits;
            bitCount = symbolCount;
            stop = STOP_INPUT;
            break;
          }
          const extra = bits % pow2[lengthExtra];
          matchLength += extra;
          bits = (bits - extra) / pow2[lengthExtra];
          bitCount -= lengthExtra;
        }
        // The distance code and its extra bits: at least 28 bits, at most 51 buffered.
        if (bitCount < 28) {
          if (next + 2 <= inputEnd) {
            const [b0, b1, b2] = bytes(input, next, next + 2);
            bits += (b0 + b1 * 256 + b2 * 65536) * pow2[bitCount];
            next += 3;
            bitCount += 24;
          } else {
            while (bitCount < 28 && next <= inputEnd) {
              bits += byte(input, next) * pow2[bitCount];
              next += 1;
              bitCount += 8;
            }
          }
        }
        entry = distanceEntries[bits % distanceRoot];
        if (entry === EMPTY) {
          entry = 0;
        } else if (entry < 0) {
          entry = -entry;
          const subBits = entry % 16;
          entry = distanceEntries[(entry - subBits) / 16 + (((bits - (bits % distanceRoot)) / distanceRoot) % pow2[subBits])];
        }
        length = entry % 16;
        if (entry === 0 || length > bitCount) {
          if (entry === 0 && bitCount >= 15) {
            this.failure = "invalid distance code";
            stop = STOP_ERROR;
          } else {
            stop = STOP_INPUT;
          }
          next = symbolNext;
          bits = symbolBits;
          bitCount = symbolCount;
          break;
        }
        const distanceCode = (entry - length) / 16;
        divisor = pow2[length];
        bits = (bits - (bits % divisor)) / divisor;
        bitCount -= length;
        if (distanceCode > 29) {
          this.failure = "invalid distance code";
          stop = STOP_ERROR;
          break;
        }
        let distance = DIST_BASE[distanceCode];
        const distanceExtra = DIST_EXTRA[distanceCode];
        if (distanceExtra > 0) {
          if (bitCount < distanceExtra) {
            next = symbolNext;
            bits = symbolBits;
            bitCount = symbolCount;
            stop = STOP_INPUT;
            break;
          }
          const extra = bits % pow2[distanceExtra];
          distance += extra;
          bits = (bits - extra) / pow2[distanceExtra];
          bitCount -= distanceExtra;
        }
        if (distance > windowSize || distance > out + historyLength) {
          this.failure = "invalid distance too far back";
          stop = STOP_ERROR;
          break;
        }
        if (out + matchLength > limit) {
          next = symbolNext;
          bits = symbolBits;
          bitCount = symbolCount;
          stop = STOP_LIMIT;
          break;
        }
        out = copyMatch(window, out, distance, matchLength, history, historyLength);
      }
    }
    this.out = out;
    this.next = next;
    this.bits = bits;
    this.bitCount = bitCount;
    return stop;
  }
}

// LuaJIT: the careful loop, and the call around the kernel that leads into it, run interpreted
// (lua/codec-kernels.lua, leaveUncompiled, says why): 6% fewer machine instructions inflating the
// benchmark's corpus. Bracket access: the methods are private.
leaveUncompiled(PureInflater.prototype["decodeCodes"]);
leaveUncompiled(PureInflater.prototype["decodeFast"]);
