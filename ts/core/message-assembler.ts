/**
 * Frames into messages (RFC 6455 section 5.4): fragments joined in order, control frames passed
 * through from between them, the size limit enforced from each frame's header, before its payload is
 * kept, and text validated as UTF-8 slice by slice as the payload arrives, so that invalid text fails
 * as soon as the bytes that break it are read, even in the middle of a frame (section 8.1).
 *
 * The payload comes from the frame decoder in slices (each a substring of one read). Every slice is
 * validated once, carrying an incomplete UTF-8 sequence to the next, and kept by a PieceJoiner, which
 * joins them as they come (piece-joiner.ts), so the last slice costs one pass over a few parts; a
 * message that arrived in one slice is that slice itself.
 */
import { sub, utf8Continue } from "../../lua/kernels";
import type { MessageEvent } from "./events";
import { isControlOpcode, Opcode } from "./frame";
import { PieceJoiner } from "./piece-joiner";
import { invalidPayload, messageTooBig, protocolViolation, type ProtocolError } from "./protocol-error";

/** A control frame (close, ping, pong) for the connection to act on. */
export interface ControlFrame {
  type: "control";
  opcode: number;
  payload: string;
}

export class MessageAssembler {
  /** The frame whose payload is arriving. */
  private frameOpcode = 0;
  private frameFin = false;
  private frameIsControl = false;
  /** The payload of a control frame that arrives in several slices (125 bytes at most). */
  private controlPayload = "";
  /** The data message being assembled: its opcode (Text/Binary), or Continuation when none is. */
  private messageOpcode: number = Opcode.Continuation;
  /** Its slices so far and their total size in bytes. */
  private readonly pieces = new PieceJoiner();
  private size = 0;
  /** The incomplete UTF-8 sequence at the end of the text so far (kernels.utf8Continue). */
  private utf8Carry = "";
  /** Bytes of the message already handed out as pieces (takePiece). */
  private deliveredSize = 0;

  constructor(private readonly maxMessageSize: number) {}

  /** A frame header arrived; a failure refuses the frame before any of its payload is kept. `length`
   *  is what the frame will add to the message: its payload length, or 0 when an extension
   *  transforms the payload and the output is counted as it arrives. */
  beginFrame(fin: boolean, opcode: number, length: number): ProtocolError | undefined {
    this.frameOpcode = opcode;
    this.frameFin = fin;
    this.frameIsControl = isControlOpcode(opcode);
    // "Control frames MAY be injected in the middle of a fragmented message." (section 5.4)
    if (this.frameIsControl) return undefined;
    if (opcode === Opcode.Continuation) {
      if (this.messageOpcode === Opcode.Continuation) return protocolViolation("continuation frame without a message to continue");
    } else {
      // "The fragments of one message MUST NOT be interleaved between the fragments of another message"
      if (this.messageOpcode !== Opcode.Continuation) return protocolViolation("new data frame before the fragmented message ended");
      this.messageOpcode = opcode;
      this.size = 0;
      this.deliveredSize = 0;
      this.utf8Carry = "";
    }
    // The running total is checked against the limit as soon as the header says how much is coming.
    if (this.size + length > this.maxMessageSize) {
      return this.tooBig();
    }
    return undefined;
  }

  private tooBig(): ProtocolError {
    return messageTooBig(`message larger than maxMessageSize (${this.maxMessageSize} bytes)`);
  }

  /** True while a binary message is being received (its payload is kept as it comes, unchecked). */
  receivingBinary(): boolean {
    return this.messageOpcode === Opcode.Binary;
  }

