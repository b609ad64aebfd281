/**
 * Streams whose WebSocket connection is over but whose TCP connection is not yet.
 *
 * How a finished stream ends is the core's decision (Connection.transportEnd(), peerFinTimeout():
 * RFC 6455 section 7.1.1, the server closes TCP first and the client waits for it): a stream the core
 * says to wait with is kept here, already half-closed by a server, for as many seconds as the core
 * says. Meanwhile what it still has to write is written, what arrives is read and dropped (closing a
 * socket with unread input makes the kernel answer with a reset, which can overtake the close frame
 * just written), and it is closed once the peer has closed its side or its time is up.
 *
 * The game never sees these streams: its ONCLOSE has been dispatched already.
 */
import { Stream } from "../transport/contract";
import { READ_BUDGET, WRITE_BUDGET } from "./service-budget";
import { WriteQueue } from "./write-queue";

interface Lingering {
  stream: Stream;
  unwritten: WriteQueue;
  deadline: number;
}

export class LingeringStreams {
  private items: Lingering[] = [];

  /** Takes over `stream`, with the bytes it still has to write, for `seconds` at most (the core's
   *  peerFinTimeout()). */
  add(stream: Stream, unwritten: WriteQueue, now: number, seconds: number): void {
    this.items.push({ stream, unwritten, deadline: now + seconds });
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
