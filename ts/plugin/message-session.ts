/**
 * One connection attempt of a client over a message transport (a browser's WebSocket, see
 * ts/transport/message-contract.ts): the counterpart of session.ts for platforms that frame
 * WebSocket themselves. The protocol core is not used; this file turns what the socket reports into
 * the same ConnectionEvents the core would queue, with the same guarantees (SPEC section 3):
 *
 * - events are queued by `service` (called from the service loop only) and handed out in order;
 * - every attempt ends in exactly one CloseEvent, preceded by an ErrorEvent unless the end was a
 *   clean close or the game's own `close()` while connecting;
 * - what has arrived is read before any timer is judged (guarantee 6);
 * - one service takes at most about MESSAGE_BUDGET bytes of message data from the socket, and hands
 *   it at most about SEND_BUDGET bytes, so big messages cross the bridge over several frames, in
 *   order, and are joined on the other side (guarantee 7);
 * - messages the game sent before `close()` are handed to the browser before its close, and a close
 *   that comes while some are still on this side of the bridge is not clean (guarantee 3).
 *
 * What a browser cannot do (custom headers, Basic auth, Origin, pings) is refused before an attempt
 * starts, in browser-options.ts.
 */
import { join } from "../../lua/kernels";
import { ConnectionEvent, ErrorType, ReadyState } from "../core/events";
import { OutgoingStream, PieceVerdict } from "../core/outgoing-stream";
import { MessageSocket, MessageTransport, SocketEvent } from "../transport/message-contract";
import { ConnectOptions } from "./connect-options";

/** Characters of message data (base64 for binary) taken from the browser per service. Decoding
 *  64 KiB costs about 15-20 ms in Lua-in-wasm (wasmoon; docs/api.md, HTML5 builds), so a big
 *  message crosses over several frames instead of stalling one. */
export const MESSAGE_BUDGET = 64 * 1024;
/** Bytes of outgoing messages handed to the browser per service: crossing the bridge costs about
 *  0.4 ms per KiB of binary data in Lua-in-wasm (base64, then dkjson's quoting). A message up to
 *  this size goes out at once when nothing is waiting before it. */
export const SEND_BUDGET = 32 * 1024;
const ABNORMAL_CLOSURE = 1006;
const FIRST_CONTINUATION_BYTE = 0x80;
const LAST_CONTINUATION_BYTE = 0xbf;

/** A message the browser has not been handed in full yet. */
interface Outgoing {
  data: string;
  binary: boolean;
  /** Bytes handed over so far. */
  sent: number;
  /** It ends its message: false for a piece of a message sent in pieces but the last. */
  ends: boolean;
}

/** How many of `count` bytes of `data` from `sent` on make a piece: binary pieces are whole
 *  base64 groups (3 bytes), text pieces end on a character boundary. All that is left fits: all. */
function pieceLength(data: string, sent: number, count: number, binary: boolean): number {
  if (sent + count >= data.length) return data.length - sent;
  if (binary) return count - (count % 3);
  let end = sent + count; // the piece is data[sent+1 .. end] in Lua's 1-based terms
  for (;;) {
    const next = string.byte(data, end + 1);
    if (end <= sent || next < FIRST_CONTINUATION_BYTE || next > LAST_CONTINUATION_BYTE) break;
    end--;
  }
  return end - sent;
}

/** The `send`, `ping`, `close` and `abort` calls the client makes on `session.connection`, as on
 *  the core's ClientConnection. */
class MessageConnection {
  constructor(private readonly session: MessageSession) {}

  send(data: string, binary: boolean): boolean {
    return this.session.send(data, binary);
  }

  sendPiece(data: string, binary: boolean, fin: boolean, _compress?: boolean): PieceVerdict {
    return this.session.sendPiece(data, binary, fin);
  }

  isSendingPieces(): boolean {
    return this.session.isSendingPieces();
  }

  /** Browsers give pages no way to send a ping; the client refuses `ws:ping` before calling this. */
  ping(_payload: string): boolean {
    return false;
  }

  close(code: number, reason: string): void {
    this.session.close(code, reason);
  }

  abort(reason: string): void {
    this.session.abort(reason);
  }
}

export class MessageSession {
  readonly connection = new MessageConnection(this);
  /** No byte stream: the browser owns the socket (and `transport.wait` does not exist there). */
  readonly stream = undefined;
  /** True once the CloseEvent is queued; the session then only has events left to hand out. */
  finished = false;

