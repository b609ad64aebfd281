/**
 * The connection state machine of RFC 6455 (sections 5 to 7), one for both roles, the way
 * python-websockets' protocol.py serves its client and its server: bytes in, events and bytes out.
 * It owns no socket, clock or random source: the host feeds it what the transport read, writes what
 * it queues, and injects randomness for the masking keys (client role). The opening handshakes live
 * apart (client-handshake.ts, server-handshake.ts); ClientConnection (client-connection.ts) is this
 * machine in the client role with the client handshake in front.
 *
 *   CONNECTING --open()--> OPEN --close()--> CLOSING --peer's close--> CLOSED
 *                            |--peer's close (echoed)------------------> CLOSED
 *        '--any failure, abort, lost transport ---------------------------> CLOSED
 *
 * Roles (section 5.1, 5.3): a client masks every frame with a fresh key and fails a masked frame; a
 * server never masks and fails an unmasked frame; both with 1002.
 *
 * Input is decoded lazily and in bounded amounts: receive() buffers what the transport read and
 * decodes only until MAX_QUEUED_EVENTS events (or MAX_QUEUED_BYTES of message data) wait; taking
 * events decodes more. While that bound is reached wantsInput() is false, so the host stops reading
 * and TCP flow control slows the peer. Effects happen in event order: a failure, or the peer's close
 * frame, found behind events not yet taken waits until they are taken, so the application may answer
 * a valid message that came before a bad frame (its send is still accepted), and the failure's
 * ErrorEvent, close frame and the refusal of send come when their turn comes.
 *
 * Every way a connection ends queues exactly one CloseEvent, preceded by an ErrorEvent unless the end
 * was a completed close handshake or asked for (abort). After the CloseEvent nothing else is queued,
 * and input is ignored.
 */
import { encodeClosePayload, isSendableCloseCode, parseClosePayload, CloseCode } from "./close-codes";
import { DEFERRED_DEFLATE_BYTES, DeferredFrames, DeferredKind } from "./deferred-frames";
import { type ConnectionEvent, type ErrorType, type MessageEvent, ReadyState } from "./events";
import { EXTENSION_SLICE, type Extension, ExtensionVerdict } from "./extension";
import { MASK_KEY_LENGTH, Opcode, Role } from "./frame";
import { DecoderStep, FrameDecoder } from "./frame-decoder";
import { encodeFrameHeader } from "./frame-encoder";
import { type ControlFrame, MessageAssembler } from "./message-assembler";
import { OutgoingQueue } from "./outgoing-queue";
import { OutgoingStream, PieceVerdict } from "./outgoing-stream";
import type { ProtocolError } from "./protocol-error";
import { mask } from "../../lua/kernels";

export type RandomBytes = (this: void, count: number) => string;

export interface ConnectionOptions {
  role: Role;
  /** Bytes; larger incoming messages fail the connection with 1009 (counted after extensions). */
  maxMessageSize: number;
  /** `count` random bytes: the masking keys of a client. A server needs none. */
  random?: RandomBytes;
  /** SPEC section 9: hand messages out in pieces as they arrive (MessageEvent `partial`), not whole. */
  receiveFragments?: boolean;
}

/** The longest close reason that fits a control frame: 125 bytes less the 2-byte code. */
const MAX_CLOSE_REASON = 123;
/** Decoding stops while this many events wait to be taken ... */
const QUEUED_EVENTS_BOUND = 256;
/** ... or while the messages waiting hold this many bytes (a single bigger message still passes). */
const QUEUED_BYTES_BOUND = 1024 * 1024;
/** wantsInput() is false while this many bytes read from the transport wait to be decoded. */
const BUFFERED_INPUT_BOUND = 256 * 1024;
/** Frames decoded by one call of receive(), nextEvent() or decode() at most, whatever they are (a
 *  flood of pings queues no events, yet costs work). */
const DECODE_STEPS = 4096;
// Exported under these names for tests and hosts; the code uses the locals (cheaper in Lua than a
// field of the module table, on the per-frame path).
export {
  QUEUED_EVENTS_BOUND as MAX_QUEUED_EVENTS,
  QUEUED_BYTES_BOUND as MAX_QUEUED_BYTES,
  BUFFERED_INPUT_BOUND as MAX_BUFFERED_INPUT,
  DECODE_STEPS as DECODE_STEPS_PER_CALL,
};
/** Pongs waiting to be taken at most; see `pongs`. */
export const MAX_PENDING_PONGS = 16;

