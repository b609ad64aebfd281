/**
 * Raw DEFLATE compression (RFC 1951) for permessage-deflate (RFC 7692); the contract is in codec.ts.
 *
 * LZ77 (section 4 of RFC 1951): every position's next three bytes, taken as one number (a trigram,
 * never hashed, so a hit needs no check), index the last position they occurred at; level 1 tries
 * that one candidate (greedy, like zlib's fastest level), higher levels also follow a chain of older
 * positions with the same trigram and insert every position of a match, trading speed for ratio.
 * The window is the last 2^windowBits bytes: of the previous messages with context takeover (kept as
 * one string in front of the message), of this message alone without. No match reaches further.
 *
 * Each block gets whichever of stored, fixed and dynamic Huffman coding is shortest (computed
 * exactly; a block of few symbols only stored or fixed, see SMALL_BLOCK_SYMBOLS), and blocks end at
 * most every BLOCK_SYMBOLS symbols and at the end of each read's slice.
 *
 * The two loops that run per position and per symbol, scanPositions and encodeSymbols, are the
 * reference for the Lua runtimes' hand-written twins (lua/kernels/deflate.lua, through
 * lua/codec-kernels), which give the same bytes; the rest of the deflater runs as compiled.
 *
 * A message ends with the first three bytes of a sync flush's empty stored block padded to a byte:
 * what zlib's Z_SYNC_FLUSH writes without the 00 00 ff ff that RFC 7692 section 7.2.1 removes.
 */
import * as codecKernels from "../../lua/codec-kernels";
import type { DeflateStep, Deflater, DeflaterOptions } from "./codec";
import {
  CODE_LENGTH_ORDER,
  DIST_BASE,
  DIST_EXTRA,
  END_OF_BLOCK,
  fixedDistanceLengths,
  fixedLiteralLengths,
  LENGTH_BASE,
  LENGTH_EXTRA,
  MAX_MATCH,
  POW2,
} from "./deflate-format";
import { buildCodeLengths, canonicalCodes } from "./huffman-encode";

const byte = codecKernels.byte;
const sub = codecKernels.sub;
const chars = codecKernels.chars;
const bytes = codecKernels.bytes;
const matchLength = codecKernels.matchLength;
const fill = codecKernels.fill;

/** Symbols per block at most: a new block adapts its codes to the data (zlib's default is 16384; half of it costs 0.1% of size here and halves that array). */
const BLOCK_SYMBOLS = 8192;
/** A match's symbol is 256 + length + distance * MATCH_DISTANCE_UNIT: one array for the block's symbols. */
const MATCH_DISTANCE_UNIT = 1024;
/** Distinct trigrams kept before the index starts afresh (bounds its memory on binary data). */
const MAX_TRIGRAMS = 32768;
/** Hash chain lengths per level (0 unused: level 0 stores). */
const CHAIN_LENGTH = [0, 4, 4, 8, 16, 32, 64, 128, 256, 1024];
/** A match this long ends the search (zlib's nice_length, by level). */
const NICE_LENGTH = [0, 8, 32, 64, 128, 128, 128, 258, 258, 258];
/** Matches up to this long have every position indexed (zlib's max_insert_length at level 1); longer ones only their first, below level 2. */
const INSERT_ALL_BELOW_LEVEL = 2;
const MAX_INSERT_LENGTH = 4;
/**
 * How far back chains reach at levels 1-3 (the head of each chain still reaches the whole window):
 * the chain index is an array of numbers, 16 bytes per entry on PUC Lua, so a 32 KiB window's would
 * hold 512 KiB per deflater. Levels 4 and up chain over the whole window.
 */
const SHORT_CHAIN_SPAN = 8192;
const SHORT_CHAIN_BELOW_LEVEL = 4;
/**
 * Blocks of fewer symbols than this take fixed or stored coding without their dynamic code being
 * built: a dynamic header costs some 30-60 bytes, which so few symbols rarely win back. On the
 * benchmark's corpus (400 small updates) the dynamic code is the shortest for 162 of its 399 blocks
 * below 100 symbols and saves 589 bytes in all (0.4% of the output), while building it is a fifth
 * of deflating's work.
 */
