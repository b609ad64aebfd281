/**
 * Bytes waiting for a stream that takes only part of what it is offered (a full socket buffer, a
 * peer that reads slowly). Chunks are kept as they were queued and written from an offset, so a
 * big message written in many small pieces costs a copy of at most WINDOW bytes per attempt, not a
 * copy of everything still unwritten each time.
 */
import { Stream, StreamFailure } from "../transport/contract";

/** The most bytes copied out of a partly written chunk for one write attempt. */
const WINDOW = 256 * 1024;

export class WriteQueue {
  /** Bytes queued and not yet taken by the stream. */
  size = 0;
  private chunks: string[] = [];
  private head = 0;
  /** Bytes of chunks[head] already written. */
  private offset = 0;

  push(bytes: string): void {
    if (bytes === "") return;
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  /** Forgets everything queued. */
  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.offset = 0;
    this.size = 0;
  }

  /**
   * Offers the queued bytes to `stream` in order until it takes less than it is offered or `budget`
   * bytes have been offered. Returns undefined, or the stream's failure (the queue is then cleared:
   * nothing more can be written).
   */
  writeTo(stream: Stream, budget: number = math.huge): [StreamFailure, string] | undefined {
    while (this.size > 0 && budget > 0) {
      const chunk = this.chunks[this.head];
      // A chunk that fits the budget is offered whole until part of it was written; otherwise a
      // window of what is left.
      const window = math.min(WINDOW, budget);
      const piece =
        this.offset === 0 && chunk.length <= budget ? chunk : string.sub(chunk, this.offset + 1, this.offset + window);
      budget -= piece.length;
      const [written, failure, message] = stream.write(piece);
      if (written === undefined) {
        this.clear();
        return [failure, message];
      }
      this.size -= written;
      if (this.offset + written < chunk.length) {
        this.offset += written;
        if (written < piece.length) return undefined;
      } else {
        this.head++;
        this.offset = 0;
        if (this.head >= this.chunks.length) this.clear();
      }
    }
    return undefined;
  }
}