// ---- How TCP ends (RFC 6455 section 7.1.1), decided here for both roles; hosts carry it out ----
// "The underlying TCP connection, in most normal cases, SHOULD be closed first by the server, so that
// it holds the TIME_WAIT state and not the client"; the client "SHOULD wait for the server to close
// the connection but MAY close the connection at any time after sending and receiving a Close
// message, e.g., if it has not received a TCP Close from the server in a reasonable time period".
// And whichever side closes its socket while the peer's bytes wait unread makes its kernel answer
// with a reset, which erases what the peer has received but not read yet (the last message, the close
// frame): so neither side closes while the other may still be sending, if it can help it.

/** How long a client waits for the server's FIN once it is CLOSED (writing its last bytes, reading
 *  and dropping what arrives meanwhile) before it closes anyway: the "reasonable time period" of
 *  section 7.1.1. Long enough for a server across the world to answer a close frame with its FIN,
 *  short enough that a server that never closes holds a descriptor only briefly. */
export const CLIENT_FIN_WAIT_SECONDS = 2;
/** How long a server may take to write its last bytes once it is CLOSED (the echo the game sent, the
 *  close frame, a refusal) before it closes anyway: its FIN can only follow them, and a client that
 *  does not read must not hold the descriptor for long. */
export const SERVER_DRAIN_SECONDS = 2;
/** How long a server that has shut its sending side (its FIN: it closes first, section 7.1.1) keeps
 *  reading and dropping what the client still sends, until the client's FIN, before it closes
 *  anyway: closing with the client's bytes unread would reset the connection (see above). */
export const SERVER_FIN_WAIT_SECONDS = 2;

/** What the host does with its transport (Connection.transportEnd()). */
export const enum TransportEnd {
  /** Not CLOSED: keep reading and writing. */
  Keep = 0,
  /** Close the stream once its last bytes are written (within drainTimeout() seconds; 0: at once,
   *  whatever is unwritten): the peer has ended its side already, or the stream has failed. */
  Close = 1,
  /** Keep both directions: write the last bytes, read and drop what arrives, until the peer's FIN;
   *  close after peerFinTimeout() seconds at the latest (a client: the server closes first). */
  AwaitPeerFin = 2,
  /** Write the last bytes (within drainTimeout() seconds, else close), then shut the sending side
   *  (FIN) and read and drop what arrives until the peer's FIN; close after peerFinTimeout() seconds
   *  from the shutdown at the latest (a server: it closes first, without resetting the client). */
  HalfClose = 3,
}

/** What waits behind queued events before it may take effect (see the header). */
const enum Stop {
  None,
  Failure,
  Close,
}

export class Connection {
  state: ReadyState = ReadyState.Connecting;
  readonly role: Role;
  /** Pong frames decoded so far. A host's pong deadline is met by a pong's arrival, not by its
   *  dispatch (SPEC guarantee 6): it compares this count before judging the deadline. */
  pongsReceived = 0;
  /** The peer's close frame has been decoded, even while it waits behind events not taken yet: a
   *  host's close deadline is met by its arrival (SPEC guarantee 6), and no more pings are due. */
  closeReceived = false;

  private readonly random: RandomBytes | undefined;
  private readonly maxMessageSize: number;
  private decoder: FrameDecoder;
  private readonly assembler: MessageAssembler;
  private extension: Extension | undefined;
  /** The extension of a CLOSED connection, closed once the frames it still makes are taken. */
  private extensionToClose: Extension | undefined;
  /** True while the payload of the current frame goes through the extension. */
  private transforming = false;
  /** Bytes of extension output (inflated bytes) that may still be pulled before the host allows
   *  more (allowTransformOutput); unlimited for a host that never calls it. */
  private transformAllowance = Infinity;
  /** The allowance ran out with the extension perhaps still holding output of the slice last
   *  pushed: decoding resumes there, before anything else (SPEC guarantee 7). */
  private transformHeld = false;
  /** That slice was its frame's last. */
  private heldFrameComplete = false;
  /** Bytes of extension output pulled so far (all frames): what a host's allowance was spent on. */
  transformedBytes = 0;

  /** A close frame went out (we must not send data after it, section 5.5.1). */
  private closeSent = false;
  /** The peer ended its side of the TCP connection (receiveEof). */
  private eofReceived = false;
  /** The end of stream came behind input not decoded yet, or behind a close frame or a failure
   *  waiting for its turn: it takes effect after them, when decoding runs out of input. */
  private eofPending = false;
  private eofReason = "the peer closed the connection";
  /** The host reported the stream failed (connectionLost): there is nothing left to wait for. */
  protected streamFailed = false;
  /** Input that arrived before open(): frames right behind the handshake's head. */
  private early = "";

  /** What decoding found and left to take effect in event order. */
  private stop = Stop.None;
  private stopFailure: ProtocolError | undefined;
  private stopPayload = "";