  private socket?: MessageSocket;
  private readyState = ReadyState.Connecting;
  private readonly events: ConnectionEvent[] = [];
  private head = 0;
  private connectDeadline: number;
  private closeDeadline?: number;
  private extensions = "";
  /** Pieces of the message being received (a big message arrives in slices), and its type. */
  private pieces: string[] = [];
  private pieceBinary = false;
  /** The browser's error event came: the close that follows is reported after an ErrorEvent. */
  private browserError = false;
  /** The transport failed the connection itself (maxMessageSize): its code wins over the browser's. */
  private failure?: { errorType: ErrorType; code: number; reason: string };
  private closeAsked = false;
  private readonly outgoing: Outgoing[] = [];
  /** Bytes of `outgoing` not handed to the browser yet. */
  private unsent = 0;
  /** What may still be handed to the browser in this service. */
  private sendBudget = SEND_BUDGET;
  /** The message the game sends in pieces (SPEC section 9): a browser's WebSocket sends whole
   *  messages only, so the pieces cross the bridge as they come and the page joins them, sending the
   *  message at its last piece (append's `final`). */
  private readonly pieceStream = new OutgoingStream();
  /** Bytes of that message so far: at most maxMessageSize, what the page may be asked to hold. */
  private pieceStreamSize = 0;
  /** The unfinished UTF-8 sequence at the end of its text so far, held back: text crosses the bridge
   *  on character boundaries. */
  private pieceCarry = "";
  /** close() came while messages were still waiting: sent after the last of them. */
  private pendingClose?: [number, string];

  constructor(
    private readonly url: string,
    private readonly options: ConnectOptions,
    transport: MessageTransport,
    now: number,
  ) {
    this.connectDeadline = now + options.timeout;
    const socket = transport.open(url, options.protocols, options.maxMessageSize);
    if (typeof socket === "string") {
      this.fail("connect", `cannot connect to ${url}: ${socket}`);
    } else {
      this.socket = socket;
    }
  }

  state(): ReadyState {
    return this.readyState;
  }

  /** Bytes waiting to cross the bridge plus the browser's bufferedAmount (SPEC getBufferedAmount). */
  bufferedAmount(): number {
    if (this.socket === undefined || this.finished) return 0;
    return this.unsent + this.socket.bufferedAmount();
  }

  /** The extensions the browser negotiated (e.g. "permessage-deflate; client_max_window_bits"). */
  negotiatedExtensions(): string {
    return this.extensions;
  }

  send(data: string, binary: boolean): boolean {
    if (this.readyState !== ReadyState.Open || this.socket === undefined) return false;
    if (this.pieceStream.isOpen()) return this.sendPiece(data, binary, true) === PieceVerdict.Accepted;
    if (this.outgoing.length === 0 && data.length <= SEND_BUDGET) {
      this.sendBudget -= data.length;
      const sent = this.socket.send(data, binary);
      if (sent !== true) this.fail("closed", sent);
      return sent === true;
    }
    this.outgoing.push({ data, binary, sent: 0, ends: true });
    this.unsent += data.length;
    this.transfer();
    return true;
  }

  /** One piece of a message sent in pieces: judged as the core judges it (outgoing-stream.ts), then
   *  queued to cross the bridge like any message, its last piece ending the message. */
  sendPiece(data: string, binary: boolean, fin: boolean): PieceVerdict {
    if (this.readyState !== ReadyState.Open || this.socket === undefined) return PieceVerdict.NotOpen;
    const stream = this.pieceStream;
    const verdict = stream.judge(data, binary, fin);
    if (verdict !== PieceVerdict.Accepted) return verdict;
    if (this.pieceStreamSize + data.length > this.options.maxMessageSize) return PieceVerdict.TooBig;
    stream.advance(binary, fin);
    const bytes = this.pieceCarry + data;
    const carry = fin ? "" : stream.unfinishedSequence();
    this.pieceCarry = carry;
    this.pieceStreamSize = fin ? 0 : this.pieceStreamSize + data.length;
    const piece = carry === "" ? bytes : string.sub(bytes, 1, bytes.length - carry.length);
    if (piece !== "" || fin) {
      this.outgoing.push({ data: piece, binary, sent: 0, ends: fin });
      this.unsent += piece.length;
      this.transfer();
    }
    return PieceVerdict.Accepted;
  }

