/**
 * One connection attempt of a client, from `connect` to its CloseEvent: the sans-I/O core connection
 * joined to one transport stream, plus the timers the core leaves to its host (connect timeout,
 * keep-alive pings, pong timeout, close-handshake timeout).
 *
 * `service(now)` is the only place bytes move. In this order, every time:
 *   1. read: what the transport has received is read and fed to the core, within the read budget and
 *      only while the core wants input (its bound of events waiting for dispatch is not reached, so
 *      TCP flow control slows a peer the game cannot keep up with); the core decodes as it is fed, so
 *      a pong is known at its arrival (`pongsReceived`);
 *   2. timers: judged only after that, and only when everything the transport had was read and
 *      decoded: a pong or a close frame that arrived in time is never late because the game had a
 *      long frame, and while reading is paused by backpressure the unread bytes count as signs of
 *      life (SPEC guarantee 6);
 *   3. write, within the write budget;
 *   4. the end: a clean close is reported only once everything queued before it has been written.
 * Events wait in the core until the service loop takes them with `nextEvent()`: the core applies a
 * failure or the peer's close found behind a message only when that message has been taken, so the
 * game may still answer it (SPEC "failures take effect in event order").
 */
import { ClientConnection } from "../core/client-connection";
import { TransportEnd } from "../core/connection";
import { CloseEvent, ConnectionEvent, ReadyState } from "../core/events";
import { WebSocketUrl } from "../core/url";
import { selectCodec } from "../codec/index";
import { Stream, StreamFailure, Transport } from "../transport/contract";
import { ConnectOptions } from "./connect-options";
import { RandomBytes } from "./entropy";
import { EventQueue } from "./event-queue";
import { InputFeed } from "./input-feed";
import { KeepAlive } from "./keep-alive";
import { LingeringStreams } from "./lingering-streams";
import { TAKE_BELOW_BUFFERED, WRITE_BUDGET, WRITE_SECONDS, WRITE_SLICE } from "./service-budget";
import { WriteQueue } from "./write-queue";

export class Session {
  readonly connection: ClientConnection;
  readonly stream: Stream;
  /** True once the stream has been closed; the session then only has events left to hand out. */
  finished = false;

  private streamOpen = false;
  /** Bytes taken from the core that the stream has not accepted yet. */
  private readonly unwritten = new WriteQueue();
  /** Events the session itself makes (a held close that could not complete), after the core's. */
  private readonly events = new EventQueue();
  /** Reading and feeding the core within the per-service bounds (input-feed.ts). */
  private readonly feed: InputFeed;
  /** A clean CloseEvent held back until what was queued before it has been written. */
  private heldClose?: CloseEvent;
  private connectDeadline: number;
  private nextPingAt?: number;
  private pongDeadline?: number;
  private closeDeadline?: number;
  /** The client's own keep-alive pings (keep-alive.ts). */
  private readonly keepAlive: KeepAlive;
  /** Bytes this service may still offer the stream, and until when it may take slices
   *  (service-budget.ts). */
  private writeAllowance = WRITE_BUDGET;
  private writeUntil = 0;
  /** The last flush left bytes only because the write budget was spent. */
  private writeHeldByBudget = false;
  /** At least what the stream holds unsent: what its buffered() said last, plus every byte it has
   *  taken since (a shim only ever loses bytes on its own, by sending them). flush() asks the shim
   *  only when this bound could hold writing back, so a message costs no call of buffered(): a
   *  call into Java, C or JavaScript where the shim buffers. */
  private heldAtMost = 0;

  constructor(
    url: WebSocketUrl,
    private readonly options: ConnectOptions,
    transport: Transport,
    random: RandomBytes,
    private readonly lingering: LingeringStreams,
    private readonly clock: (this: void) => number,
  ) {
    const now = clock();
    this.connection = new ClientConnection({
      url,
      protocols: options.protocols,
      headers: options.headers,
      origin: options.origin,
      username: options.username,
      password: options.password,
      maxMessageSize: options.maxMessageSize,
      random,
      compression: options.compression,
      codec: options.compression !== undefined ? selectCodec(transport) : undefined,
      receiveFragments: options.receiveFragments,
    });
    this.connectDeadline = now + options.timeout;
    const connection = this.connection;
    this.feed = new InputFeed(connection, () => connection.wantsInput(), clock);
    this.keepAlive = new KeepAlive(random);
    this.stream = transport.open({
      host: url.host,
      port: url.port,
      secure: url.secure,
      serverName: url.host,
      minTls: options.tls,
      verify: options.verify,
      ca: options.ca,
      timeout: options.timeout,
    });
  }