const SMALL_BLOCK_SYMBOLS = 100;
/** Output bytes gathered as numbers before they become a string: a symbol adds at most 6, so the array stays within 4096 entries. */
const OUTPUT_CHUNK = 4080;

/** LENGTH_CODE[length] for lengths 3..258: the index of its length code (code - 257). */
const LENGTH_CODE: number[] = [];
/** Distance codes of distances 1..256, and of 257..32768 by (distance - 1) / 128. */
const DIST_CODE_SMALL: number[] = [];
const DIST_CODE_LARGE: number[] = [];
for (let c = 0; c < 29; c++) {
  for (let l = LENGTH_BASE[c]; l < LENGTH_BASE[c] + POW2[LENGTH_EXTRA[c]]; l++) LENGTH_CODE[l] = c;
}
LENGTH_CODE[258] = 28;
// Codes above 256 cover whole steps of 128 distances: a loop over steps, not over 32 K distances
// (this runs when the plugin loads).
for (let c = 0; c < 30; c++) {
  const base = DIST_BASE[c];
  const count = POW2[DIST_EXTRA[c]];
  if (base <= 256) {
    for (let d = base; d < base + count; d++) DIST_CODE_SMALL[d] = c;
  } else {
    for (let step = (base - 1) / 128; step < (base - 1 + count) / 128; step++) DIST_CODE_LARGE[step] = c;
  }
}

const FIXED_LITERAL_LENGTHS = fixedLiteralLengths();
const FIXED_LITERAL_CODES = canonicalCodes(FIXED_LITERAL_LENGTHS, 288);
const FIXED_DISTANCE_LENGTHS = fixedDistanceLengths();
const FIXED_DISTANCE_CODES = canonicalCodes(FIXED_DISTANCE_LENGTHS, 30);

function zeros(count: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) values[i] = 0;
  return values;
}

/**
 * A block's codes as emitSymbols sends them. A length (indexed by 256 + length, as in a match's
 * symbol) is its code and its extra bits in one value of lengthBits bits; a distance of code c is
 * distanceOffset[c] + distance * distanceScale[c] (its code, then distance - base above it) of
 * distanceBits[c] bits. Looked up once per match instead of code, extra bits and base apart.
 */
export interface SymbolCodes {
  literalCodes: number[];
  literalLengths: number[];
  lengthValue: number[];
  lengthBits: number[];
  distanceOffset: number[];
  distanceScale: number[];
  distanceBits: number[];
}

function symbolCodes(literalCodes: number[], literalLengths: number[], distanceCodes: number[], distanceLengths: number[]): SymbolCodes {
  const lengthValue: number[] = [];
  const lengthBits: number[] = [];
  for (let length = 3; length <= MAX_MATCH; length++) {
    const c = LENGTH_CODE[length];
    const codeLength = literalLengths[257 + c];
    lengthValue[256 + length] = literalCodes[257 + c] + (length - LENGTH_BASE[c]) * POW2[codeLength];
    lengthBits[256 + length] = codeLength + LENGTH_EXTRA[c];
  }
  const distanceOffset: number[] = [];
  const distanceScale: number[] = [];
  const distanceBits: number[] = [];
  for (let c = 0; c < 30; c++) {
    const scale = POW2[distanceLengths[c]];
    distanceOffset[c] = distanceCodes[c] - DIST_BASE[c] * scale;
    distanceScale[c] = scale;
    distanceBits[c] = distanceLengths[c] + DIST_EXTRA[c];
  }
  return { literalCodes, literalLengths, lengthValue, lengthBits, distanceOffset, distanceScale, distanceBits };
}

const FIXED_CODES = symbolCodes(FIXED_LITERAL_CODES, FIXED_LITERAL_LENGTHS, FIXED_DISTANCE_CODES, FIXED_DISTANCE_LENGTHS);

