/**
 * One connection attempt of a client, from `connect` to its CloseEvent: the sans-I/O core connection
 * joined to one transport stream, plus the timers the core leaves to its host (connect timeout,
 * keep-alive pings, pong timeout, close-handshake timeout).
 *
 * `service(now)` is the only place bytes move: it advances the stream, feeds what arrived to the core,
 * writes what the core queued, and checks the timers. Events stay queued in the core until the service
 * loop collects them with `nextEvent()`.
 */
import { ClientConnection } from "../core/client-connection";
import { ConnectionEvent, ReadyState } from "../core/events";
import { WebSocketUrl } from "../core/url";
import { Stream, Transport } from "../transport/contract";
import { ConnectOptions } from "./connect-options";
import { RandomBytes } from "./entropy";
import { LingeringStreams } from "./lingering-streams";
import { WriteQueue } from "./write-queue";

/** Payload of the plugin's own keep-alive pings; their pongs are not reported as ONPONG. */
const KEEPALIVE_PAYLOAD = "keep-alive";

export class Session {
  readonly connection: ClientConnection;
  readonly stream: Stream;
  /** True once the stream has been closed; the session then only has events left to hand out. */
  finished = false;

  private streamOpen = false;
  /** Bytes taken from the core that the stream has not accepted yet. */
  private readonly unwritten = new WriteQueue();
  private connectDeadline: number;
  private nextPingAt?: number;
  private pongDeadline?: number;
  private closeDeadline?: number;

  constructor(
    url: WebSocketUrl,
    private readonly options: ConnectOptions,
    transport: Transport,
    random: RandomBytes,
    private readonly lingering: LingeringStreams,
    now: number,
  ) {
    this.connection = new ClientConnection({
      url,
      protocols: options.protocols,
      headers: options.headers,
      origin: options.origin,
      username: options.username,
      password: options.password,
      maxMessageSize: options.maxMessageSize,
      random,
    });
    this.connectDeadline = now + options.timeout;
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
    if (state === ReadyState.Closing) consider(this.closeDeadline);
    return earliest;
  }

  /** Moves bytes and timers forward. Never raises for anything the network or the server does. */
  service(now: number): void {
    if (this.finished) return;
    if (!this.streamOpen) this.advanceConnecting();
    if (this.streamOpen && this.connection.state !== ReadyState.Closed) this.readAvailable();
    this.checkTimers(now);
    this.flush();
    if (this.connection.wantsTransportClosed()) this.finish(now);
  }

  /** Writes what can be written now; also called right after `send` so data leaves without waiting
   *  for the next frame. */
  flush(): void {
    if (!this.streamOpen || this.finished) return;
    if (this.connection.outgoingSize() > 0) this.unwritten.push(this.connection.takeOutgoing());
    const failure = this.unwritten.writeTo(this.stream);
    if (failure !== undefined) this.connection.connectionLost(failure[0], failure[1]);
  }

  hasEvents(): boolean {
    return this.connection.hasEvents();
  }

  /** The oldest event of this session, with the plugin's bookkeeping for pongs and open applied. */
  nextEvent(now: number): ConnectionEvent | undefined {
    for (;;) {
      const event = this.connection.nextEvent();
      if (event === undefined) return undefined;
      if (event.type === "open") {
        if (this.options.pingInterval !== undefined) this.nextPingAt = now + this.options.pingInterval;
      } else if (event.type === "pong") {
        this.pongDeadline = undefined;
        if (event.data === KEEPALIVE_PAYLOAD) continue;
      } else if (event.type === "close" && !this.finished) {
        // The core applies what it decoded in event order, so a connection may end while its events
        // are taken: write its last bytes (a close frame) and hand the stream over now, before the
        // game hears of the close and the client lets go of this session.
        this.flush();
        this.finish(now);
      }
      return event;
    }
  }

  private advanceConnecting(): void {
    const [status, failure, message] = this.stream.step();
    if (status === "open") {
      this.streamOpen = true;
    } else if (status === "failed") {
      this.connection.connectionLost(failure!, message!);
    }
  }

  private readAvailable(): void {
    const [data, failure, message] = this.stream.read();
    if (data === undefined) {
      this.connection.connectionLost(failure!, message!);
    } else if (data !== "") {
      this.connection.receive(data);
    }
  }

  private checkTimers(now: number): void {
    const state = this.connection.state;
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
    if (state === ReadyState.Open && this.nextPingAt !== undefined && now >= this.nextPingAt) {
      this.connection.ping(KEEPALIVE_PAYLOAD);
      this.nextPingAt = now + this.options.pingInterval!;
      this.pingSent(now);
    }
  }

  /** The core is done with the stream (service has just written what it queued last, a close
   *  frame): let the stream linger, with what it has not taken yet, until the server has closed TCP
   *  (see lingering-streams.ts). */
  private finish(now: number): void {
    if (this.streamOpen) {
      this.lingering.add(this.stream, this.unwritten, now);
    } else {
      this.stream.close();
    }
    this.finished = true;
  }
}