  state(): ReadyState {
    return this.connection.state;
  }

  /** Bytes accepted by send and not yet handed to the network (SPEC getBufferedAmount). */
  bufferedAmount(): number {
    const inStream = this.streamOpen && !this.finished ? this.stream.buffered() : 0;
    return this.unwritten.size + this.connection.outgoingSize() + inStream;
  }

  /** The game asked for the close handshake: give the server `timeout` seconds to answer it. */
  closeRequested(now: number): void {
    this.closeDeadline = now + this.options.timeout;
  }

  /** A ping from the game (`ws:ping`) waits for its pong like a keep-alive ping does. */
  pingSent(now: number): void {
    if (this.pongDeadline === undefined) this.pongDeadline = now + this.options.pongTimeout;
  }

  /** The earliest time at which a timer needs the service loop, so `poll` need not wait longer. */
  nextDeadline(): number | undefined {
    let earliest: number | undefined;
    const consider = (t: number | undefined) => {
      if (t !== undefined && (earliest === undefined || t < earliest)) earliest = t;
    };
    const state = this.connection.state;
    if (state === ReadyState.Connecting) consider(this.connectDeadline);
    if (state === ReadyState.Open) consider(this.nextPingAt);
    if (state === ReadyState.Open || state === ReadyState.Closing) consider(this.pongDeadline);
    if (state === ReadyState.Closing || this.heldClose !== undefined) consider(this.closeDeadline);
    return earliest;
  }

  /** True when the next service has work whatever the transport does: input read but not fed,
   *  input left in the transport by the read budget, or output held back by the write budget. The
   *  loop then does not sleep. */
  hasBacklog(): boolean {
    return (
      !this.finished &&
      (this.feed.hasBacklog() || this.writeHeldByBudget)
    );
  }

  /** Moves bytes and timers forward. Never raises for anything the network or the server does. */
  service(now: number): void {
    if (this.finished) return;
    if (!this.streamOpen) this.advanceConnecting();
    if (this.streamOpen) {
      if (this.heldClose === undefined) {
        this.feed.readAvailable(this.stream, now);
      } else {
        // While a clean close waits for its writes, what arrives is read and dropped. The peer's
        // end of TCP is noted (and told to the core at finish): a peer may still read after it (a
        // half-close); a write that fails is what ends the close as a lost connection.
        this.feed.readAndDrop(this.stream);
      }
    }
    this.notePongArrivals();
    if (this.feed.fullyRead()) this.checkTimers(now);
    this.flush();
    this.settle(now);
  }

  /** A new service begins (poll or enterFrame): the write budget is available again. */
  beginService(): void {
    this.writeAllowance = WRITE_BUDGET;
    this.writeUntil = this.clock() + WRITE_SECONDS;
  }

