/**
 * A platform's own DEFLATE library behind the codec interface of codec.ts: Node's zlib in the Node
 * host (host/codec-natives.mjs), java.util.zip in the Android transport, libz in the Apple one.
 * A transport module offers it as its `codec` field, with the small contract NativeCodec below
 * (raw zlib streams); this file adds what the interface promises on top: output budgets, the size
 * limit, the 00 00 ff ff of RFC 7692 section 7.2, the empty message, context takeover or not.
 */
import type { DeflateStep, Deflater, DeflaterOptions, InflateStep, Inflater, InflaterOptions } from "./codec";

/** A raw inflate stream (zlib's inflateInit2 with negative window bits). */
export interface NativeInflateStream {
  /** Adds compressed bytes. */
  push(this: NativeInflateStream, data: string): void;
  /**
   * At most `max` bytes of output: "full" when it filled `max` (more may follow), "drained" when
   * all the input pushed is used up, "ended" when the stream ended with a final block (what follows
   * is dropped); or undefined and zlib's message for invalid data.
   */
  pull(this: NativeInflateStream, max: number): LuaMultiReturn<[string, "full" | "drained" | "ended"] | [undefined, string]>;
  /** Forgets the window (inflateReset), for no context takeover. */
  reset(this: NativeInflateStream): void;
  close(this: NativeInflateStream): void;
}

/** A raw deflate stream (deflateInit2 with negative window bits, memLevel 8, the default strategy). */
export interface NativeDeflateStream {
  /** Compresses `data`; with `flush`, ends with a sync flush, 00 00 ff ff included. */
  deflate(this: NativeDeflateStream, data: string, flush: boolean): LuaMultiReturn<[string] | [undefined, string]>;
  reset(this: NativeDeflateStream): void;
  close(this: NativeDeflateStream): void;
}

export interface NativeCodec {
  /** "node-zlib", "java.util.zip" or "libz". */
  name: string;
  newInflateStream(this: void, windowBits: number): NativeInflateStream;
  /** undefined where the library cannot keep to the window (java.util.zip below 15 bits): the pure deflater is used then. */
  newDeflateStream(this: void, windowBits: number, level: number): NativeDeflateStream | undefined;
}

const SYNC_FLUSH_TAIL = String.fromCharCode(0, 0, 255, 255);
const EMPTY_MESSAGE = String.fromCharCode(0);
const MIN_BUDGET = 258;

export class NativeInflater implements Inflater {
  readonly implementation: string;
  private readonly stream: NativeInflateStream;
  private readonly noContextTakeover: boolean;
  private readonly maxMessageSize: number;
  private produced = 0;
  private lastPiece = false;
  private failure: string | undefined;
  private failureStatus: "error" | "too-big" = "error";

  constructor(codec: NativeCodec, options: InflaterOptions) {
    this.implementation = codec.name;
    this.stream = codec.newInflateStream(options.windowBits);
    this.noContextTakeover = options.noContextTakeover;
    this.maxMessageSize = options.maxMessageSize;
  }

  write(data: string, last: boolean): void {
    if (this.failure !== undefined) return;
    this.stream.push(last ? data + SYNC_FLUSH_TAIL : data);
    this.lastPiece = last;
  }

  read(budget: number): InflateStep {
    if (this.failure !== undefined) return { status: this.failureStatus, data: "", error: this.failure };
    const allowed = this.maxMessageSize - this.produced;
    const slice = Math.max(budget, MIN_BUDGET);
    // One byte past the limit is enough to know a message is too big.
    const sizeBound = allowed < slice;
    const [data, state] = this.stream.pull(sizeBound ? allowed + 1 : slice);
    if (data === undefined) return this.fail(state ?? "invalid compressed data", "error");
    if (data.length > allowed) return this.fail("message too big", "too-big");
    this.produced += data.length;
    if (state === "full") return { status: "more", data };
    if (!this.lastPiece && state === "drained") return { status: "input", data };
    // The message is complete: its last piece is used up (or the stream ended with a final block).
    this.produced = 0;
    this.lastPiece = false;
    if (this.noContextTakeover || state === "ended") this.stream.reset();
    return { status: "done", data };
  }

  close(): void {
    if (this.failure === undefined) this.fail("inflater closed", "error");
  }

  private fail(message: string, status: "error" | "too-big"): InflateStep {
    this.failure = message;
    this.failureStatus = status;
    this.stream.close();
    return { status, data: "", error: message };
  }
}

export class NativeDeflater implements Deflater {
  readonly implementation: string;
  private readonly stream: NativeDeflateStream;
  private readonly noContextTakeover: boolean;
  private message = "";
  private next = 0;
  private written = 0;
  private pending = false;

  constructor(codec: NativeCodec, stream: NativeDeflateStream, options: DeflaterOptions) {
    this.implementation = codec.name;
    this.stream = stream;
    this.noContextTakeover = options.noContextTakeover;
  }

  write(message: string): void {
    this.message = message;
    this.next = 0;
    this.written = 0;
    this.pending = true;
  }

  read(budget: number): DeflateStep {
    if (!this.pending) return { status: "done", data: "" };
    const end = Math.min(this.message.length, this.next + Math.max(budget, 1));
    const last = end >= this.message.length;
    const [compressed, problem] = this.stream.deflate(this.message.substring(this.next, end), last);
    // A deflater fails only when memory does: nothing the peer can cause.
    if (compressed === undefined) throw new Error(`deflate failed: ${problem}`);
    this.next = end;
    if (!last) {
      this.written += compressed.length;
      return { status: "more", data: compressed };
    }
    this.pending = false;
    this.message = "";
    if (this.noContextTakeover) this.stream.reset();
    // RFC 7692 section 7.2.1: without the tail. zlib writes nothing for a flush right after a flush,
    // so an empty message is then the single byte 00 (section 7.2.3.6).
    let data = compressed.substring(0, compressed.length - 4);
    if (this.written === 0 && data.length === 0) data = EMPTY_MESSAGE;
    return { status: "done", data };
  }

  close(): void {
    this.pending = false;
    this.stream.close();
  }
}

/** The native deflater, or undefined where the library cannot keep to `options.windowBits`. */
export function newNativeDeflater(codec: NativeCodec, options: DeflaterOptions): Deflater | undefined {
  const stream = codec.newDeflateStream(options.windowBits, options.level);
  return stream === undefined ? undefined : new NativeDeflater(codec, stream, options);
}