  /** Queued events: events[eventsHead] .. events[eventsTail - 1]; explicit bounds, so a burst of
   *  messages costs no length computation per event. */
  private events: ConnectionEvent[] = [];
  private eventsHead = 0;
  private eventsTail = 0;
  /** Bytes of message data queued since the queue was last empty: at least what the queued events
   *  hold (counted so, the per-event path need not subtract). */
  private queuedBytes = 0;

  private readonly outgoing = new OutgoingQueue();
  /** The message the application sends in pieces, if one is open (sendPiece). */
  private readonly outgoingStream = new OutgoingStream();
  /** Incoming messages go out in pieces (receiveFragments): what has arrived of one is handed out
   *  when the host has taken every event queued before it (flushPiece). */
  private readonly receivePieces: boolean;
  /** Payloads of pings whose pongs are not taken yet, at most MAX_PENDING_PONGS: beyond that the
   *  newest ping replaces the last waiting one, so the most recent ping is always answered (section
   *  5.5.3: "an endpoint MAY elect to send a Pong frame for only the most recently processed Ping
   *  frame") and a peer that floods pings while it reads nothing cannot make the pongs grow. */
  private pongs: string[] = [];
  private pongBytes = 0;

  constructor(options: ConnectionOptions) {
    this.role = options.role;
    this.random = options.random;
    this.maxMessageSize = options.maxMessageSize;
    this.assembler = new MessageAssembler(options.maxMessageSize);
    this.receivePieces = options.receiveFragments === true;
    this.decoder = new FrameDecoder({ role: options.role });
  }

  // ---- opening ----

  /**
   * The opening handshake succeeded (section 4.1 "_The WebSocket Connection is Established_", or a
   * server wrote its 101): OPEN, an OpenEvent with the chosen subprotocol and the extensions header,
   * and from now on frames are decoded, through `extension` when one was negotiated.
   */
  open(protocol: string, extensions: string, extension?: Extension): void {
    if (this.state !== ReadyState.Connecting) return;
    this.state = ReadyState.Open;
    this.extension = extension;
    if (extension !== undefined) {
      this.decoder = new FrameDecoder({
        role: this.role,
        allowRsv1: extension.claimsRsv1,
        allowRsv2: extension.claimsRsv2,
        allowRsv3: extension.claimsRsv3,
      });
    }
    this.queueEvent({ type: "open", protocol, extensions });
    if (this.early !== "") {
      const early = this.early;
      this.early = "";
      this.receive(early);
    }
  }

  // ---- what the host drives ----

  /** Feeds bytes the transport read: buffered, and decoded as far as the event bound allows. */
  receive(bytes: string): void {
    if (this.state === ReadyState.Closed || bytes.length === 0) return;
    if (this.state === ReadyState.Connecting) {
      this.receiveHandshake(bytes);
      return;
    }
    this.decoder.push(bytes);
    this.pump(DECODE_STEPS);
  }

  /**
   * The peer ended its side of the TCP connection (a read returned end of stream). It takes its place
   * behind everything that came before it: the bytes not decoded yet, and a close frame or failure
   * waiting behind events not taken yet. A close frame before the end completes the close handshake
   * as usual (the end is then the FIN the client waits for: transportEnd() says Close); without one it
   * is the abnormal closure of section 7.1.5: ErrorEvent "closed" (with `reason`) + CloseEvent 1006,
   * after the events before it.
   */
  receiveEof(reason?: string): void {
    this.eofReceived = true;
    if (reason !== undefined) this.eofReason = reason;
    if (this.state === ReadyState.Closed) return;
    if (this.state !== ReadyState.Connecting && (this.stop !== Stop.None || this.decoder.bufferedSize() > 0 || this.transformHeld)) {
      this.eofPending = true;
      this.pump(DECODE_STEPS);
      return;
    }
    this.endOfInput();
  }

  /** True while the host should read more: the connection is not CLOSED, the events waiting and the
   *  input not yet decoded are under their bounds. False means: leave the bytes in the socket. */
  wantsInput(): boolean {
    if (this.state === ReadyState.Closed) return false;
    return (
      this.eventsTail - this.eventsHead < QUEUED_EVENTS_BOUND &&
      this.queuedBytes < QUEUED_BYTES_BOUND &&
      this.decoder.bufferedSize() < BUFFERED_INPUT_BOUND
    );
  }

  /**
   * Bytes of the current frame's payload that the host has not fed yet, when they cost no more than
   * being kept: an uncompressed payload is only sliced and joined (a client's is not even unmasked),
   * so the host may feed it in bigger pieces than frames need. 0 at a frame boundary, and for a
   * frame an extension transforms (inflating costs per byte: its input stays in small pieces).
   */
  payloadAhead(): number {
    if (this.transforming || this.stop !== Stop.None) return 0;
    return this.decoder.payloadAhead();
  }