  /** Writes what can be written now, within the write budget; also called right after `send` so
   *  data leaves without waiting for the next frame. */
  flush(): void {
    this.writeHeldByBudget = false;
    if (!this.streamOpen || this.finished) return;
    const connection = this.connection;
    const unwritten = this.unwritten;
    // Called after every dispatch and send: nothing to write is the common case, one call to find out.
    let outgoing = unwritten.size === 0 ? connection.outgoingSize() : 0;
    if (unwritten.size === 0 && outgoing === 0) return;
    const stream = this.stream;
    // What a shim that buffers (Node's) held when this flush began: the core's queue is taken only
    // while that was little, and then up to the room, in slices (a big message costs its service
    // the slices it has time for, not one take of the whole room).
    let buffered = this.heldAtMost;
    if (buffered >= TAKE_BELOW_BUFFERED) {
      buffered = stream.buffered();
      this.heldAtMost = buffered;
    }
    const mayTake = buffered < TAKE_BELOW_BUFFERED;
    let room = WRITE_BUDGET - buffered;
    if (this.writeAllowance < room) room = this.writeAllowance;
    if (room <= 0) {
      // Bytes left because this service's budget is spent, not because the transport is full: the
      // next service must come at once, without waiting for the socket to become writable.
      this.writeHeldByBudget = this.writeAllowance <= 0;
      return;
    }
    for (;;) {
      // The core keeps what cannot be written yet: this queue takes more only once it is empty, so
      // a pong the core holds can still be replaced by a newer one, and a peer that never reads
      // makes the client hold at most one take of its own frames.
      let written: number;
      // Input deflated by this take beyond the bytes it returned (a big compressed message is
      // deflated as it is taken): it costs the budget too.
      let deflated = 0;
      if (unwritten.size === 0) {
        if (outgoing === 0 || !mayTake) return;
        // The core masks only what it hands out, so a big message costs this service its slices.
        const want = room < WRITE_SLICE ? room : WRITE_SLICE;
        const bytes = connection.takeOutgoing(want);
        const left = connection.outgoingSize();
        deflated = outgoing - left - bytes.length;
        outgoing = left;
        if (bytes === "") return;
        // Most takes are written whole at once: only what the stream leaves is queued.
        const [taken, failure, message] = stream.write(bytes);
        if (taken === undefined) {
          this.lost(failure!, message!);
          return;
        }
        written = taken;
        if (taken < bytes.length) unwritten.push(string.sub(bytes, taken + 1));
      } else {
        const before = unwritten.size;
        const failure = unwritten.writeTo(stream, room);
        if (failure !== undefined) {
          this.lost(failure[0], failure[1]);
          return;
        }
        written = before - unwritten.size;
        if (unwritten.size === 0) outgoing = connection.outgoingSize();
      }
      this.heldAtMost += written;
      if (deflated > 0) written += deflated;
      this.writeAllowance -= written;
      room -= written;
      if (outgoing > 0 && this.clock() >= this.writeUntil) {
        // This service's time for writing is spent: the rest goes in the next one, at once.
        this.writeAllowance = 0;
        room = 0;
      }
      if (unwritten.size > 0 || room <= 0) {
        if (this.writeAllowance <= 0 && (unwritten.size > 0 || outgoing > 0)) this.writeHeldByBudget = true;
        return;
      }
      if (outgoing === 0) return;
    }
  }

  hasEvents(): boolean {
    return this.events.count > 0 || (this.heldClose === undefined && this.connection.hasEvents());
  }

  /**
   * The oldest event of this session, with the plugin's bookkeeping: the keep-alive schedule starts
   * at open, the pongs of keep-alive pings are hidden, and a clean close is held while bytes queued
   * before it are still unwritten (settle() releases it). Any other end hands the stream over at once,
   * since the client lets go of this session when the game hears of the close.
   */
  nextEvent(now: number): ConnectionEvent | undefined {
    if (this.events.count > 0) return this.events.shift();
    if (this.heldClose !== undefined) return undefined;
    for (;;) {
      const event = this.connection.nextEvent();
      if (event === undefined) return undefined;
      // Messages first: they are the per-message path and need no bookkeeping.
      if (event.type === "message") return event;
      if (event.type === "open") {
        if (this.options.pingInterval !== undefined) this.nextPingAt = now + this.options.pingInterval;
      } else if (event.type === "pong") {
        if (this.keepAlive.answers(event.data)) continue;
      } else if (event.type === "close") {
        this.flush();
        if (event.wasClean && !this.allWritten()) {
          this.heldClose = event;
          this.closeDeadline = now + this.options.timeout;
          return undefined;
        }
        if (!this.finished) this.finish(now);
      }
      return event;
    }
  }

  /** Every byte queued, the close frame last, has been handed to the operating system: a shim that
   *  buffers (Node, Android, Apple) must have passed on all it took. */
  private allWritten(): boolean {
    return this.unwritten.size === 0 && this.connection.outgoingSize() === 0 && (!this.streamOpen || this.stream.buffered() === 0);
  }

  /** A pong that has arrived meets the pong deadline, whatever it answers and whenever it is taken. */
  private notePongArrivals(): void {
    if (this.keepAlive.pongsArrived(this.connection.pongsReceived)) this.pongDeadline = undefined;
  }

  private advanceConnecting(): void {
    const [status, failure, message] = this.stream.step();
    if (status === "open") {
      this.streamOpen = true;
    } else if (status === "failed") {
      this.connection.connectionLost(failure!, message!);
    }
  }

