/**
 * The client connection state machine (RFC 6455 sections 4, 5, 7): bytes in, events and bytes out.
 * It owns no socket, clock or random source: the plugin layer feeds it what the transport read,
 * writes what it queues, and injects randomness for the handshake key and the masking keys.
 *
 *   CONNECTING --101 validated--> OPEN --close()--> CLOSING --server's close--> CLOSED
 *        |                          |--server's close (echoed)---------------> CLOSED
 *        '--any failure, abort, lost transport --------------------------------> CLOSED
 *
 * Every way a connection ends queues exactly one CloseEvent, preceded by an ErrorEvent unless the end
 * was a completed close handshake or asked for (abort). After the CloseEvent nothing else is queued,
 * and input is ignored.
 */
import { encodeClosePayload, isSendableCloseCode, parseClosePayload, CloseCode } from "./close-codes";
import { type ConnectionEvent, type ErrorType, ReadyState } from "./events";
import { MASK_KEY_LENGTH, Opcode } from "./frame";
import { DecoderStep, FrameDecoder } from "./frame-decoder";
import { encodeFrame } from "./frame-encoder";
import {
  buildHandshakeRequest,
  findHeadEnd,
  type HandshakeRequestOptions,
  KEY_BYTES,
  makeKey,
  MAX_RESPONSE_HEAD,
  validateHandshakeResponse,
} from "./handshake";
import { MessageAssembler } from "./message-assembler";
import { handshakeFailure, type ProtocolError } from "./protocol-error";

/** What the handshake sends (checked beforehand with checkHandshakeOptions), plus the limits and the
 *  injected randomness of the connection. */
export interface ClientConnectionOptions extends HandshakeRequestOptions {
  /** Bytes; larger incoming messages fail the connection with 1009. */
  maxMessageSize: number;
  /** `count` random bytes. */
  random: (this: void, count: number) => string;
}

/** Pongs that may wait untaken before a newer one replaces the last (at most about 2 KiB). */
const MAX_UNTAKEN_PONGS = 16;

/** The longest close reason that fits a control frame: 125 bytes less the 2-byte code. */
const MAX_CLOSE_REASON = 123;

export class ClientConnection {
  state: ReadyState = ReadyState.Connecting;

  private readonly random: (this: void, count: number) => string;
  private readonly key: string;
  private readonly protocols: string[];
  private readonly decoder = new FrameDecoder();
  private readonly assembler: MessageAssembler;

  /** The response head while CONNECTING. */
  private handshakeBuffer = "";
  /** A close frame went out (we must not send data after it, section 5.5.1). */
  private closeSent = false;

  /** Queued events: events[eventsHead] .. events[eventsTail - 1]; explicit bounds, so a burst of
   *  messages costs no length computation per event. */
  private events: ConnectionEvent[] = [];
  private eventsHead = 0;
  private eventsTail = 0;
  private outgoing: string[] = [];
  private outgoingBytes = 0;
  /** Pongs queued since the last takeOutgoing(), and the index in `outgoing` of the last one. */
  private untakenPongs = 0;
  private lastUntakenPong = 0;

  constructor(options: ClientConnectionOptions) {
    this.random = options.random;
    this.protocols = options.protocols;
    this.assembler = new MessageAssembler(options.maxMessageSize);
    this.key = makeKey(options.random(KEY_BYTES));
    this.queueBytes(buildHandshakeRequest(options, this.key));
  }

  // ---- what the plugin drives ----

  /** Feeds bytes the transport read. */
  receive(bytes: string): void {
    if (this.state === ReadyState.Closed || bytes.length === 0) return;
    if (this.state === ReadyState.Connecting) {
      const rest = this.receiveHandshake(bytes);
      if (rest === undefined || rest.length === 0) return;
      bytes = rest;
    }
    this.decoder.push(bytes);
    this.processFrames();
  }

  /** Queues one data frame (OPEN only; otherwise nothing happens and false is returned). */
  send(data: string, binary: boolean): boolean {
    if (this.state !== ReadyState.Open) return false;
    this.queueFrame(binary ? Opcode.Binary : Opcode.Text, data);
    return true;
  }

  /** Queues a ping (OPEN only); `payload` is at most 125 bytes (checked by the plugin). */
  ping(payload: string): boolean {
    if (this.state !== ReadyState.Open) return false;
    this.queueFrame(Opcode.Ping, payload);
    return true;
  }