/** Where an encoding stopped: the output bytes gathered, the bit buffer and its bit count. Reused: one encoding at a time. */
const ENCODE_PROGRESS: number[] = [0, 0, 0];

/**
 * Huffman codes (section 3.2.5) for symbols[0 .. count - 1] and the end-of-block code, appended to
 * the bit stream: bits first into bitBuffer (bitCount of them, the oldest lowest), whole bytes into
 * bytes[byteCount ..], which become a string in `parts` whenever OUTPUT_CHUNK are gathered. Writes
 * the writer's state afterwards (fewer than 8 bits left in the buffer) into `progress`.
 *
 * This is the reference: lua/kernels/deflate.lua's encode writes the same bytes where present.
 */
function encodeSymbols(
  symbols: number[],
  count: number,
  codes: SymbolCodes,
  bytes: number[],
  byteCount: number,
  bitBuffer: number,
  bitCount: number,
  parts: string[],
  progress: number[],
): void {
  const pow2 = POW2;
  const literalCodes = codes.literalCodes;
  const literalLengths = codes.literalLengths;
  const lengthValue = codes.lengthValue;
  const lengthBits = codes.lengthBits;
  const distanceOffset = codes.distanceOffset;
  const distanceScale = codes.distanceScale;
  const distanceBits = codes.distanceBits;
  for (let k = 0; k < count; k++) {
    if (byteCount >= OUTPUT_CHUNK) {
      parts.push(chars(bytes, 0, byteCount));
      byteCount = 0;
    }
    const symbol = symbols[k];
    if (symbol < END_OF_BLOCK) {
      bitBuffer += literalCodes[symbol] * pow2[bitCount];
      bitCount += literalLengths[symbol];
    } else {
      // The length's code and extra bits at once, then the distance's.
      const lengthPart = symbol % MATCH_DISTANCE_UNIT;
      const distance = (symbol - lengthPart) / MATCH_DISTANCE_UNIT;
      bitBuffer += lengthValue[lengthPart] * pow2[bitCount];
      bitCount += lengthBits[lengthPart];
      while (bitCount >= 8) {
        const low = bitBuffer % 256;
        bytes[byteCount] = low;
        byteCount += 1;
        bitBuffer = (bitBuffer - low) / 256;
        bitCount -= 8;
      }
      const code = distance <= 256 ? DIST_CODE_SMALL[distance] : DIST_CODE_LARGE[(distance - 1 - ((distance - 1) % 128)) / 128];
      bitBuffer += (distanceOffset[code] + distance * distanceScale[code]) * pow2[bitCount];
      bitCount += distanceBits[code];
    }
    while (bitCount >= 8) {
      const low = bitBuffer % 256;
      bytes[byteCount] = low;
      byteCount += 1;
      bitBuffer = (bitBuffer - low) / 256;
      bitCount -= 8;
    }
  }
  bitBuffer += literalCodes[END_OF_BLOCK] * pow2[bitCount];
  bitCount += literalLengths[END_OF_BLOCK];
  while (bitCount >= 8) {
    const low = bitBuffer % 256;
    bytes[byteCount] = low;
    byteCount += 1;
    bitBuffer = (bitBuffer - low) / 256;
    bitCount -= 8;
  }
  progress[0] = byteCount;
  progress[1] = bitBuffer;
  progress[2] = bitCount;
}

/** The hand-written encoding where the runtime has it (lua/kernels/deflate.lua), else the reference. */
const encode = codecKernels.deflateEncode ?? encodeSymbols;

/** The bits of a block's symbols (extra bits included, header excluded) under the given code lengths. */
export function codedBits(literalFrequencies: number[], literalLengths: number[], distanceFrequencies: number[], distanceLengths: number[]): number {
  let bits = 0;
  for (let s = 0; s < 286; s++) {
    const f = literalFrequencies[s];
    if (f > 0) bits += f * (literalLengths[s] + (s > 256 ? LENGTH_EXTRA[s - 257] : 0));
  }
  for (let s = 0; s < 30; s++) {
    const f = distanceFrequencies[s];
    if (f > 0) bits += f * (distanceLengths[s] + DIST_EXTRA[s]);
  }
  return bits;
}