  /** True when the payload ahead costs nothing per byte either: a binary message's, received by a
   *  client (nothing to unmask), so the host may feed all of it at once, without slicing (copying)
   *  it. A text payload is validated as it comes, and a server unmasks what it receives. */
  payloadAheadIsFree(): boolean {
    return this.role === Role.Client && this.assembler.receivingBinary();
  }

  /**
   * At most `bytes` more of extension output (inflated bytes of compressed messages) are pulled until
   * the next call, by any call that decodes: once they are spent, decoding stops where it is, with
   * the extension still holding output (holdsTransformed()), and goes on from there when more is
   * allowed. A host calls this per service (and per slice it feeds), so one service of a compressed
   * message costs a bounded amount of inflating whatever the compression ratio (SPEC guarantee 7).
   * Events, their order, maxMessageSize (1009) and UTF-8 validation (1007) are exactly as if it had
   * all been pulled at once: only when they come changes.
   */
  allowTransformOutput(bytes: number): void {
    this.transformAllowance = bytes;
  }

  /** True while decoding waits for allowTransformOutput(): the extension may still hold output. */
  holdsTransformed(): boolean {
    return this.transformHeld && this.state !== ReadyState.Closed;
  }

  /** Bytes read and not decoded yet (more work that nextEvent() or decode() will do). */
  bufferedInput(): number {
    return this.decoder.bufferedSize() + this.early.length;
  }

  /** Decodes at most `maxFrames` frames (bounded work), as far as the event bound allows. */
  decode(maxFrames: number): void {
    this.pump(maxFrames);
  }

  /** Queues one data message as one frame (OPEN only; otherwise nothing happens and false is returned).
   *  `compress = false` asks the extension to leave this message as it is. */
  send(data: string, binary: boolean, compress?: boolean): boolean {
    if (this.state !== ReadyState.Open) return false;
    // A message sent in pieces is open: this is its last piece (SPEC section 9).
    if (this.outgoingStream.isOpen()) return this.sendPiece(data, binary, true, compress) === PieceVerdict.Accepted;
    const opcode = binary ? Opcode.Binary : Opcode.Text;
    const extension = this.extension;
    if (extension === undefined) {
      this.queueFrame(opcode, data, 0, true);
      return true;
    }
    // A big message that goes compressed is deflated as it is written, a frame at a time; what is
    // sent while one waits is encoded after it, in order (deferred-frames.ts).
    const big =
      data.length >= DEFERRED_DEFLATE_BYTES && extension.encodePiece !== undefined && extension.wouldEncode!(data, compress);
    if (big || this.outgoing.sourceCount > 0) {
      const kind = big ? DeferredKind.Pieces : DeferredKind.Message;
      this.outgoing.pushSource(new DeferredFrames(extension, kind, opcode, opcode, data, true, true, compress, this.keySource()));
    } else {
      const encoded = extension.encodeMessage(opcode, data, compress);
      this.queueFrame(opcode, encoded.payload, encoded.rsv, true);
    }
    return true;
  }

  /**
   * Queues one piece of a message sent in pieces (section 5.4): the first piece as a Text or Binary
   * frame, later ones as Continuation frames, `fin` on the last. A piece of the other type than the
   * first, text bytes that cannot continue valid UTF-8, or a last piece that leaves a UTF-8 sequence
   * unfinished is refused with nothing queued, and the message stays open (outgoing-stream.ts).
   * Control frames may go between the pieces. With an extension that compresses, the message is
   * compressed across its frames when its first piece is (permessage-deflate.ts, encodeFragment).
   */
  sendPiece(data: string, binary: boolean, fin: boolean, compress?: boolean): PieceVerdict {
    if (this.state !== ReadyState.Open) return PieceVerdict.NotOpen;
    const stream = this.outgoingStream;
    const verdict = stream.judge(data, binary, fin);
    if (verdict !== PieceVerdict.Accepted) return verdict;
    const first = !stream.isOpen();
    const opcode = stream.advance(binary, fin);
    const extension = this.extension;
    if (extension === undefined || extension.encodeFragment === undefined) {
      this.queueFrame(opcode, data, 0, fin);
    } else if (this.outgoing.sourceCount > 0) {
      // Behind a message deflated as it is written: encoded when its turn comes, as one stream.
      const type = binary ? Opcode.Binary : Opcode.Text;
      this.outgoing.pushSource(new DeferredFrames(extension, DeferredKind.Fragment, type, opcode, data, first, fin, compress, this.keySource()));
    } else {
      const encoded = extension.encodeFragment(binary ? Opcode.Binary : Opcode.Text, data, first, fin, compress);
      this.queueFrame(opcode, encoded.payload, encoded.rsv, fin);
    }
    return PieceVerdict.Accepted;
  }

