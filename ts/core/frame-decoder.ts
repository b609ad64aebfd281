/**
 * Server-to-client frames, decoded incrementally (RFC 6455 section 5.2). Input may be split anywhere,
 * down to one byte at a time. The decoder keeps no payload: it hands each slice of payload out as soon
 * as it arrives (one substring per input chunk, the chunk itself when it is all payload), so the layer
 * above can validate text while a frame is still arriving and joins a message once, at its end.
 *
 * next() reports, in order:
 *   DecoderStep.Header    a complete, valid header: `fin`, `opcode`, `length` describe the frame, and
 *                         `payload` holds the part of its payload already in the input (possibly all
 *                         of it, possibly ""); `frameComplete` says whether that was the whole payload
 *   DecoderStep.Payload   a further slice of the same frame's payload in `payload`, `frameComplete` again
 *   undefined             more input is needed
 *   ProtocolError (1002)  a frame no server may send; after that the decoder stops
 * The header and its fields are plain decoder fields, not an object per frame: a burst of small frames
 * costs one next() call each, with one substring for the payload.
 */
import {
  FIN_BIT,
  isKnownOpcode,
  MASK_BIT,
  MAX_CONTROL_PAYLOAD,
  OPCODE_VALUES,
  Opcode,
  PAYLOAD_LENGTH_16,
  PAYLOAD_LENGTH_64,
  TWO_POW_16,
  TWO_POW_24,
  TWO_POW_31,
  TWO_POW_32,
  TWO_POW_8,
} from "./frame";
import { protocolViolation, type ProtocolError } from "./protocol-error";
// Lua's string.byte and string.sub themselves (1-based): this is the per-frame path.
import { byte, sub } from "../../lua/kernels";

/** What next() found. */
export const enum DecoderStep {
  Header = 1,
  Payload = 2,
}

export type DecoderOutput = DecoderStep | ProtocolError;

const enum DecoderState {
  Header,
  Payload,
  Failed,
}

/** The longest header: 2 bytes, then a 64-bit extended length (no masking key from a server). */
const MAX_HEADER_SIZE = 10;

export class FrameDecoder {
  /** The header of the current frame (valid after DecoderStep.Header). */
  fin = false;
  opcode = 0;
  /** Payload length in bytes; a float when above 2^31, exact up to 2^53. */
  length = 0;
  /** The payload slice reported by the last step. */
  payload = "";
  /** True when `payload` ended the current frame. */
  frameComplete = false;

  /** The input chunk being consumed and the 0-based position of its next unread byte. */
  private input = "";
  private position = 0;
  private state = DecoderState.Header;
  /** Payload bytes of the current frame not yet handed out. */
  private remaining = 0;

  /** Adds bytes read from the transport. */
  push(chunk: string): void {
    if (this.position < this.input.length) {
      // Only the start of a header (under 10 bytes) is ever left over once next() returned undefined.
      this.input = sub(this.input, this.position + 1) + chunk;
    } else {
      this.input = chunk;
    }
    this.position = 0;
  }

  /** The next header or payload slice; undefined when more input is needed. */
  next(): DecoderOutput | undefined {
    if (this.state === DecoderState.Header) return this.readHeader();
    if (this.state === DecoderState.Payload) return this.readPayload();
    return undefined;
  }

  private fail(reason: string): ProtocolError {
    this.state = DecoderState.Failed;
    this.input = "";
    this.position = 0;
    this.payload = "";
    return protocolViolation(reason);
  }

