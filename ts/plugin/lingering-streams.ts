/**
 * Streams whose WebSocket connection is over but whose TCP connection is not yet.
 *
 * RFC 6455 section 7.1.1: after the close handshake "the underlying TCP connection, in most normal
 * cases, SHOULD be closed first by the server". And when the client fails a connection (1002, 1007,
 * 1009) the server is often still sending: closing our socket with unread input makes the kernel
 * answer with a reset, which can overtake the close frame we just wrote. So a finished stream is
 * kept here for a moment: what it still has to write is written, what arrives is read and dropped,
 * and it is closed once the server has closed its side or LINGER_SECONDS have passed.
 *
 * The game never sees these streams: its ONCLOSE has been dispatched already.
 */
import { Stream } from "../transport/contract";
import { READ_BUDGET, WRITE_BUDGET } from "./service-budget";
import { WriteQueue } from "./write-queue";

/** How long a finished stream may wait for the server to close TCP. */
export const LINGER_SECONDS = 2;

interface Lingering {
  stream: Stream;
  unwritten: WriteQueue;
  deadline: number;
}

export class LingeringStreams {
  private items: Lingering[] = [];

  /** Takes over `stream`, with the bytes it still has to write. */
  add(stream: Stream, unwritten: WriteQueue, now: number): void {
    this.items.push({ stream, unwritten, deadline: now + LINGER_SECONDS });
  }

  count(): number {
    return this.items.length;
  }

  streams(): Stream[] {
    const streams: Stream[] = [];
    for (const item of this.items) streams.push(item.stream);
    return streams;
  }

  /** Writes, drains and closes what is done. */
  service(now: number): void {
    let i = 0;
    while (i < this.items.length) {
      if (this.advance(this.items[i], now)) {
        i++;
      } else {
        this.items[i].stream.close();
        this.items.splice(i, 1);
      }
    }
  }

  /** False once the stream can be closed. */
  private advance(item: Lingering, now: number): boolean {
    if (now >= item.deadline) return false;
    if (item.unwritten.writeTo(item.stream, WRITE_BUDGET) !== undefined) return false;
    const [data] = item.stream.read(READ_BUDGET);
    return data !== undefined;
  }
}