  /** True while a message sent in pieces waits for its last piece. */
  isSendingPieces(): boolean {
    return this.outgoingStream.isOpen();
  }

  /** Queues a ping (OPEN only); `payload` is at most 125 bytes (checked by the plugin). */
  ping(payload: string): boolean {
    if (this.state !== ReadyState.Open) return false;
    this.queueFrame(Opcode.Ping, payload, 0, true);
    return true;
  }

  /**
   * Starts the close handshake (section 7.1.2): queues a close frame and waits for the peer's.
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

  /** The host's own verdicts (timeouts, cancellations): ErrorEvent + CloseEvent with `code`. A code
   *  that may appear in a close frame is also sent to the peer first. */
  fail(errorType: ErrorType, code: number, reason: string): void {
    this.failWith({ type: "failure", code, reason, errorType });
  }

  /** The application cancelled while CONNECTING: CloseEvent 1006 only, no ErrorEvent (SPEC, guarantee 2). */
  abort(reason: string): void {
    if (this.state === ReadyState.Closed) return;
    this.finish(CloseCode.AbnormalClosure, reason, false);
  }

  /** The transport ended or failed: ErrorEvent + CloseEvent 1006 (section 7.1.5), unless already closed. */
  connectionLost(errorType: ErrorType, reason: string): void {
    this.streamFailed = true;
    if (this.state === ReadyState.Closed) return;
    this.failWith({ type: "failure", code: CloseCode.AbnormalClosure, reason, errorType });
  }

  /** At most `maxBytes` of the bytes to write, in order (all when undefined; "" when none). Big
   *  payloads are masked only as far as they are taken. */
  takeOutgoing(maxBytes?: number): string {
    if (this.pongs.length > 0 && this.outgoing.atFrameBoundary()) {
      // Pongs go before data not yet begun: they are small, and the peer may be timing them.
      const frames: string[] = [];
      let room = maxBytes === undefined ? Infinity : maxBytes;
      let answered = 0;
      for (const pong of this.pongs) {
        const size = pong.length + this.headerSize();
        // A window too small for a pong leaves it for the next call (rare: windows are KiBs).
        if (size > room) break;
        const key = this.maskKey();
        frames.push(encodeFrameHeader(Opcode.Pong, true, pong.length, key) + (key === "" || pong === "" ? pong : mask(pong, key)));
        room -= size;
        this.pongBytes -= pong.length;
        answered++;
      }
      if (answered > 0) {
        this.pongs = answered === this.pongs.length ? [] : this.pongs.slice(answered);
        frames.push(this.takeQueued(maxBytes === undefined ? undefined : room));
        return frames.join("");
      }
    }
    return this.takeQueued(maxBytes);
  }

  /** The queue's frames, within maxBytes; the extension of a CLOSED connection is closed once the
   *  last frame it makes has been taken. */
  private takeQueued(maxBytes: number | undefined): string {
    const taken = this.outgoing.take(maxBytes);
    if (this.extensionToClose !== undefined && this.outgoing.sourceCount === 0) this.closeExtension();
    return taken;
  }

  /** Bytes queued and not yet taken (a message deflated as it is written counts its bytes not
   *  deflated yet as they are). */
  outgoingSize(): number {
    // Called at least once per write by the host: no pongs is the common case, kept to a field read.
    const pongs = this.pongs.length;
    if (pongs === 0) return this.outgoing.size;
    return this.outgoing.size + this.pongBytes + pongs * this.headerSize();
  }

  /** True when nextEvent() has something to return (it decodes, boundedly, to find out). */
  hasEvents(): boolean {
    if (this.eventsHead >= this.eventsTail) {
      this.pump(DECODE_STEPS);
      if (this.receivePieces && this.eventsHead >= this.eventsTail) this.flushPiece();
    }
    return this.eventsHead < this.eventsTail;
  }

  /** The oldest event, removed from the queue; decodes more (boundedly) when none is queued. */
  nextEvent(): ConnectionEvent | undefined {
    if (this.eventsHead >= this.eventsTail) {
      this.pump(DECODE_STEPS);
      if (this.receivePieces && this.eventsHead >= this.eventsTail) this.flushPiece();
      if (this.eventsHead >= this.eventsTail) return undefined;
    }
    const head = this.eventsHead;
    const event = this.events[head];
    if (head + 1 >= this.eventsTail) {
      this.events = [];
      this.eventsHead = 0;
      this.eventsTail = 0;
      this.queuedBytes = 0;
    } else {
      this.eventsHead = head + 1;
    }
    return event;
  }