  isSendingPieces(): boolean {
    return this.pieceStream.isOpen();
  }

  close(code: number, reason: string): void {
    if (this.readyState !== ReadyState.Open || this.socket === undefined) return;
    this.readyState = ReadyState.Closing;
    this.closeAsked = true;
    if (this.outgoing.length > 0) {
      this.pendingClose = [code, reason];
    } else {
      this.socket.close(code, reason);
    }
  }

  /** `close()` while connecting: the attempt ends with ONCLOSE 1006 and no ONERROR (SPEC close). */
  abort(reason: string): void {
    if (this.finished) return;
    this.end({ type: "close", code: ABNORMAL_CLOSURE, reason, wasClean: false });
  }

  /** The game asked for the close handshake: give the server `timeout` seconds to answer it. */
  closeRequested(now: number): void {
    if (this.pendingClose === undefined) this.closeDeadline = now + this.options.timeout;
  }

  pingSent(_now: number): void {}

  nextDeadline(): number | undefined {
    if (this.finished) return undefined;
    if (this.readyState === ReadyState.Connecting) return this.connectDeadline;
    if (this.readyState === ReadyState.Closing) return this.closeDeadline;
    return undefined;
  }

  /** Takes what the browser reported since the last service, then judges the timers. */
  service(now: number): void {
    if (this.finished || this.socket === undefined) return;
    this.sendBudget = SEND_BUDGET;
    for (const event of this.socket.poll(MESSAGE_BUDGET)) {
      this.take(event);
      if (this.finished) return;
    }
    if (this.options.receiveFragments) this.flushPieces();
    this.transfer();
    if (this.finished) return;
    // A close that waited for queued messages has its timeout from when it left.
    if (this.closeAsked && this.pendingClose === undefined && this.closeDeadline === undefined) {
      this.closeDeadline = now + this.options.timeout;
    }
    this.checkTimers(now);
  }

  /** The service loop's per-service hooks (session.ts has the byte-stream versions): this session
   *  renews its send budget in service(), and has work left over only while sends wait on it. */
  beginService(): void {}

  hasBacklog(): boolean {
    return !this.finished && this.outgoing.length > 0 && this.sendBudget <= 0;
  }

  /** Hands waiting messages to the browser, as far as this service's budget goes. */
  flush(): void {
    this.transfer();
  }

  private transfer(): void {
    const socket = this.socket;
    if (socket === undefined || this.finished) return;
    while (this.outgoing.length > 0 && this.sendBudget > 0) {
      const head = this.outgoing[0];
      const count = pieceLength(head.data, head.sent, math.max(this.sendBudget, 3), head.binary);
      // An empty entry is the empty last piece of a message sent in pieces: it still ends it.
      if (count <= 0 && head.data.length > 0) break;
      const final = head.sent + count === head.data.length;
      const answer = socket.append(string.sub(head.data, head.sent + 1, head.sent + count), head.binary, final && head.ends);
      if (answer !== true) {
        this.fail("closed", answer);
        return;
      }
      head.sent += count;
      this.unsent -= count;
      this.sendBudget -= count;
      if (final) this.outgoing.shift();
    }
    if (this.outgoing.length === 0 && this.pendingClose !== undefined) {
      const [code, reason] = this.pendingClose;
      this.pendingClose = undefined;
      socket.close(code, reason);
    }
  }

  hasEvents(): boolean {
    return this.head < this.events.length;
  }

  nextEvent(_now: number): ConnectionEvent | undefined {
    if (this.head >= this.events.length) return undefined;
    const event = this.events[this.head];
    this.head++;
    if (this.head === this.events.length) {
      this.events.length = 0;
      this.head = 0;
    }
    return event;
  }