/**
 * codedBits under the fixed code, from the symbols themselves (the end-of-block code included):
 * for a small block a pass over its few symbols instead of over all 316 frequencies.
 */
export function fixedCodedBits(symbols: number[], count: number): number {
  const literalLengths = FIXED_LITERAL_LENGTHS;
  const lengthBits = FIXED_CODES.lengthBits;
  const distanceBits = FIXED_CODES.distanceBits;
  let bits = literalLengths[END_OF_BLOCK];
  for (let k = 0; k < count; k++) {
    const symbol = symbols[k];
    if (symbol < END_OF_BLOCK) {
      bits += literalLengths[symbol];
    } else {
      const lengthPart = symbol % MATCH_DISTANCE_UNIT;
      const distance = (symbol - lengthPart) / MATCH_DISTANCE_UNIT;
      const code = distance <= 256 ? DIST_CODE_SMALL[distance] : DIST_CODE_LARGE[(distance - 1 - ((distance - 1) % 128)) / 128];
      bits += lengthBits[lengthPart] + distanceBits[code];
    }
  }
  return bits;
}

/** Where a scan stopped: the next buffer index, the block's symbol count, how many trigrams it saw first. Reused: one scan at a time. */
const SCAN_PROGRESS: number[] = [0, 0, 0];

/**
 * LZ77 (the module comment) over buffer[i .. sliceEnd], until that is done or the block holds
 * symbolLimit symbols: each position's trigram looked up in `head` (its last position) and
 * `previous` (older ones, by position % chainSpan), the longest match within the window taken
 * (greedy), its symbol and frequencies counted. Writes where it stopped into `progress`.
 *
 * This is the reference: lua/kernels/deflate.lua is the same scan hand-written in Lua, which the
 * codec runs where the kernel is present (every Lua runtime), and which must give the same symbols.
 */
