/**
 * One accepted client of a server, from the accepted stream to its CloseEvent: the sans-I/O core
 * connection in the server role (ServerConnection) joined to that stream, plus the timers the core
 * leaves to its host: the handshake timeout (a client that does not finish its request head in time
 * is dropped), keep-alive pings, the pong timeout and the close-handshake timeout. The server-side
 * counterpart of session.ts, kept apart from it on purpose (see docs/api.md "Server"): the two share
 * the core's Connection and WriteQueue and differ in who opens the stream and who decides the
 * handshake.
 *
 * Bounded on every side, so a hostile client costs bounded memory and one service bounded work
 * (SPEC guarantee 7, as for a client):
 *  - input is read and fed as a client's is (input-feed.ts: at most READ_BUDGET per service, in
 *    slices, for at most FEED_SECONDS), only while the core wants it (Connection.wantsInput: the
 *    events the game has not taken yet and the bytes not yet decoded are under their bounds), and
 *    not at all while a valid request waits for the server's verdict: TCP flow control slows a
 *    client that floods; timers are judged only once everything that arrived has been read
 *    (guarantee 6);
 *  - the request head is bounded by the core (431 beyond 16 KiB);
 *  - what waits to be written for a client that reads nothing is bounded by MAX_PEER_BUFFERED:
 *    beyond it `send` is refused (`false, message`) and a broadcast skips the peer.
 *
 * How TCP ends is the core's decision (Connection.transportEnd(), drainTimeout(), peerFinTimeout():
 * RFC 6455 section 7.1.1, the server closes first); this session carries it out. Once the core is
 * CLOSED its last bytes (the echo the game sent, the close frame, a refusal) are written, for
 * drainTimeout() seconds at most; then, as a server's core says HalfClose, the stream's sending side
 * is shut (FIN) and the stream lingers (lingering-streams.ts) for peerFinTimeout() seconds at most,
 * reading and dropping what the client still sends until it closes its side too; once the client's
 * FIN came or the stream failed the core says Close. Closing the socket at once while the client's
 * bytes wait unread would make the kernel answer with a reset, and a reset erases what the client
 * has received but not read yet: the last echo and the close frame would be lost (a fuzzing client
 * sending octet by octet saw exactly that, now and then, on a loaded machine).
 */
import { TransportEnd } from "../core/connection";
import { ConnectionEvent, ReadyState } from "../core/events";
import { ServerConnection } from "../core/server-connection";
import { Stream } from "../transport/contract";
import { RandomBytes } from "./entropy";
import { InputFeed } from "./input-feed";
import { KeepAlive } from "./keep-alive";
import { LingeringStreams } from "./lingering-streams";
import { WRITE_BUDGET } from "./service-budget";
import { WriteQueue } from "./write-queue";

/** Seconds a peer has to answer the server's close frame (server:close, peer:close). */
export const PEER_CLOSE_TIMEOUT = 5;
/** Bytes that may wait for a peer that does not read before `send` and broadcasts refuse more. */
export const MAX_PEER_BUFFERED = 16 * 1024 * 1024;
/** Finished streams that may linger at once (lingering-streams.ts; clients' streams count too):
 *  beyond it a peer's stream is closed at once, so a flood of clients that never close their side
 *  cannot hold descriptors. */
export const MAX_LINGERING_STREAMS = 64;

export interface PeerTimers {
  handshakeTimeout: number;
  pingInterval?: number;
  pongTimeout: number;
}

export class PeerSession {
  readonly connection: ServerConnection;
  /** True once the stream is closed; only events may be left. */
  finished = false;
  /** The core is CLOSED and its last bytes are being written before the stream is closed. */
  private draining = false;
  private drainDeadline = 0;
  private readonly unwritten = new WriteQueue();
  /** Bytes this service may still offer the stream (service-budget.ts), as for a client. */
  private writeAllowance = WRITE_BUDGET;
  private handshakeDeadline: number;
  private nextPingAt?: number;
  private pongDeadline?: number;
  /** The server's own keep-alive pings to this peer (keep-alive.ts). */
  private readonly keepAlive: KeepAlive;
  private closeDeadline?: number;
  /** The stream has passed its own handshake (TLS): bytes can flow. */
  private streamOpen = false;
  /** Reading and feeding the core within the per-service bounds. */
  private readonly feed: InputFeed;

