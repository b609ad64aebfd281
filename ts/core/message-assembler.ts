/**
 * Frames into messages (RFC 6455 section 5.4): fragments joined in order, control frames passed
 * through from between them, text validated as UTF-8 fragment by fragment so that invalid text fails
 * as soon as the fragment holding it arrives (section 8.1), and the size limit enforced from each
 * frame's header, before its payload is buffered.
 */
import { utf8Continue } from "../../lua/kernels";
import type { MessageEvent } from "./events";
import { isControlOpcode, Opcode } from "./frame";
import type { FrameHeader } from "./frame-decoder";
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
  /** The data message being assembled: its opcode (Text/Binary), or Continuation when none is. */
  private messageOpcode: number = Opcode.Continuation;
  private pieces: string[] = [];
  private size = 0;
  /** The incomplete UTF-8 sequence at the end of the text so far (kernels.utf8Continue). */
  private utf8Carry = "";

  constructor(private readonly maxMessageSize: number) {}

  /** A frame header arrived; a failure refuses the frame before its payload is buffered. */
  beginFrame(header: FrameHeader): ProtocolError | undefined {
    const opcode = header.opcode;
    this.frameOpcode = opcode;
    this.frameFin = header.fin;
    // "Control frames MAY be injected in the middle of a fragmented message." (section 5.4)
    if (isControlOpcode(opcode)) return undefined;
    if (opcode === Opcode.Continuation) {
      if (this.messageOpcode === Opcode.Continuation) return protocolViolation("continuation frame without a message to continue");
    } else {
      // "The fragments of one message MUST NOT be interleaved between the fragments of another message"
      if (this.messageOpcode !== Opcode.Continuation) return protocolViolation("new data frame before the fragmented message ended");
      this.messageOpcode = opcode;
      this.size = 0;
      this.utf8Carry = "";
    }
    // The running total is checked against the limit as soon as the header says how much is coming.
    if (this.size + header.length > this.maxMessageSize) {
      return messageTooBig(`message larger than maxMessageSize (${this.maxMessageSize} bytes)`);
    }
    return undefined;
  }

  /** The payload of the frame begun last arrived; returns a whole message, a control frame, nothing
   *  (a fragment was added), or a failure. */
  finishFrame(payload: string): MessageEvent | ControlFrame | ProtocolError | undefined {
    if (isControlOpcode(this.frameOpcode)) return { type: "control", opcode: this.frameOpcode, payload };
    const text = this.messageOpcode === Opcode.Text;
    if (text && payload.length > 0) {
      const carry = utf8Continue(this.utf8Carry, payload);
      if (carry === undefined) return invalidPayload("text message is not valid UTF-8");
      this.utf8Carry = carry;
    }
    this.size += payload.length;
    if (!this.frameFin) {
      this.pieces.push(payload);
      return undefined;
    }
    if (text && this.utf8Carry !== "") return invalidPayload("text message ends inside a UTF-8 sequence");
    let data = payload;
    if (this.pieces.length > 0) {
      this.pieces.push(payload);
      data = this.pieces.join("");
      this.pieces = [];
    }
    this.messageOpcode = Opcode.Continuation;
    this.utf8Carry = "";
    return { type: "message", data, binary: !text };
  }
}