function scanPositions(
  buffer: string,
  i: number,
  sliceEnd: number,
  offset: number,
  lowest: number,
  head: number[],
  previous: number[],
  chainSpan: number,
  chainLength: number,
  niceLength: number,
  maxDistance: number,
  insertAll: boolean,
  symbols: number[],
  symbolCount: number,
  symbolLimit: number,
  literalFrequencies: number[],
  distanceFrequencies: number[],
  progress: number[],
): void {
  const end = buffer.length;
  let trigrams = 0;
  while (i <= sliceEnd && symbolCount < symbolLimit) {
    // The last two bytes of the message have no trigram: literals. An if/else rather than a
    // `continue`, which TypeScriptToLua turns into a flagged repeat-until around every position.
    if (i + 2 > end) {
      const literal = byte(buffer, i);
      symbols[symbolCount] = literal;
      symbolCount += 1;
      literalFrequencies[literal] += 1;
      i += 1;
    } else {
      // The trigram inline (one string.byte call for three bytes), not through a function: this runs per position.
      const [first, second, third] = bytes(buffer, i, i + 2);
      const key = (first * 256 + second) * 256 + third;
      const position = i + offset;
      let candidate = head[key];
      head[key] = position;
      if (candidate === undefined) trigrams += 1;
      // Every indexed position writes its slot, a first occurrence too (with nothing): a slot shared
      // with a position chainSpan back must not pass that one's link off as this one's. Chains skip
      // the first three bytes' comparison, so a stale link would make a wrong match.
      previous[position % chainSpan] = candidate;
      let bestLength = 0;
      let bestDistance = 0;
      if (candidate !== undefined) {
        // Conditionals rather than Math.max/min: two function calls per position on PUC Lua.
        const floor = position - maxDistance > lowest ? position - maxDistance : lowest;
        const room = end - i + 1 < MAX_MATCH ? end - i + 1 : MAX_MATCH;
        let chain = chainLength;
        while (candidate >= floor) {
          // A candidate can beat the best so far only if it agrees at the byte just past it (zlib's
          // scan_end check): two byte reads instead of a full comparison for most of a chain.
          const from = candidate - offset;
          const length =
            bestLength === 0 || byte(buffer, from + bestLength) === byte(buffer, i + bestLength) ? 3 + matchLength(buffer, from + 3, i + 3, room - 3) : 0;
          if (length > bestLength) {
            bestLength = length;
            bestDistance = position - candidate;
            if (length >= niceLength || length >= room) break;
          }
          chain -= 1;
          // Past the span, the candidate's slot may hold a newer position's link.
          if (chain <= 0 || position - candidate >= chainSpan) break;
          const older: number | undefined = previous[candidate % chainSpan];
          if (older === undefined || older >= candidate) break;
          candidate = older;
        }
      }
      if (bestLength >= 3) {
        symbols[symbolCount] = 256 + bestLength + bestDistance * MATCH_DISTANCE_UNIT;
        symbolCount += 1;
        literalFrequencies[257 + LENGTH_CODE[bestLength]] += 1;
        // The distance's code from DIST_CODE_* inline, not through a function: this runs per match.
        const code = bestDistance <= 256 ? DIST_CODE_SMALL[bestDistance] : DIST_CODE_LARGE[(bestDistance - 1 - ((bestDistance - 1) % 128)) / 128];
        distanceFrequencies[code] += 1;
        if (insertAll || bestLength <= MAX_INSERT_LENGTH) {
          // The positions inside the match go into the index too: all of them from level 2, those of
          // short matches at level 1 (as zlib's fastest level does).
          const stop = i + bestLength - 1 < end - 2 ? i + bestLength - 1 : end - 2;
          for (let j = i + 1; j <= stop; j++) {
            const [b0, b1, b2] = bytes(buffer, j, j + 2);
            const k = (b0 * 256 + b1) * 256 + b2;
            const p = j + offset;
            const older = head[k];
            if (older === undefined) trigrams += 1;
            previous[p % chainSpan] = older;
            head[k] = p;
          }
        }
        i += bestLength;
      } else {
        symbols[symbolCount] = first;
        symbolCount += 1;
        literalFrequencies[first] += 1;
        i += 1;
      }
    }
  }
  progress[0] = i;
  progress[1] = symbolCount;
  progress[2] = trigrams;
}

/** The hand-written scan where the runtime has it (lua/kernels/deflate.lua), else the reference. */
const scan = codecKernels.deflateScan ?? scanPositions;

export class PureDeflater implements Deflater {
  readonly implementation = "lua";
  private readonly maxDistance: number;
  private readonly noContextTakeover: boolean;
  private readonly level: number;
  private readonly chainLength: number;
  private readonly niceLength: number;
  /** `previous` is indexed by position % chainSpan, so a chain is followed only within that span. */
  private readonly chainSpan: number;

  /** The window before the message (with context takeover) and the message. */
  private buffer = "";
  /** Absolute stream position of buffer[1] minus one: buffer index i is position i + offset. */
  private offset = 0;
  /** Buffer index of the first byte of the message, and of the next byte to compress. */
  private messageStart = 1;
  private next = 1;
  private pending = false;

  /** Last position of each trigram, and (levels 2+) the previous position of the same trigram, by position % window. */
  private head: number[] = [];
  private trigrams = 0;
  private previous: number[] = [];
  /**
   * Whether `previous` holds its chainSpan numbers yet (zeros: no older position). Filled whole on
   * first use, its slots live in the Lua table's array part (16 bytes each on PUC Lua), where the
   * positions level 1 indexes, a quarter of them or so, would otherwise sit in its hash part at 40
   * bytes each: less heap and a faster read per candidate.
   */
  private previousSized = false;

  /** The current block's symbols: literal bytes, or 256 + match length + its distance * MATCH_DISTANCE_UNIT. */
  private symbols: number[] = [];
  private symbolCount = 0;
  private literalFrequencies = zeros(286);
  private distanceFrequencies = zeros(30);
  /** Buffer index where the current block's bytes begin (for a stored block). */
  private blockStart = 1;

