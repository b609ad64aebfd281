/**
 * Server-to-client frames, decoded incrementally (RFC 6455 section 5.2). Input may be split anywhere,
 * down to one byte at a time; the payload is never touched byte by byte: each input chunk contributes
 * at most one substring to it, joined once when the frame is complete.
 *
 * The decoder reports a frame in two steps, so the layer above can refuse a frame by its header
 * (sequence errors, size limit) before any of its payload is buffered:
 *   next() -> FrameHeader   as soon as the header is complete and valid
 *   next() -> string        the payload, once all of it has arrived ("" for an empty frame)
 * next() returns undefined when it needs more input, and a ProtocolError (code 1002) for a frame no
 * server may send; after that the decoder stops.
 */
import {
  FIN_BIT,
  isControlOpcode,
  isKnownOpcode,
  MASK_BIT,
  MAX_CONTROL_PAYLOAD,
  OPCODE_VALUES,
  PAYLOAD_LENGTH_16,
  PAYLOAD_LENGTH_64,
  RSV_PLACE,
  RSV_VALUES,
  TWO_POW_16,
  TWO_POW_24,
  TWO_POW_31,
  TWO_POW_32,
  TWO_POW_8,
} from "./frame";
import { protocolViolation, type ProtocolError } from "./protocol-error";

export interface FrameHeader {
  type: "header";
  fin: boolean;
  opcode: number;
  /** Payload length in bytes; a float when above 2^31, exact up to 2^53. */
  length: number;
}

export type DecoderOutput = FrameHeader | string | ProtocolError;

const enum DecoderState {
  Header,
  Payload,
  Failed,
}

export class FrameDecoder {
  /** The input chunk being consumed and the 0-based position of its next unread byte. */
  private input = "";
  private position = 0;
  private state = DecoderState.Header;
  /** Payload bytes still to come for the current frame, and the pieces that arrived so far. */
  private remaining = 0;
  private pieces: string[] = [];

  /** Adds bytes read from the transport. */
  push(chunk: string): void {
    if (this.position < this.input.length) {
      // Only the start of a header (at most 13 bytes) is ever left over once next() returned undefined.
      this.input = this.input.substring(this.position) + chunk;
    } else {
      this.input = chunk;
    }
    this.position = 0;
  }

  /** The next header or payload; undefined when more input is needed. */
  next(): DecoderOutput | undefined {
    if (this.state === DecoderState.Header) return this.readHeader();
    if (this.state === DecoderState.Payload) return this.readPayload();
    return undefined;
  }

  private fail(reason: string): ProtocolError {
    this.state = DecoderState.Failed;
    this.input = "";
    this.position = 0;
    this.pieces = [];
    return protocolViolation(reason);
  }

  private readHeader(): DecoderOutput | undefined {
    const input = this.input;
    const at = this.position;
    const available = input.length - at;
    if (available < 2) return undefined;
    const first = input.charCodeAt(at);
    const second = input.charCodeAt(at + 1);
    const fin = first >= FIN_BIT;
    const opcode = first % OPCODE_VALUES;
    const masked = second >= MASK_BIT;
    const length7 = second % MASK_BIT;

    // Everything that can be judged from the first two bytes fails at once, without waiting for more.
    // "RSV1, RSV2, RSV3: MUST be 0 unless an extension is negotiated that defines meanings for non-zero
    // values. If a nonzero value is received and none of the negotiated extensions defines the meaning
    // of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_."
    if (Math.floor(first / RSV_PLACE) % RSV_VALUES !== 0) return this.fail("frame with reserved bits (RSV1-3) set");
    // "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
    if (!isKnownOpcode(opcode)) return this.fail(`frame with reserved opcode ${opcode}`);
    // "A client MUST close a connection if it detects a masked frame." (section 5.1)
    if (masked) return this.fail("masked frame from the server");
    if (isControlOpcode(opcode)) {
      // "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented."
      if (!fin) return this.fail(`fragmented control frame (opcode ${opcode})`);
      if (length7 > MAX_CONTROL_PAYLOAD) return this.fail(`control frame (opcode ${opcode}) longer than 125 bytes`);
    }

    // The extended length; "in all cases, the minimal number of bytes MUST be used to encode the length"
    // binds the sender, and a longer form still says exactly one length, so it is accepted.
    let length = length7;
    let headerSize = 2;
    if (length7 === PAYLOAD_LENGTH_16) {
      if (available < 4) return undefined;
      length = input.charCodeAt(at + 2) * TWO_POW_8 + input.charCodeAt(at + 3);
      headerSize = 4;
    } else if (length7 === PAYLOAD_LENGTH_64) {
      if (available < 10) return undefined;
      const high =
        input.charCodeAt(at + 2) * TWO_POW_24 +
        input.charCodeAt(at + 3) * TWO_POW_16 +
        input.charCodeAt(at + 4) * TWO_POW_8 +
        input.charCodeAt(at + 5);
      // "the most significant bit MUST be 0"
      if (high >= TWO_POW_31) return this.fail("64-bit payload length with the most significant bit set");
      const low =
        input.charCodeAt(at + 6) * TWO_POW_24 +
        input.charCodeAt(at + 7) * TWO_POW_16 +
        input.charCodeAt(at + 8) * TWO_POW_8 +
        input.charCodeAt(at + 9);
      length = high * TWO_POW_32 + low;
      headerSize = 10;
    }

    this.position = at + headerSize;
    this.state = DecoderState.Payload;
    this.remaining = length;
    return { type: "header", fin, opcode, length };
  }

  private readPayload(): string | undefined {
    const available = this.input.length - this.position;
    if (this.remaining > 0 && available > 0) {
      const take = available < this.remaining ? available : this.remaining;
      // The whole chunk is payload in the common case of large frames: keep it without copying.
      const piece = take === this.input.length ? this.input : this.input.substring(this.position, this.position + take);
      this.pieces.push(piece);
      this.position += take;
      this.remaining -= take;
    }
    if (this.remaining > 0) return undefined;
    const pieces = this.pieces;
    this.state = DecoderState.Header;
    if (pieces.length === 0) return "";
    this.pieces = [];
    return pieces.length === 1 ? pieces[0] : pieces.join("");
  }
}