  private readHeader(): DecoderOutput | undefined {
    const input = this.input;
    const at = this.position;
    const available = input.length - at;
    if (available < 2) return undefined;
    const first = byte(input, at + 1);
    const second = byte(input, at + 2);
    const fin = first >= FIN_BIT;
    // Below FIN come RSV1-3 and then the opcode: with FIN removed, any value of 16 or more has an RSV
    // bit set, and what is left below 16 is the opcode.
    const afterFin = fin ? first - FIN_BIT : first;

    // Everything that can be judged from the first two bytes fails at once, without waiting for more.
    // "RSV1, RSV2, RSV3: MUST be 0 unless an extension is negotiated that defines meanings for non-zero
    // values. If a nonzero value is received and none of the negotiated extensions defines the meaning
    // of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_."
    if (afterFin >= OPCODE_VALUES) return this.fail("frame with reserved bits (RSV1-3) set");
    const opcode = afterFin;
    // "A client MUST close a connection if it detects a masked frame." (section 5.1)
    if (second >= MASK_BIT) return this.fail("masked frame from the server");
    // Unmasked, the second byte is the 7-bit payload length.
    // Data frames (continuation, text, binary: the opcodes up to Binary) need no further opcode check.
    if (opcode > Opcode.Binary) {
      // "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
      if (!isKnownOpcode(opcode)) return this.fail(`frame with reserved opcode ${opcode}`);
      // Known and above Binary: a control frame. "All control frames MUST have a payload length of
      // 125 bytes or less and MUST NOT be fragmented."
      if (!fin) return this.fail(`fragmented control frame (opcode ${opcode})`);
      if (second > MAX_CONTROL_PAYLOAD) return this.fail(`control frame (opcode ${opcode}) longer than 125 bytes`);
    }

    // The extended length; "in all cases, the minimal number of bytes MUST be used to encode the length"
    // binds the sender, and a longer form still says exactly one length, so it is accepted.
    let length = second;
    let headerSize = 2;
    if (second === PAYLOAD_LENGTH_16) {
      if (available < 4) return undefined;
      length = byte(input, at + 3) * TWO_POW_8 + byte(input, at + 4);
      headerSize = 4;
    } else if (second === PAYLOAD_LENGTH_64) {
      if (available < MAX_HEADER_SIZE) return undefined;
      const high =
        byte(input, at + 3) * TWO_POW_24 +
        byte(input, at + 4) * TWO_POW_16 +
        byte(input, at + 5) * TWO_POW_8 +
        byte(input, at + 6);
      // "the most significant bit MUST be 0"
      if (high >= TWO_POW_31) return this.fail("64-bit payload length with the most significant bit set");
      const low =
        byte(input, at + 7) * TWO_POW_24 +
        byte(input, at + 8) * TWO_POW_16 +
        byte(input, at + 9) * TWO_POW_8 +
        byte(input, at + 10);
      length = high * TWO_POW_32 + low;
      headerSize = MAX_HEADER_SIZE;
    }

    this.fin = fin;
    this.opcode = opcode;
    this.length = length;
    const start = at + headerSize;
    const end = start + length;
    if (end <= input.length) {
      // The whole frame is in the input (every small frame of a burst): its payload is one substring.
      this.payload = sub(input, start + 1, end);
      this.position = end;
      this.frameComplete = true;
      return DecoderStep.Header;
    }
    this.payload = start < input.length ? sub(input, start + 1) : "";
    this.position = input.length;
    this.remaining = end - input.length;
    this.frameComplete = false;
    this.state = DecoderState.Payload;
    return DecoderStep.Header;
  }

  private readPayload(): DecoderOutput | undefined {
    const input = this.input;
    const at = this.position;
    const available = input.length - at;
    if (available === 0) return undefined;
    if (available < this.remaining) {
      // The common case of a large frame: the whole chunk is payload and is kept without copying.
      this.payload = at === 0 ? input : sub(input, at + 1);
      this.position = input.length;
      this.remaining -= available;
      this.frameComplete = false;
      return DecoderStep.Payload;
    }
    const end = at + this.remaining;
    this.payload = at === 0 && end === input.length ? input : sub(input, at + 1, end);
    this.position = end;
    this.remaining = 0;
    this.frameComplete = true;
    this.state = DecoderState.Header;
    return DecoderStep.Payload;
  }
}