  /** Output: whole strings, then bytes not yet made a string, then bits not yet a byte. */
  private parts: string[] = [];
  private bytes: number[] = [];
  private byteCount = 0;
  private bitBuffer = 0;
  private bitCount = 0;

  constructor(options: DeflaterOptions) {
    this.maxDistance = POW2[options.windowBits];
    this.noContextTakeover = options.noContextTakeover;
    this.level = options.level;
    this.chainLength = CHAIN_LENGTH[options.level];
    this.niceLength = NICE_LENGTH[options.level];
    this.chainSpan = options.level < SHORT_CHAIN_BELOW_LEVEL ? Math.min(SHORT_CHAIN_SPAN, this.maxDistance) : this.maxDistance;
  }

  write(message: string): void {
    const end = this.buffer.length;
    const absoluteEnd = end + this.offset;
    if (this.noContextTakeover || end === 0) {
      this.buffer = message;
      this.offset = absoluteEnd;
      this.messageStart = 1;
    } else {
      const keep = Math.min(end, this.maxDistance);
      this.buffer = sub(this.buffer, end - keep + 1) + message;
      this.offset = absoluteEnd - keep;
      this.messageStart = keep + 1;
    }
    this.next = this.messageStart;
    this.blockStart = this.next;
    this.pending = true;
  }

  read(budget: number): DeflateStep {
    if (!this.pending) return { status: "done", data: "" };
    const end = this.buffer.length;
    const sliceEnd = Math.min(end, this.next + Math.max(budget, 1) - 1);
    if (this.level === 0) this.store(sliceEnd);
    else this.compress(sliceEnd);
    if (this.symbolCount > 0 || this.blockStart <= sliceEnd) this.endBlock();
    let status: "more" | "done" = "more";
    if (this.next > end) {
      // The sync flush's empty stored block, without LEN and NLEN (00 00 ff ff): BFINAL=0, BTYPE=00, padding.
      this.putBits(0, 3);
      if (this.bitCount > 0) this.putBits(0, 8 - this.bitCount);
      status = "done";
      this.pending = false;
    }
    return { status, data: this.takeOutput() };
  }

  close(): void {
    this.buffer = "";
    this.head = [];
    this.previous = [];
    this.previousSized = false;
    this.pending = false;
  }

  private takeOutput(): string {
    this.parts.push(chars(this.bytes, 0, this.byteCount));
    this.byteCount = 0;
    const data = this.parts.length === 1 ? this.parts[0] : this.parts.join("");
    this.parts = [];
    return data;
  }

  private putBits(value: number, count: number): void {
    this.bitBuffer += value * POW2[this.bitCount];
    this.bitCount += count;
    while (this.bitCount >= 8) {
      const low = this.bitBuffer % 256;
      this.bytes[this.byteCount] = low;
      this.byteCount += 1;
      this.bitBuffer = (this.bitBuffer - low) / 256;
      this.bitCount -= 8;
    }
  }

  /** Level 0: the slice as it is, in stored blocks. */
  private store(sliceEnd: number): void {
    this.next = sliceEnd + 1;
  }

  /** LZ77 over buffer[next .. sliceEnd] into the block's symbols (matches may run past sliceEnd, never past the message). */
  private compress(sliceEnd: number): void {
    if (!this.previousSized) {
      fill(this.previous, 0, 1, this.chainSpan, 0);
      this.previousSized = true;
    }
    const buffer = this.buffer;
    const offset = this.offset;
    // Matches never reach into what came before the message without context takeover.
    const lowest = this.noContextTakeover ? this.messageStart + offset : offset + 1;
    const insertAll = this.level >= INSERT_ALL_BELOW_LEVEL;
    const progress = SCAN_PROGRESS;
    let symbolCount = this.symbolCount;
    let i = this.next;
    while (i <= sliceEnd) {
      if (symbolCount >= BLOCK_SYMBOLS) {
        this.symbolCount = symbolCount;
        this.next = i;
        this.endBlock();
        symbolCount = 0;
      }
      scan(buffer, i, sliceEnd, offset, lowest, this.head, this.previous, this.chainSpan, this.chainLength, this.niceLength, this.maxDistance, insertAll,
        this.symbols, symbolCount, BLOCK_SYMBOLS, this.literalFrequencies, this.distanceFrequencies, progress);
      i = progress[0];
      symbolCount = progress[1];
      this.trigrams += progress[2];
    }
    this.symbolCount = symbolCount;
    this.next = i;
    if (this.trigrams > MAX_TRIGRAMS) {
      this.head = [];
      this.previous = [];
      this.previousSized = false;
      this.trigrams = 0;
    }
  }