  constructor(
    readonly stream: Stream,
    maxMessageSize: number,
    private readonly timers: PeerTimers,
    now: number,
    private readonly lingering: LingeringStreams,
    clock: (this: void) => number,
    random: RandomBytes,
  ) {
    const connection = new ServerConnection({ maxMessageSize });
    this.connection = connection;
    this.handshakeDeadline = now + timers.handshakeTimeout;
    // While a valid request waits for the verdict, or the core has enough, bytes stay in the socket.
    this.feed = new InputFeed(connection, () => connection.request === undefined && connection.wantsInput(), clock);
    this.keepAlive = new KeepAlive(random);
  }

  state(): ReadyState {
    return this.connection.state;
  }

  /** Bytes accepted by send and not yet handed to the network. */
  bufferedAmount(): number {
    const inStream = this.finished ? 0 : this.stream.buffered();
    return this.unwritten.size + this.connection.outgoingSize() + inStream;
  }

  /** The game asked for the close handshake: the client has PEER_CLOSE_TIMEOUT s to answer. */
  closeRequested(now: number): void {
    this.closeDeadline = now + PEER_CLOSE_TIMEOUT;
  }

  pingSent(now: number): void {
    if (this.pongDeadline === undefined) this.pongDeadline = now + this.timers.pongTimeout;
  }

  /** The connection was accepted (its 101 queued): keep-alive starts now. */
  opened(now: number): void {
    if (this.timers.pingInterval !== undefined) this.nextPingAt = now + this.timers.pingInterval;
  }

  nextDeadline(): number | undefined {
    if (this.finished) return undefined;
    if (this.draining) return this.drainDeadline;
    const state = this.connection.state;
    let earliest: number | undefined;
    const consider = (t: number | undefined) => {
      if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
    };
    if (state === ReadyState.Connecting) consider(this.handshakeDeadline);
    if (state === ReadyState.Open) consider(this.nextPingAt);
    if (state === ReadyState.Open || state === ReadyState.Closing) consider(this.pongDeadline);
    if (state === ReadyState.Closing) consider(this.closeDeadline);
    return earliest;
  }

  /** Moves bytes and timers forward (reading before the timers are judged: SPEC guarantee 6). */
  service(now: number): void {
    if (this.finished) return;
    if (this.draining) {
      this.drain(now);
      return;
    }
    if (!this.streamOpen) this.advanceStream();
    if (this.streamOpen) this.feed.readAvailable(this.stream, now);
    // A pong that has arrived meets the pong deadline, whenever the game takes it (guarantee 6).
    if (this.keepAlive.pongsArrived(this.connection.pongsReceived)) this.pongDeadline = undefined;
    if (this.feed.fullyRead()) this.checkTimers(now);
    this.flush();
    if (this.connection.wantsTransportClosed()) this.startDraining(now);
  }

  /** A service begins: the write budget is available again. */
  beginService(): void {
    this.writeAllowance = WRITE_BUDGET;
  }

  /** True when bytes wait only because this service's write budget is spent: the loop must come
   *  back at once rather than wait for the socket. */
  hasBacklog(): boolean {
    if (this.finished) return false;
    // Input read but not fed, left in the transport by the read budget, or output of a compressed
    // message the extension still holds: the next service feeds or inflates more.
    if (this.feed.hasBacklog()) return true;
    return this.writeAllowance <= 0 && (this.unwritten.size > 0 || this.connection.outgoingSize() > 0);
  }

  /** Writes within the write budget (SPEC guarantee 7): the core hands out, and frames, only as much
   *  as this service may write, so a big message to one peer leaves over several services. */
  flush(): void {
    if (this.finished || !this.streamOpen) return;
    const room = math.min(this.writeAllowance, WRITE_BUDGET - this.stream.buffered());
    if (room <= 0) return;
    const outgoing = this.connection.outgoingSize();
    if (outgoing > 0 && this.unwritten.size < room) {
      const bytes = this.connection.takeOutgoing(room - this.unwritten.size);
      this.unwritten.push(bytes);
      // A big compressed message is deflated as it is taken: the input deflated beyond the bytes
      // returned costs the budget too, so the next service comes at once for the rest.
      const deflated = outgoing - this.connection.outgoingSize() - bytes.length;
      if (deflated > 0) this.writeAllowance -= deflated;
    }
    if (this.unwritten.size === 0) return;
    const before = this.unwritten.size;
    const failure = this.unwritten.writeTo(this.stream, room);
    this.writeAllowance -= before - this.unwritten.size;
    if (failure !== undefined) this.connection.connectionLost(failure[0], failure[1]);
  }