  private checkTimers(now: number): void {
    const state = this.connection.state;
    if (this.connection.closeReceived && this.heldClose === undefined) {
      // The peer's close has arrived (it takes effect when the events before it are taken): the
      // close handshake is completing, so neither its deadline nor a pong's nor a ping is due.
      return;
    }
    if (state === ReadyState.Connecting && now >= this.connectDeadline) {
      const stage = this.streamOpen ? "waiting for the server's handshake response" : "connecting";
      this.connection.fail("timeout", 1006, `connect timeout: no connection within ${this.options.timeout} s (${stage})`);
      return;
    }
    if (this.pongDeadline !== undefined && now >= this.pongDeadline && (state === ReadyState.Open || state === ReadyState.Closing)) {
      this.connection.fail("timeout", 1006, `pong timeout: no pong within ${this.options.pongTimeout} s; the connection is lost`);
      return;
    }
    if (state === ReadyState.Closing && this.closeDeadline !== undefined && now >= this.closeDeadline) {
      this.connection.fail("timeout", 1006, `close timeout: the server did not complete the close handshake within ${this.options.timeout} s`);
      return;
    }
    if (this.heldClose !== undefined && this.closeDeadline !== undefined && now >= this.closeDeadline) {
      this.abandonHeldClose("timeout", `close timeout: what was sent before the close could not be written within ${this.options.timeout} s`);
      return;
    }
    if (state === ReadyState.Open && this.nextPingAt !== undefined && now >= this.nextPingAt) {
      this.nextPingAt = now + this.options.pingInterval!;
      const payload = this.keepAlive.next(); // none while one is out unanswered
      if (payload !== undefined) {
        this.connection.ping(payload);
        this.pingSent(now);
      }
    }
  }

  /** The stream failed: before the core's end that is a lost connection; during a held clean close
   *  it means the close frame and what came before it never left, so the close was not clean. */
  private lost(failure: StreamFailure, message: string): void {
    this.unwritten.clear();
    const held = this.heldClose !== undefined;
    // The core is CLOSED already when a close is held: it only notes that the stream is gone.
    this.connection.connectionLost(failure, message);
    if (held) this.abandonHeldClose(failure, `${message}, before the close handshake completed`);
  }

  private abandonHeldClose(errorType: "timeout" | StreamFailure, reason: string): void {
    this.heldClose = undefined;
    this.unwritten.clear();
    this.events.push({ type: "error", errorType, code: 1006, reason });
    this.events.push({ type: "close", code: 1006, reason, wasClean: false });
  }

  /** A held clean close is reported once the stream has taken every byte, its own close frame last;
   *  then, or when the core is done otherwise, the stream goes to linger. */
  private settle(now: number): void {
    if (this.heldClose !== undefined) {
      if (!this.allWritten()) return;
      this.events.push(this.heldClose);
      this.heldClose = undefined;
    } else if (!this.connection.wantsTransportClosed() || this.connection.hasEvents()) {
      // The core's end waits in its queue: nextEvent() hands the stream over when it takes the close
      // (or holds a clean one until its writes are out).
      return;
    }
    this.finish(now);
  }

  /** The core is done with the stream (service has just written what it queued last, a close
   *  frame): end it as the core says (section 7.1.1). A client's core says AwaitPeerFin: the stream
   *  lingers, with what it has not taken yet, until the server has closed TCP or peerFinTimeout()
   *  has passed (see lingering-streams.ts); Close once the server's FIN came or the stream failed. */
  private finish(now: number): void {
    // The core's last bytes (the close frame of a failure) go after what this queue holds.
    const connection = this.connection;
    if (connection.outgoingSize() > 0) this.unwritten.push(connection.takeOutgoing());
    // An end read while a clean close waited for its writes: the core decides with it.
    this.feed.tellStreamEnd();
    this.feed.drop();
    const end = connection.transportEnd();
    const stream = this.stream;
    if (!this.streamOpen) {
      // Never connected: there is no peer to wait for.
      stream.close();
    } else if (end === TransportEnd.AwaitPeerFin) {
      this.lingering.add(stream, this.unwritten, now, connection.peerFinTimeout());
    } else if (end === TransportEnd.HalfClose && this.unwritten.size === 0 && stream.shutdown !== undefined && stream.shutdown()) {
      // Not a client's answer; carried out all the same (nothing left to drain: shut down at once).
      this.lingering.add(stream, this.unwritten, now, connection.peerFinTimeout());
    } else {
      stream.close();
    }
    this.finished = true;
  }
}