  /**
   * Ends the block of the symbols gathered since blockStart (stored, fixed or dynamic: the shortest),
   * BFINAL always 0.
   */
  private endBlock(): void {
    const blockEnd = this.next;
    const storedBytes = blockEnd - this.blockStart;
    if (this.level === 0) {
      this.emitStored(this.blockStart, blockEnd);
      this.blockStart = blockEnd;
      return;
    }
    const literalFrequencies = this.literalFrequencies;
    const distanceFrequencies = this.distanceFrequencies;
    literalFrequencies[END_OF_BLOCK] = 1;
    const small = this.symbolCount < SMALL_BLOCK_SYMBOLS;
    const fixedBits = small
      ? fixedCodedBits(this.symbols, this.symbolCount)
      : codedBits(literalFrequencies, FIXED_LITERAL_LENGTHS, distanceFrequencies, FIXED_DISTANCE_LENGTHS);
    // Stored: 3 header bits, padding to a byte (at most 7), LEN and NLEN, per 65535 bytes.
    const storedChunks = Math.max(1, Math.ceil(storedBytes / 65535));
    const storedBits = storedBytes * 8 + storedChunks * (3 + 7 + 32);
    let literalLengths = FIXED_LITERAL_LENGTHS;
    let distanceLengths = FIXED_DISTANCE_LENGTHS;
    let header: DynamicHeader | undefined;
    let dynamicBits = fixedBits;
    if (!small) {
      literalLengths = buildCodeLengths(literalFrequencies, 286, 15);
      distanceLengths = buildCodeLengths(distanceFrequencies, 30, 15);
      header = this.dynamicHeader(literalLengths, distanceLengths);
      dynamicBits = header.bits + codedBits(literalFrequencies, literalLengths, distanceFrequencies, distanceLengths);
    }

    if (storedBits < fixedBits && storedBits < dynamicBits) {
      this.emitStored(this.blockStart, blockEnd);
    } else if (header === undefined || fixedBits <= dynamicBits) {
      this.putBits(2, 3);
      this.emitSymbols(FIXED_CODES);
    } else {
      this.putBits(4, 3);
      this.emitHeader(header);
      this.emitSymbols(symbolCodes(canonicalCodes(literalLengths, 286), literalLengths, canonicalCodes(distanceLengths, 30), distanceLengths));
    }
    // In place: compress() holds these arrays in locals across a block's end.
    this.symbolCount = 0;
    fill(literalFrequencies, 0, 1, 286, 0);
    fill(distanceFrequencies, 0, 1, 30, 0);
    this.blockStart = blockEnd;
  }

  private emitStored(first: number, stop: number): void {
    let at = first;
    do {
      const length = Math.min(65535, stop - at);
      this.putBits(0, 3);
      if (this.bitCount > 0) this.putBits(0, 8 - this.bitCount);
      const complement = 65535 - length;
      this.putBits(length, 16);
      this.putBits(complement, 16);
      this.parts.push(chars(this.bytes, 0, this.byteCount));
      this.byteCount = 0;
      this.parts.push(sub(this.buffer, at, at + length - 1));
      at += length;
    } while (at < stop);
  }