  /** True once CLOSED: write what takeOutgoing() returns, then end the stream as transportEnd()
   *  says. */
  wantsTransportClosed(): boolean {
    return this.state === ReadyState.Closed;
  }

  /**
   * What the host does with its transport now (section 7.1.1, see TransportEnd): Keep until CLOSED;
   * then Close once the peer's end of stream came (receiveEof(), even after CLOSED) or the stream
   * failed (connectionLost(), even after CLOSED); otherwise a server half-closes (it closes first)
   * and a client waits for the server's FIN.
   */
  transportEnd(): TransportEnd {
    if (this.state !== ReadyState.Closed) return TransportEnd.Keep;
    if (this.eofReceived || this.streamFailed) return TransportEnd.Close;
    return this.role === Role.Server ? TransportEnd.HalfClose : TransportEnd.AwaitPeerFin;
  }

  /** Once CLOSED: seconds the host may spend writing the last bytes before it closes or half-closes
   *  as transportEnd() says; when they are not all written by then it closes. A server:
   *  SERVER_DRAIN_SECONDS. A client: 0, it writes them while it waits for the server's FIN
   *  (AwaitPeerFin), and once the server's FIN came or the stream failed nothing is waiting for them. */
  drainTimeout(): number {
    return this.role === Role.Server ? SERVER_DRAIN_SECONDS : 0;
  }

  /** Seconds to wait for the peer's FIN, reading and dropping what arrives, before closing anyway:
   *  for AwaitPeerFin from the moment the host hands the stream over (CLIENT_FIN_WAIT_SECONDS), for
   *  HalfClose from the shutdown (SERVER_FIN_WAIT_SECONDS); 0 when transportEnd() is not one of them. */
  peerFinTimeout(): number {
    const end = this.transportEnd();
    if (end === TransportEnd.AwaitPeerFin) return CLIENT_FIN_WAIT_SECONDS;
    if (end === TransportEnd.HalfClose) return SERVER_FIN_WAIT_SECONDS;
    return 0;
  }

  // ---- for the handshakes (subclasses) ----

  /** Bytes received while CONNECTING; the base machine keeps them for open(). A role's handshake
   *  overrides this to read its head, then calls open() with what follows it. */
  protected receiveHandshake(bytes: string): void {
    this.early += bytes;
  }

  /** The peer's end of stream before CLOSED; a handshake may judge it otherwise. */
  protected endOfInput(): void {
    this.connectionLost("closed", this.eofReason);
  }

  /** Queues raw bytes (a handshake head) to go out before anything else queued after them. */
  protected queueRaw(bytes: string): void {
    this.outgoing.push(bytes, "", "");
  }

  /**
   * The one place a failure becomes events (section 7.1.7, _Fail the WebSocket Connection_): on an
   * established connection a close frame with the failure code goes out first, then ErrorEvent and
   * CloseEvent with the same code.
   */
  protected failWith(failure: ProtocolError): void {
    if (this.state === ReadyState.Closed) return;
    if (this.state !== ReadyState.Connecting && isSendableCloseCode(failure.code)) {
      this.sendClose(failure.code, "");
    }
    const event: ConnectionEvent = { type: "error", errorType: failure.errorType, code: failure.code, reason: failure.reason };
    if (failure.status !== undefined) {
      event.status = failure.status;
      event.headers = failure.headers;
      event.body = failure.body;
    }
    this.queueEvent(event);
    this.finish(failure.code, failure.reason, false);
  }

  protected queueEvent(event: ConnectionEvent): void {
    this.events[this.eventsTail] = event;
    this.eventsTail++;
  }

  // ---- frames ----