  /** Queues a whole frame built once for many peers (server:broadcast: a server's frames are
   *  unmasked, so the bytes are the same for every peer), behind what the core queued before it. */
  queueShared(frame: string): void {
    if (this.connection.outgoingSize() > 0) this.unwritten.push(this.connection.takeOutgoing());
    this.unwritten.push(frame);
  }

  hasEvents(): boolean {
    return this.connection.hasEvents();
  }

  /** The oldest event, with the keep-alive bookkeeping applied (the server's own pongs hidden). */
  nextEvent(now: number): ConnectionEvent | undefined {
    for (;;) {
      const event = this.connection.nextEvent();
      if (event === undefined) return undefined;
      if (event.type === "pong") {
        if (this.keepAlive.answers(event.data)) continue;
      } else if (event.type === "close" && !this.draining && !this.finished) {
        // Write the last bytes (the close frame, the refusal) before the game hears of the close.
        this.flush();
        this.startDraining(now);
      }
      return event;
    }
  }

  /** Drops the client at once, without a close handshake (the server's listener is going away
   *  and the client is still in its handshake). */
  drop(): void {
    if (this.finished) return;
    this.connection.abort("the server closed");
    this.stream.close();
    this.feed.drop();
    this.finished = true;
  }

  private advanceStream(): void {
    const [status, failure, message] = this.stream.step();
    if (status === "open") {
      this.streamOpen = true;
    } else if (status === "failed") {
      this.connection.connectionLost(failure!, message!);
    }
  }

  private checkTimers(now: number): void {
    const state = this.connection.state;
    // The client's close has arrived and takes effect when the events before it are taken: no
    // deadline is due any more (SPEC guarantee 6), and no ping.
    if (this.connection.closeReceived) return;
    if (state === ReadyState.Connecting && now >= this.handshakeDeadline && this.connection.request === undefined) {
      this.connection.fail("timeout", 1006, `handshake timeout: no complete request within ${this.timers.handshakeTimeout} s`);
      return;
    }
    if (this.pongDeadline !== undefined && now >= this.pongDeadline && (state === ReadyState.Open || state === ReadyState.Closing)) {
      this.connection.fail("timeout", 1006, `pong timeout: no pong within ${this.timers.pongTimeout} s; the connection is lost`);
      return;
    }
    if (state === ReadyState.Closing && this.closeDeadline !== undefined && now >= this.closeDeadline) {
      this.connection.fail("timeout", 1006, `close timeout: the client did not complete the close handshake within ${PEER_CLOSE_TIMEOUT} s`);
      return;
    }
    if (state === ReadyState.Open && this.nextPingAt !== undefined && now >= this.nextPingAt) {
      this.nextPingAt = now + this.timers.pingInterval!;
      const payload = this.keepAlive.next(); // none while one is out unanswered
      if (payload !== undefined) {
        this.connection.ping(payload);
        this.pingSent(now);
      }
    }
  }

  /** RFC 6455 section 7.1.1: the server closes TCP first, once its last bytes are written (for as
   *  long as the core's drainTimeout() allows). */
  private startDraining(now: number): void {
    if (this.draining || this.finished) return;
    // Whatever the write budget left in the core (its close frame) goes out too.
    if (this.connection.outgoingSize() > 0) this.unwritten.push(this.connection.takeOutgoing());
    this.draining = true;
    this.feed.drop();
    this.drainDeadline = now + this.connection.drainTimeout();
    this.drain(now);
  }

  private drain(now: number): void {
    if (this.streamOpen && this.unwritten.size > 0 && now < this.drainDeadline) {
      if (this.unwritten.writeTo(this.stream) === undefined && this.unwritten.size > 0) return;
    }
    this.finished = true;
    const connection = this.connection;
    const stream = this.stream;
    const end = connection.transportEnd();
    // Lingering is for a stream whose last bytes are all out; a flood of clients that never close
    // their side cannot hold more than MAX_LINGERING_STREAMS descriptors.
    const mayLinger = this.streamOpen && this.unwritten.size === 0 && this.lingering.count() < MAX_LINGERING_STREAMS;
    if (mayLinger && end === TransportEnd.HalfClose && stream.shutdown !== undefined && stream.shutdown()) {
      this.lingering.add(stream, this.unwritten, now, connection.peerFinTimeout());
      return;
    }
    if (mayLinger && end === TransportEnd.AwaitPeerFin) {
      // Not a server's answer; carried out all the same.
      this.lingering.add(stream, this.unwritten, now, connection.peerFinTimeout());
      return;
    }
    stream.close();
  }
}
