/**
 * The contract of a permessage-deflate codec (RFC 7692): one inflater for the messages a peer sends,
 * one deflater for the messages we send, each keeping its LZ77 window across messages (context
 * takeover) or starting every message afresh (`noContextTakeover`). The pure implementation
 * (inflate.ts, deflate.ts) and the native ones (native.ts: Node's zlib, java.util.zip, libz) keep
 * the same contract and pass the same vectors.
 *
 * Bytes are byte strings throughout (docs/architecture.md, "Conventions").
 *
 * Inflating one message:
 *
 *     inflater.write(piece, isLastPiece)   -- each payload piece as it arrives (frames, reads)
 *     repeat step = inflater.read(budget)  -- after each write, until step.status is not "more"
 *
 * `read` returns at most `budget` bytes of output (at least 258: one match) so that one service
 * stays short (SPEC guarantee 7); "more" means call `read` again, "input" means this piece is used up
 * (write the next one), "done" means the message is complete and its last output is in `data`.
 * Writing the last piece appends the 00 00 ff ff that the sender removed (RFC 7692 section 7.2.2).
 * A message's output never exceeds `maxMessageSize`: the read that would go past it returns
 * "too-big" instead (the connection fails with 1009), so a compression bomb costs at most that much
 * work. Invalid or truncated data returns "error" (the connection fails with 1007). After "too-big"
 * or "error" the inflater is dead: every later read repeats the failure.
 *
 * Deflating one message:
 *
 *     deflater.write(message)
 *     repeat step = deflater.read(budget)  -- until step.status is "done"; concatenate step.data
 *
 * Each read compresses at most `budget` bytes of the message (and the rest of a match that runs
 * past them, at most 257 bytes). The result ends as a sync flush does,
 * without its last four bytes 00 00 ff ff (RFC 7692 section 7.2.1), and never with a final block
 * (BFINAL is never set: receivers such as ws have broken on it). Matches never reach further back
 * than 2^windowBits bytes, the window the peer allows (server_max_window_bits /
 * client_max_window_bits), 8 included.
 */

/** What a read of an inflater came to: see the module comment. */
export type InflateStatus = "more" | "input" | "done" | "too-big" | "error";

export interface InflateStep {
  status: InflateStatus;
  /** The output of this read (possibly empty). */
  data: string;
  /** Why, for "too-big" and "error". */
  error?: string;
}

export interface InflaterOptions {
  /** The peer's LZ77 window, 8-15 (RFC 7692 section 7.1.2). 8 accepts distances up to 512, as zlib's deflate sends for 8. */
  windowBits: number;
  /** Start every message with an empty window (RFC 7692 section 7.1.1). */
  noContextTakeover: boolean;
  /** The largest output a message may inflate to. */
  maxMessageSize: number;
  /** Window 8 means 256 exactly (a strict check of a deflater's window, for tests); native codecs ignore it. */
  exactWindow?: boolean;
}

/** Inflaters are objects with methods (`inflater:read(n)` in Lua). */
export interface Inflater {
  /** "lua", or the native codec's name ("node-zlib", "java.util.zip", "libz"). */
  readonly implementation: string;
  write(this: Inflater, data: string, last: boolean): void;
  read(this: Inflater, budget: number): InflateStep;
  /** Frees what the codec holds (a native stream); the inflater is unusable afterwards. */
  close(this: Inflater): void;
}

export type DeflateStatus = "more" | "done";

export interface DeflateStep {
  status: DeflateStatus;
  data: string;
}

export interface DeflaterOptions {
  /** The window the peer allows us, 8-15: no match reaches further back than 2^windowBits. */
  windowBits: number;
  noContextTakeover: boolean;
  /** 0 (stored) to 9; 1 is the fastest compression, higher levels search longer for matches. */
  level: number;
}

export interface Deflater {
  readonly implementation: string;
  write(this: Deflater, message: string): void;
  read(this: Deflater, budget: number): DeflateStep;
  close(this: Deflater): void;
}