  /**
   * Headers and payload slices from the decoder through the extension to the assembler, until input
   * runs out, the event bound is reached, `steps` frames were decoded, or something must wait for
   * the events before it. A small frame wholly in the input is one decoder step: its header, then its
   * payload, then (for a single-frame message) the message event, which is queued as it is.
   */
  private pump(steps: number): void {
    if (this.stop !== Stop.None) {
      if (this.eventsHead < this.eventsTail) return;
      this.applyStop();
    }
    if (this.state !== ReadyState.Open && this.state !== ReadyState.Closing) return;
    if (this.eventsTail - this.eventsHead >= QUEUED_EVENTS_BOUND || this.queuedBytes >= QUEUED_BYTES_BOUND) return;
    const decoder = this.decoder;
    const assembler = this.assembler;
    const extension = this.extension;
    for (;;) {
      let result: MessageEvent | ControlFrame | ProtocolError | undefined;
      if (this.transformHeld) {
        // The extension may still hold output of the slice pushed last: that comes first.
        if (this.transformAllowance <= 0) return;
        result = this.pullTransformed(this.heldFrameComplete);
      } else {
        const step = decoder.next();
        if (step === undefined) {
          // Everything before the end of stream is decoded: now it takes effect.
          if (this.eofPending) {
            this.eofPending = false;
            this.endOfInput();
          }
          return;
        }
        if (step === DecoderStep.Header && extension === undefined && decoder.frameComplete) {
          // The whole frame is here: one call for its header and payload.
          steps--;
          result = assembler.wholeFrame(decoder.fin, decoder.opcode, decoder.payload);
        } else {
          if (step === DecoderStep.Header) {
            steps--;
            let length = decoder.length;
            if (extension !== undefined) {
              const verdict = this.beginExtensionFrame();
              if (verdict !== undefined) {
                this.stopWith(verdict);
                return;
              }
              if (this.transforming) length = 0;
            }
            const refused = assembler.beginFrame(decoder.fin, decoder.opcode, length);
            if (refused !== undefined) {
              this.stopWith(refused);
              return;
            }
          } else if (step !== DecoderStep.Payload) {
            this.stopWith(step);
            return;
          }
          result =
            extension === undefined || !this.transforming
              ? assembler.addPayload(decoder.payload, decoder.frameComplete)
              : this.transformPayload(decoder.payload, decoder.frameComplete);
        }
      }
      if (result !== undefined) {
        if (result.type === "message") {
          // queueEvent, inlined: this runs once per message of a burst.
          const tail = this.eventsTail;
          this.events[tail] = result;
          this.eventsTail = tail + 1;
          const bytes = this.queuedBytes + result.data.length;
          this.queuedBytes = bytes;
          if (tail + 1 - this.eventsHead >= QUEUED_EVENTS_BOUND || bytes >= QUEUED_BYTES_BOUND) return;
        } else if (result.type === "control") {
          if (result.opcode === Opcode.Close) {
            this.closeReceived = true;
            this.stopPayload = result.payload;
            this.stop = Stop.Close;
            if (this.eventsHead < this.eventsTail) return;
            this.applyStop();
            return;
          }
          this.handleControl(result.opcode, result.payload);
          if (this.eventsTail - this.eventsHead >= QUEUED_EVENTS_BOUND) return;
        } else {
          this.stopWith(result);
          return;
        }
      } else if (this.receivePieces && assembler.heldBytes() >= QUEUED_BYTES_BOUND) {
        // A piece this big goes out now, whether or not events wait before it: what is held stays
        // bounded, and the queued bytes then stop the reading until it is taken.
        this.flushPiece();
        if (this.queuedBytes >= QUEUED_BYTES_BOUND) return;
      }
      if (steps <= 0) return;
    }
  }

  /** A failure found while decoding: at once when no event is waiting, else when its turn comes. */
  private stopWith(failure: ProtocolError): void {
    this.stop = Stop.Failure;
    this.stopFailure = failure;
    if (this.eventsHead < this.eventsTail) return;
    this.applyStop();
  }

  private applyStop(): void {
    const stop = this.stop;
    this.stop = Stop.None;
    if (stop === Stop.Failure) {
      const failure = this.stopFailure!;
      this.stopFailure = undefined;
      this.failWith(failure);
    } else if (stop === Stop.Close) {
      const payload = this.stopPayload;
      this.stopPayload = "";
      this.handleClose(payload);
    }
  }

  /** Asks the extension about the frame just decoded; a failure, or undefined. */
  private beginExtensionFrame(): ProtocolError | undefined {
    const decoder = this.decoder;
    const verdict = this.extension!.decodeFrame({
      fin: decoder.fin,
      rsv1: decoder.rsv1,
      rsv2: decoder.rsv2,
      rsv3: decoder.rsv3,
      opcode: decoder.opcode,
      length: decoder.length,
    });
    if (verdict === ExtensionVerdict.Pass) {
      this.transforming = false;
      return undefined;
    }
    if (verdict === ExtensionVerdict.Transform) {
      this.transforming = true;
      return undefined;
    }
    return verdict;
  }

  /** A payload slice through the extension: its output, in slices of EXTENSION_SLICE bytes at most,
   *  to the assembler, which counts and validates each as it comes. */
  private transformPayload(slice: string, frameComplete: boolean) {
    this.extension!.decodePush(slice, frameComplete);
    return this.pullTransformed(frameComplete);
  }