  /**
   * Starts the close handshake (section 7.1.2): queues a close frame and waits for the server's.
   * No code sends an empty close body. While CONNECTING this is abort(). Code and reason are validated
   * by the plugin; the reason is cut to what fits a control frame.
   */
  close(code?: number, reason?: string): void {
    if (this.state === ReadyState.Connecting) {
      this.abort("connection attempt cancelled");
      return;
    }
    if (this.state !== ReadyState.Open) return;
    this.sendClose(code, reason ?? "");
    this.state = ReadyState.Closing;
  }

  /** The plugin's own verdicts (timeouts, cancellations): ErrorEvent + CloseEvent with `code`. A code
   *  that may appear in a close frame is also sent to the server first. */
  fail(errorType: ErrorType, code: number, reason: string): void {
    this.failWith({ type: "failure", code, reason, errorType });
  }

  /** The game cancelled while CONNECTING: CloseEvent 1006 only, no ErrorEvent (SPEC, guarantee 2). */
  abort(reason: string): void {
    if (this.state === ReadyState.Closed) return;
    this.finish(CloseCode.AbnormalClosure, reason, false);
  }

  /** The transport ended or failed: ErrorEvent + CloseEvent 1006 (section 7.1.5), unless already closed. */
  connectionLost(errorType: ErrorType, reason: string): void {
    if (this.state === ReadyState.Closed) return;
    this.failWith({ type: "failure", code: CloseCode.AbnormalClosure, reason, errorType });
  }

  /** The bytes to write, in order ("" when none); empties the queue. */
  takeOutgoing(): string {
    if (this.outgoingBytes === 0) return "";
    const bytes = this.outgoing.length === 1 ? this.outgoing[0] : this.outgoing.join("");
    this.outgoing = [];
    this.outgoingBytes = 0;
    this.untakenPongs = 0;
    return bytes;
  }

  outgoingSize(): number {
    return this.outgoingBytes;
  }

  /** The oldest queued event, removed from the queue. */
  /** True when nextEvent() has something to return. */
  hasEvents(): boolean {
    return this.eventsHead < this.eventsTail;
  }

  nextEvent(): ConnectionEvent | undefined {
    const head = this.eventsHead;
    if (head >= this.eventsTail) return undefined;
    const event = this.events[head];
    if (head + 1 >= this.eventsTail) {
      this.events = [];
      this.eventsHead = 0;
      this.eventsTail = 0;
    } else {
      this.eventsHead = head + 1;
    }
    return event;
  }

  /** True once CLOSED: write what takeOutgoing() returns, then close the stream. */
  wantsTransportClosed(): boolean {
    return this.state === ReadyState.Closed;
  }

  // ---- the opening handshake ----

  /** Buffers the response head; once it is complete and valid, opens and returns the bytes after it
   *  (the first frames). Returns undefined while waiting or after failing. */
  private receiveHandshake(bytes: string): string | undefined {
    const searchFrom = this.handshakeBuffer.length;
    const buffer = this.handshakeBuffer + bytes;
    const end = findHeadEnd(buffer, searchFrom);
    if (end < 0) {
      if (buffer.length > MAX_RESPONSE_HEAD) {
        this.failWith(handshakeFailure(`the response head is larger than ${MAX_RESPONSE_HEAD} bytes`));
      } else {
        this.handshakeBuffer = buffer;
      }
      return undefined;
    }
    this.handshakeBuffer = "";
    if (end > MAX_RESPONSE_HEAD) {
      this.failWith(handshakeFailure(`the response head is larger than ${MAX_RESPONSE_HEAD} bytes`));
      return undefined;
    }
    const verdict = validateHandshakeResponse(buffer.substring(0, end), this.key, this.protocols);
    if (verdict.type === "failure") {
      this.failWith(verdict);
      return undefined;
    }
    // "If the server's response is validated as provided for above, it is said that _The WebSocket
    // Connection is Established_ and that the WebSocket Connection is in the OPEN state."
    this.state = ReadyState.Open;
    this.queueEvent({ type: "open", protocol: verdict.protocol, extensions: "" });
    return buffer.substring(end);
  }

  // ---- frames ----