  /** The code lengths of a dynamic block, run-length coded (section 3.2.7), and what they cost in bits. */
  private dynamicHeader(literalLengths: number[], distanceLengths: number[]): DynamicHeader {
    let literalCount = 286;
    while (literalCount > 257 && literalLengths[literalCount - 1] === 0) literalCount -= 1;
    let distanceCount = 30;
    while (distanceCount > 1 && distanceLengths[distanceCount - 1] === 0) distanceCount -= 1;
    // Indexed writes and a kept count rather than push and length: both are calls (or O(log n)) in Lua.
    const all: number[] = [];
    for (let s = 0; s < literalCount; s++) all[s] = literalLengths[s];
    for (let s = 0; s < distanceCount; s++) all[literalCount + s] = distanceLengths[s];
    const total = literalCount + distanceCount;
    const codes: number[] = [];
    const extras: number[] = [];
    let codeCount = 0;
    const frequencies = zeros(19);
    let i = 0;
    while (i < total) {
      const value = all[i];
      let run = 1;
      while (i + run < total && all[i + run] === value) run += 1;
      i += run;
      if (value === 0) {
        while (run >= 11) {
          const n = run < 138 ? run : 138;
          codes[codeCount] = 18;
          extras[codeCount] = n - 11;
          codeCount += 1;
          frequencies[18] += 1;
          run -= n;
        }
        if (run >= 3) {
          codes[codeCount] = 17;
          extras[codeCount] = run - 3;
          codeCount += 1;
          frequencies[17] += 1;
          run = 0;
        }
      } else {
        codes[codeCount] = value;
        extras[codeCount] = 0;
        codeCount += 1;
        frequencies[value] += 1;
        run -= 1;
        while (run >= 3) {
          const n = run < 6 ? run : 6;
          codes[codeCount] = 16;
          extras[codeCount] = n - 3;
          codeCount += 1;
          frequencies[16] += 1;
          run -= n;
        }
      }
      for (let k = 0; k < run; k++) {
        codes[codeCount] = value;
        extras[codeCount] = 0;
        codeCount += 1;
        frequencies[value] += 1;
      }
    }
    const lengths = buildCodeLengths(frequencies, 19, 7);
    let lengthCount = 19;
    while (lengthCount > 4 && lengths[CODE_LENGTH_ORDER[lengthCount - 1]] === 0) lengthCount -= 1;
    let bits = 5 + 5 + 4 + 3 * lengthCount;
    for (let s = 0; s < 19; s++) bits += frequencies[s] * lengths[s];
    bits += frequencies[16] * 2 + frequencies[17] * 3 + frequencies[18] * 7;
    return { bits, literalCount, distanceCount, lengthCount, lengths, codes, extras };
  }

  private emitHeader(header: DynamicHeader): void {
    this.putBits(header.literalCount - 257, 5);
    this.putBits(header.distanceCount - 1, 5);
    this.putBits(header.lengthCount - 4, 4);
    for (let i = 0; i < header.lengthCount; i++) this.putBits(header.lengths[CODE_LENGTH_ORDER[i]], 3);
    const codes = canonicalCodes(header.lengths, 19);
    for (let i = 0; i < header.codes.length; i++) {
      const symbol = header.codes[i];
      this.putBits(codes[symbol], header.lengths[symbol]);
      if (symbol === 16) this.putBits(header.extras[i], 2);
      else if (symbol === 17) this.putBits(header.extras[i], 3);
      else if (symbol === 18) this.putBits(header.extras[i], 7);
    }
  }

  /** The block's symbols and its end-of-block code, with the given codes. */
  private emitSymbols(codes: SymbolCodes): void {
    const progress = ENCODE_PROGRESS;
    encode(this.symbols, this.symbolCount, codes, this.bytes, this.byteCount, this.bitBuffer, this.bitCount, this.parts, progress);
    this.byteCount = progress[0];
    this.bitBuffer = progress[1];
    this.bitCount = progress[2];
  }
}

interface DynamicHeader {
  bits: number;
  literalCount: number;
  distanceCount: number;
  lengthCount: number;
  /** Code lengths of the code length alphabet. */
  lengths: number[];
  /** The run-length coded lengths (0-18) and their extra bits. */
  codes: number[];
  extras: number[];
}