  private take(event: SocketEvent): void {
    switch (event.type) {
      case "open":
        if (this.readyState !== ReadyState.Connecting) return;
        this.readyState = ReadyState.Open;
        this.extensions = event.extensions;
        this.events.push({ type: "open", protocol: event.protocol, extensions: event.extensions });
        return;
      case "message":
        if (this.failure !== undefined) return;
        if (!event.final) {
          // With receiveFragments what crossed the bridge of a big message goes to the game at the
          // end of the service, in one piece (flushPieces).
          this.pieces.push(event.data);
          this.pieceBinary = event.binary;
          return;
        }
        if (this.pieces.length > 0) {
          this.pieces.push(event.data);
          this.events.push({ type: "message", data: join(this.pieces), binary: event.binary });
          this.pieces = [];
        } else {
          this.events.push({ type: "message", data: event.data, binary: event.binary });
        }
        return;
      case "error":
        if (event.errorType !== undefined) {
          // The transport's own verdict (a message over maxMessageSize): it has started closing.
          this.failure = { errorType: event.errorType, code: event.code ?? ABNORMAL_CLOSURE, reason: event.reason ?? "" };
          this.readyState = ReadyState.Closing;
        } else {
          this.browserError = true;
        }
        return;
      case "close":
        this.closed(event.code, event.reason, event.wasClean);
        return;
    }
  }

  /**
   * receiveFragments (SPEC section 9): the browser hands the page whole messages, and a big one
   * crosses the bridge in pieces of at most MESSAGE_BUDGET per service; what crossed in this service
   * is handed to the game as one ONMESSAGE with `isFinal = false` rather than kept. Only the
   * bridge's progress, then: nothing of a message arrives before the browser has all of it.
   */
  private flushPieces(): void {
    const pieces = this.pieces;
    if (pieces.length === 0 || this.finished) return;
    this.pieces = [];
    this.events.push({ type: "message", data: join(pieces), binary: this.pieceBinary, partial: true });
  }

  /** The browser's close event: the last word on this socket. */
  private closed(code: number, reason: string, wasClean: boolean): void {
    if (this.failure !== undefined) {
      const { errorType, code: failureCode, reason: why } = this.failure;
      this.events.push({ type: "error", errorType, code: failureCode, reason: why });
      this.end({ type: "close", code: failureCode, reason: why, wasClean: false });
      return;
    }
    const opened = this.readyState !== ReadyState.Connecting;
    if (wasClean && !this.browserError && this.unsent > 0) {
      // What `send` accepted is still on this side of the bridge: the close completed without it,
      // so it was not clean (SPEC guarantee 3), whatever the browser says of its own part.
      const why = `the server closed the connection before ${this.unsent} bytes that send accepted could be handed to the browser`;
      this.events.push({ type: "error", errorType: "closed", code: ABNORMAL_CLOSURE, reason: why });
      this.end({ type: "close", code: ABNORMAL_CLOSURE, reason: why, wasClean: false });
      return;
    }
    if (this.browserError || !wasClean) {
      // Browsers report no cause (by design: a page must not probe the network), so before the
      // open every failure is a "connect" failure, and afterwards a connection that "closed".
      const why = opened
        ? `the connection to ${this.url} was lost without a close handshake (code ${code})`
        : `cannot connect to ${this.url}: the browser refused or could not open the connection (name lookup, TCP, TLS certificate or handshake; browsers do not say which)`;
      this.events.push({ type: "error", errorType: opened ? "closed" : "connect", code: ABNORMAL_CLOSURE, reason: why });
      this.end({ type: "close", code: ABNORMAL_CLOSURE, reason: reason !== "" ? reason : why, wasClean: false });
      return;
    }
    this.end({ type: "close", code, reason, wasClean: true });
  }

  private checkTimers(now: number): void {
    if (this.readyState === ReadyState.Connecting && now >= this.connectDeadline) {
      this.fail("timeout", `connect timeout: no connection within ${this.options.timeout} s (connecting)`);
    } else if (this.readyState === ReadyState.Closing && this.closeAsked && this.closeDeadline !== undefined && now >= this.closeDeadline) {
      this.fail("timeout", `close timeout: the server did not complete the close handshake within ${this.options.timeout} s`);
    }
  }

  /** The plugin's own verdict: ErrorEvent + CloseEvent 1006, and the browser socket let go. */
  private fail(errorType: ErrorType, reason: string): void {
    if (this.finished) return;
    this.events.push({ type: "error", errorType, code: ABNORMAL_CLOSURE, reason });
    this.end({ type: "close", code: ABNORMAL_CLOSURE, reason, wasClean: false });
  }

  private end(event: ConnectionEvent): void {
    this.events.push(event);
    this.readyState = ReadyState.Closed;
    this.finished = true;
    this.pieces = [];
    this.outgoing.length = 0;
    this.unsent = 0;
    this.pieceStream.reset();
    this.pieceCarry = "";
    this.pieceStreamSize = 0;
    if (this.socket !== undefined) this.socket.release();
  }
}