  /**
   * beginFrame and addPayload at once, for a frame whose header and whole payload arrived together
   * (the common case of game messages, and the per-message path): a data frame that is a whole
   * message is checked here in one call; any other frame goes the usual way. The checks and their
   * order are beginFrame's and addPayload's.
   */
  wholeFrame(fin: boolean, opcode: number, payload: string): MessageEvent | ControlFrame | ProtocolError | undefined {
    if (!fin || (opcode !== Opcode.Text && opcode !== Opcode.Binary) || this.messageOpcode !== Opcode.Continuation) {
      const refused = this.beginFrame(fin, opcode, payload.length);
      if (refused !== undefined) return refused;
      return this.addPayload(payload, true);
    }
    if (payload.length > this.maxMessageSize) return this.tooBig();
    const text = opcode === Opcode.Text;
    if (text && payload.length > 0) {
      const carry = utf8Continue("", payload);
      if (carry === undefined) return invalidPayload("text message is not valid UTF-8");
      if (carry !== "") return invalidPayload("text message ends inside a UTF-8 sequence");
    }
    // Nothing to set: no message is open, which is all a whole message leaves, and the next frame's
    // beginFrame sets everything addPayload and takePiece read.
    return { type: "message", data: payload, binary: !text };
  }

  /**
   * A slice of what an extension made of the payload of the frame begun last (with length 0): such
   * output has no length known beforehand, so it is counted against the limit as it comes, before it
   * is kept or validated.
   */
  addTransformedPayload(slice: string, frameComplete: boolean): MessageEvent | ControlFrame | ProtocolError | undefined {
    if (this.size + slice.length > this.maxMessageSize) return this.tooBig();
    return this.addPayload(slice, frameComplete);
  }

  /**
   * A slice of the payload of the frame begun last; `frameComplete` when it is the frame's last.
   * Returns a whole message, a control frame, nothing (more is to come), or a failure.
   */
  addPayload(slice: string, frameComplete: boolean): MessageEvent | ControlFrame | ProtocolError | undefined {
    if (this.frameIsControl) return this.addControlPayload(slice, frameComplete);
    const text = this.messageOpcode === Opcode.Text;
    if (slice.length > 0) {
      if (text) {
        const carry = utf8Continue(this.utf8Carry, slice);
        if (carry === undefined) return invalidPayload("text message is not valid UTF-8");
        this.utf8Carry = carry;
      }
      this.size += slice.length;
    }
    if (!frameComplete || !this.frameFin) {
      if (slice.length > 0) this.pieces.add(slice);
      return undefined;
    }
    if (text && this.utf8Carry !== "") return invalidPayload("text message ends inside a UTF-8 sequence");
    let data = slice;
    if (this.pieces.count > 0) {
      this.pieces.add(slice);
      data = this.pieces.join();
    }
    this.messageOpcode = Opcode.Continuation;
    return { type: "message", data, binary: !text };
  }

  /** Bytes kept of the data message being assembled (what takePiece would hand out, and the carry). */
  heldBytes(): number {
    return this.messageOpcode === Opcode.Continuation ? 0 : this.size - this.deliveredSize;
  }

  /**
   * receiveFragments (SPEC section 9): what has arrived of the data message being assembled, handed
   * out now as a piece with `partial`, instead of being kept for the join; undefined when nothing is
   * held. A text piece ends on a character boundary: the unfinished sequence at its end (the UTF-8
   * carry) stays held, as the beginning of the next piece. The size limit keeps counting the whole
   * message.
   */
  takePiece(): MessageEvent | undefined {
    if (this.messageOpcode === Opcode.Continuation || this.pieces.count === 0) return undefined;
    let data = this.pieces.join();
    const carry = this.utf8Carry;
    if (carry !== "") {
      // The unfinished sequence stays held: alone, nothing is handed out.
      this.pieces.add(data.length === carry.length ? data : carry);
      if (data.length === carry.length) return undefined;
      data = sub(data, 1, data.length - carry.length);
    }
    this.deliveredSize += data.length;
    return { type: "message", data, binary: this.messageOpcode !== Opcode.Text, partial: true };
  }

  private addControlPayload(slice: string, frameComplete: boolean): ControlFrame | undefined {
    if (!frameComplete) {
      this.controlPayload += slice;
      return undefined;
    }
    let payload = slice;
    if (this.controlPayload !== "") {
      payload = this.controlPayload + slice;
      this.controlPayload = "";
    }
    return { type: "control", opcode: this.frameOpcode, payload };
  }
}
