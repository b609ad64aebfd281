// Drives a codec through the contract of ts/codec/codec.ts, the way the extension will: the pieces
// of each message written in turn, reads after each until the inflater asks for more input.
import type { Deflater, Inflater, InflateStep } from "../../ts/codec/codec";

export interface InflateOutcome {
  /** Each message's output, while they succeed. */
  outputs: string[];
  /** The failure that stopped it, if any: "too-big" or "error" with its message. */
  failure?: { status: string; error?: string; message: number; delivered: number };
  /** The largest output of one read. */
  largestRead: number;
}

/** Splits `payload` into pieces of `size` bytes (the whole payload for size 0). */
export function piecesOf(payload: string, size: number): string[] {
  if (size === 0 || payload.length === 0) return [payload];
  const pieces: string[] = [];
  for (let i = 0; i < payload.length; i += size) pieces.push(payload.slice(i, i + size));
  return pieces;
}

export function inflateAll(inflater: Inflater, payloads: string[], pieceSize: number, budget: number): InflateOutcome {
  const outcome: InflateOutcome = { outputs: [], largestRead: 0 };
  for (let m = 0; m < payloads.length; m++) {
    const pieces = piecesOf(payloads[m], pieceSize);
    let output = "";
    let done = false;
    for (let p = 0; p < pieces.length && !done; p++) {
      inflater.write(pieces[p], p === pieces.length - 1);
      for (;;) {
        const step: InflateStep = inflater.read(budget);
        output += step.data;
        outcome.largestRead = Math.max(outcome.largestRead, step.data.length);
        if (step.status === "more") continue;
        if (step.status === "input") {
          if (p === pieces.length - 1) throw new Error("an inflater asked for input after the last piece");
          break;
        }
        if (step.status === "done") {
          if (p !== pieces.length - 1) throw new Error("an inflater finished a message before its last piece");
          done = true;
          break;
        }
        outcome.failure = { status: step.status, error: step.error, message: m, delivered: output.length };
        return outcome;
      }
    }
    outcome.outputs.push(output);
  }
  return outcome;
}

export function deflateAll(deflater: Deflater, messages: string[], budget: number): { payloads: string[]; reads: number } {
  const payloads: string[] = [];
  let reads = 0;
  for (const message of messages) {
    deflater.write(message);
    let payload = "";
    for (;;) {
      const step = deflater.read(budget);
      reads += 1;
      payload += step.data;
      if (step.status === "done") break;
    }
    payloads.push(payload);
  }
  return { payloads, reads };
}
