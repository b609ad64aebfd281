/**
 * What one service reads from a stream and feeds to the core, for a client's session and a server's
 * peer alike (SPEC guarantee 7: bounded work per service, whatever the peer sends).
 *
 * Per service at most READ_BUDGET bytes are asked of the stream, and they reach the core in slices:
 * FEED_SLICE bytes (more while they are the payload of a big frame, see readAvailable), for at most
 * FEED_SECONDS, and only while `wantsInput` says so (the core's bound of events waiting for dispatch,
 * or a server's request waiting for its verdict). Inflated output has a budget of its own
 * (INFLATE_BUDGET), allowed to the core a slice at a time. What was read and not fed stays here for
 * the next service; the stream's end reaches the core only after every byte before it.
 */
import { Connection, DECODE_STEPS_PER_CALL } from "../core/connection";
import { ReadyState } from "../core/events";
import { Stream, StreamFailure } from "../transport/contract";
import { FEED_PAYLOAD_SLICE, FEED_SECONDS, FEED_SLICE, INFLATE_BUDGET, INFLATE_SLICE, READ_BUDGET } from "./service-budget";

export class InputFeed {
  /** Bytes read from the stream and not yet fed to the core (a shim may return more than asked). */
  private input = "";
  private inputPosition = 0;
  /** The stream's end, once read() reported it; the core hears of it after the bytes before it. */
  private streamEnd?: [StreamFailure, string];
  /** The core has been told of streamEnd. */
  private endTold = false;
  /** The last read found the transport empty: everything that had arrived has been read. */
  private transportEmpty = true;

  constructor(
    private readonly connection: Connection,
    /** False while the core must not be fed more (backpressure, or a request awaiting its verdict). */
    private readonly wantsInput: (this: void) => boolean,
    private readonly clock: (this: void) => number,
  ) {}

  /** True when the next service has input to feed whatever the transport does: bytes read but not
   *  fed, bytes the read budget left in the transport, or output the extension still holds. */
  hasBacklog(): boolean {
    return this.inputPosition < this.input.length || !this.transportEmpty || this.connection.holdsTransformed();
  }

  /** Everything the transport had has been read, fed and decoded: timers may be judged (SPEC
   *  guarantee 6). While reading is paused by backpressure, the unread bytes count as signs of life. */
  fullyRead(): boolean {
    return (
      this.transportEmpty &&
      this.inputPosition >= this.input.length &&
      this.connection.bufferedInput() === 0 &&
      !this.connection.holdsTransformed()
    );
  }

  /** Reads and feeds the core, slice by slice, until the budget is spent, the transport is empty or
   *  the core wants no more. What the extension still holds is pulled before any more input is fed,
   *  so events keep their order. */
  readAvailable(stream: Stream, now: number): void {
    let budget = READ_BUDGET;
    const feedUntil = now + FEED_SECONDS;
    const connection = this.connection;
    let inflateBudget = INFLATE_BUDGET;
    // One read that found the transport empty is enough for a service: what arrives after it is
    // the next service's (and asking again costs a call into the shim per service for nothing).
    let readEmpty = false;
    while (budget > 0 && connection.state !== ReadyState.Closed && this.wantsInput()) {
      if (connection.holdsTransformed()) {
        if (inflateBudget <= 0) break;
        inflateBudget -= this.feedWithin(inflateBudget, undefined);
        if (this.clock() >= feedUntil) break;
      } else if (this.inputPosition < this.input.length) {
        // A big payload in big slices, and a binary one whole (as far as it was read): it is then
        // kept as the string the stream returned, not copied into slices.
        const ahead = connection.payloadAhead();
        let most = FEED_SLICE;
        if (ahead > 0) most += ahead < FEED_PAYLOAD_SLICE || connection.payloadAheadIsFree() ? ahead : FEED_PAYLOAD_SLICE;
        const size = math.min(most, budget, this.input.length - this.inputPosition);
        const slice =
          this.inputPosition === 0 && size === this.input.length
            ? this.input
            : string.sub(this.input, this.inputPosition + 1, this.inputPosition + size);
        this.inputPosition += size;
        if (this.inputPosition >= this.input.length) {
          this.input = "";
          this.inputPosition = 0;
        }
        budget -= size;
        inflateBudget -= this.feedWithin(inflateBudget, slice);
        if (this.clock() >= feedUntil) break;
      } else if (this.streamEnd !== undefined) {
        this.transportEmpty = true;
        // Everything before the end has been fed.
        this.tellStreamEnd();
        return;
      } else if (readEmpty) {
        break;
      } else {
        const [data, failure, message] = stream.read(budget);
        if (data === undefined) {
          this.streamEnd = [failure!, message!];
        } else {
          // Fewer bytes than asked: the transport had no more. More than asked: a shim that ignores
          // the limit returned all it had.
          this.transportEmpty = data.length !== budget;
          readEmpty = this.transportEmpty;
          if (data === "") return;
          this.input = data;
          this.inputPosition = 0;
        }
      }
    }
    if (connection.state === ReadyState.Closed) {
      // The core ignores input from now on: drop what was read but not fed.
      this.input = "";
      this.inputPosition = 0;
      this.transportEmpty = true;
    } else if (!this.wantsInput()) {
      // Paused: whatever arrived since the last read is unread, and may hold the answer a timer
      // waits for.
      this.transportEmpty = false;
    }
  }

  /** The core hears of the stream's end once (it decides what follows, also after CLOSED). It puts a
   *  plain end of stream behind what it has not decoded or applied yet (a close frame behind a
   *  message is still a clean close); a stream that failed otherwise is lost at once. */
  tellStreamEnd(): void {
    if (this.endTold || this.streamEnd === undefined) return;
    this.endTold = true;
    const [failure, message] = this.streamEnd;
    if (failure === "closed") {
      this.connection.receiveEof(message);
    } else {
      this.connection.connectionLost(failure, message);
    }
  }

  /** The core takes no more input (its connection is CLOSED): what was read and not fed is let go at
   *  once, not held as long as the session is (a shim that ignores maxBytes may have returned
   *  megabytes). */
  drop(): void {
    this.input = "";
    this.inputPosition = 0;
    this.transportEmpty = true;
  }

  /** Reads and drops what arrives (a clean close waiting for its writes); the stream's end is noted,
   *  for tellStreamEnd. */
  readAndDrop(stream: Stream): void {
    if (this.streamEnd !== undefined) return;
    const [data, failure, message] = stream.read(READ_BUDGET);
    if (data === undefined) this.streamEnd = [failure!, message!];
  }

  /** Feeds `slice` to the core, or with undefined resumes the output its extension still holds,
   *  allowing at most one INFLATE_SLICE of inflated output and no more than `inflateLeft`; returns
   *  the bytes inflated. */
  private feedWithin(inflateLeft: number, slice: string | undefined): number {
    const connection = this.connection;
    const before = connection.transformedBytes;
    connection.allowTransformOutput(inflateLeft <= 0 ? 0 : inflateLeft < INFLATE_SLICE ? inflateLeft : INFLATE_SLICE);
    if (slice === undefined) {
      connection.decode(DECODE_STEPS_PER_CALL);
    } else {
      connection.receive(slice);
    }
    // Taking events decodes too, but inflates nothing more until the next service.
    connection.allowTransformOutput(0);
    return connection.transformedBytes - before;
  }
}