  /** Headers and payload slices from the decoder to the assembler, until input runs out or the
   *  connection ends. A small frame wholly in the input is one decoder step: its header, then its
   *  payload, then (for a single-frame message) the message event, which is queued as it is. */
  private processFrames(): void {
    const decoder = this.decoder;
    const assembler = this.assembler;
    while (this.state !== ReadyState.Closed) {
      const step = decoder.next();
      if (step === undefined) return;
      if (step === DecoderStep.Header) {
        const refused = assembler.beginFrame(decoder.fin, decoder.opcode, decoder.length);
        if (refused !== undefined) {
          this.failWith(refused);
          return;
        }
      } else if (step !== DecoderStep.Payload) {
        this.failWith(step);
        return;
      }
      const result = assembler.addPayload(decoder.payload, decoder.frameComplete);
      if (result !== undefined) {
        if (result.type === "message") {
          // queueEvent, inlined: this runs once per message of a burst.
          this.events[this.eventsTail] = result;
          this.eventsTail++;
        } else if (result.type === "control") {
          this.handleControl(result.opcode, result.payload);
        } else {
          this.failWith(result);
        }
      }
    }
  }

  private handleControl(opcode: number, payload: string): void {
    if (opcode === Opcode.Ping) {
      // "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response, unless it
      // already received a Close frame. ... A Pong frame sent in response to a Ping frame must have
      // identical "Application data" as found in the message body of the Ping frame being replied to."
      // Once our close frame is out, nothing more is sent (section 5.5.1).
      if (!this.closeSent) this.queuePong(payload);
      return;
    }
    if (opcode === Opcode.Pong) {
      this.queueEvent({ type: "pong", data: payload });
      return;
    }
    const close = parseClosePayload(payload);
    if (close.type === "failure") {
      this.failWith(close);
      return;
    }
    // "If an endpoint receives a Close frame and did not previously send a Close frame, the endpoint
    // MUST send a Close frame in response. ... it typically echos the status code it received."
    // (section 5.5.1). Either way the close handshake is now complete (section 7.1.4).
    if (!this.closeSent) this.sendClose(close.code === CloseCode.NoStatusReceived ? undefined : close.code, "");
    this.finish(close.code, close.reason, true);
  }

  // ---- ending ----

  /**
   * The one place a failure becomes events (section 7.1.7, _Fail the WebSocket Connection_): on an
   * established connection a close frame with the failure code goes out first, then ErrorEvent and
   * CloseEvent with the same code.
   */
  private failWith(failure: ProtocolError): void {
    if (this.state === ReadyState.Closed) return;
    if (this.state !== ReadyState.Connecting && isSendableCloseCode(failure.code)) {
      this.sendClose(failure.code, "");
    }
    this.queueEvent({ type: "error", errorType: failure.errorType, code: failure.code, reason: failure.reason });
    this.finish(failure.code, failure.reason, false);
  }

  private finish(code: number, reason: string, wasClean: boolean): void {
    this.state = ReadyState.Closed;
    this.handshakeBuffer = "";
    this.queueEvent({ type: "close", code, reason, wasClean });
  }

  private sendClose(code: number | undefined, reason: string): void {
    if (this.closeSent) return;
    this.closeSent = true;
    const cut = reason.length > MAX_CLOSE_REASON ? reason.substring(0, MAX_CLOSE_REASON) : reason;
    this.queueFrame(Opcode.Close, encodeClosePayload(code, cut));
  }

  /**
   * "If an endpoint receives a Ping frame and has not yet sent Pong frame(s) in response to previous
   * Ping frame(s), the endpoint MAY elect to send a Pong frame for only the most recently processed
   * Ping frame." (section 5.5.3): every ping is answered while few pongs wait untaken (as Autobahn's
   * strict cases expect), and past MAX_UNTAKEN_PONGS the newest replaces the last one queued, so a
   * peer that floods pings and never reads cannot make the queue grow.
   */
  private queuePong(payload: string): void {
    const frame = encodeFrame(Opcode.Pong, true, payload, this.random(MASK_KEY_LENGTH));
    if (this.untakenPongs < MAX_UNTAKEN_PONGS) {
      this.untakenPongs++;
      this.lastUntakenPong = this.outgoing.length;
      this.queueBytes(frame);
      return;
    }
    const index = this.lastUntakenPong;
    this.outgoingBytes += frame.length - this.outgoing[index].length;
    this.outgoing[index] = frame;
  }

  private queueFrame(opcode: number, payload: string): void {
    this.queueBytes(encodeFrame(opcode, true, payload, this.random(MASK_KEY_LENGTH)));
  }

  private queueEvent(event: ConnectionEvent): void {
    this.events[this.eventsTail] = event;
    this.eventsTail++;
  }

  private queueBytes(bytes: string): void {
    this.outgoing.push(bytes);
    this.outgoingBytes += bytes.length;
  }
}