  /** The extension's output of the slice pushed last, as far as the allowance goes: when it runs
   *  out, the rest waits in the extension (transformHeld) and pump() resumes here. */
  private pullTransformed(frameComplete: boolean) {
    const extension = this.extension!;
    const assembler = this.assembler;
    for (;;) {
      const allowance = this.transformAllowance;
      if (allowance <= 0) {
        this.transformHeld = true;
        this.heldFrameComplete = frameComplete;
        return undefined;
      }
      const output = extension.decodePull(allowance < EXTENSION_SLICE ? allowance : EXTENSION_SLICE);
      if (typeof output !== "string") {
        this.transformHeld = false;
        return output;
      }
      if (output === "") break;
      this.transformAllowance = allowance - output.length;
      this.transformedBytes += output.length;
      const result = assembler.addTransformedPayload(output, false);
      if (result !== undefined) {
        this.transformHeld = false;
        return result;
      }
    }
    this.transformHeld = false;
    if (!frameComplete) return undefined;
    this.transforming = false;
    return assembler.addTransformedPayload("", true);
  }

  private handleControl(opcode: number, payload: string): void {
    if (opcode === Opcode.Ping) {
      // "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response, unless it
      // already received a Close frame. ... A Pong frame sent in response to a Ping frame must have
      // identical "Application data" as found in the message body of the Ping frame being replied to."
      // Once our close frame is out, nothing more is sent (section 5.5.1).
      if (this.closeSent) return;
      const pongs = this.pongs;
      if (pongs.length < MAX_PENDING_PONGS) {
        pongs.push(payload);
      } else {
        this.pongBytes -= pongs[pongs.length - 1].length;
        pongs[pongs.length - 1] = payload;
      }
      this.pongBytes += payload.length;
      return;
    }
    // A pong: reported with its payload; which pongs answer the host's keep-alive pings is the host's
    // business. What arrived of a message before it is handed out before it, in order.
    if (this.receivePieces) this.flushPiece();
    this.pongsReceived++;
    this.queueEvent({ type: "pong", data: payload });
  }

  private handleClose(payload: string): void {
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

  /**
   * receiveFragments: what has arrived of the message being received, as a MessageEvent with
   * `partial` (SPEC section 9), once every event before it was taken, so a host that takes events
   * each service gets one piece per service, coalesced, whatever the frames. Never an empty piece:
   * only the last piece of a message may be empty. The message's size limit and UTF-8 validation
   * run as always; a text piece ends on a character boundary (the assembler holds an unfinished
   * sequence back for the next piece).
   */
  private flushPiece(): void {
    if (this.state !== ReadyState.Open && this.state !== ReadyState.Closing) return;
    if (this.stop !== Stop.None) return;
    const piece = this.assembler.takePiece();
    if (piece === undefined) return;
    this.queuedBytes += piece.data.length;
    this.queueEvent(piece);
  }

  // ---- ending ----

  private finish(code: number, reason: string, wasClean: boolean): void {
    this.state = ReadyState.Closed;
    const extension = this.extension;
    if (extension !== undefined) {
      this.extension = undefined;
      // A message still being deflated as it is written needs the deflater until its last frame.
      this.extensionToClose = extension;
      if (this.outgoing.sourceCount === 0) this.closeExtension();
    }
    this.early = "";
    this.outgoingStream.reset();
    this.stop = Stop.None;
    this.stopFailure = undefined;
    this.queueEvent({ type: "close", code, reason, wasClean });
  }

  private sendClose(code: number | undefined, reason: string): void {
    if (this.closeSent) return;
    // Pings answered before our close go before it; after it nothing more is sent.
    for (const pong of this.pongs) this.queueFrame(Opcode.Pong, pong, 0, true);
    this.pongs = [];
    this.pongBytes = 0;
    this.closeSent = true;
    const cut = reason.length > MAX_CLOSE_REASON ? reason.substring(0, MAX_CLOSE_REASON) : reason;
    this.queueFrame(Opcode.Close, encodeClosePayload(code, cut), 0, true);
  }

  private closeExtension(): void {
    const extension = this.extensionToClose!;
    this.extensionToClose = undefined;
    if (extension.close !== undefined) extension.close();
  }

  /** What makes the masking keys of frames made later: a client's random source, none for a server. */
  private keySource(): RandomBytes | undefined {
    return this.role === Role.Client ? this.random : undefined;
  }

  /** The header size of a small control frame in this role: 2 bytes, and a masking key for a client. */
  private headerSize(): number {
    return this.role === Role.Client ? 2 + MASK_KEY_LENGTH : 2;
  }

  /** A fresh masking key for a client's frame, "" for a server's. */
  private maskKey(): string {
    return this.role === Role.Client ? this.random!(MASK_KEY_LENGTH) : "";
  }

  /** Per message: the key is made here, not by maskKey(), and `fin` has no default (a call less and
   *  a test less each; every caller says it). */
  private queueFrame(opcode: number, payload: string, rsv: number, fin: boolean): void {
    const key = this.role === Role.Client ? this.random!(MASK_KEY_LENGTH) : "";
    this.outgoing.push(encodeFrameHeader(opcode, fin, payload.length, key, rsv), payload, key);
  }
}
