/**
 * Frames from the peer, decoded incrementally (RFC 6455 section 5.2), for either role: a client's
 * decoder refuses masked frames ("A client MUST close a connection if it detects a masked frame",
 * section 5.1); a server's refuses unmasked ones ("The server MUST close the connection upon receiving
 * a frame that is not masked") and unmasks the payload. Headers are 2 to 14 bytes.
 *
 * Input may be split anywhere, down to one byte at a time, and may be pushed faster than it is decoded:
 * chunks wait in order until next() reaches them. The decoder keeps no payload: it hands each slice
 * out as soon as it is decoded (one substring per input chunk, the chunk itself when it is all
 * payload), so the layer above can validate text while a frame is still arriving and joins a message
 * once, at its end.
 *
 * next() reports, in order:
 *   DecoderStep.Header    a complete, valid header: `fin`, `rsv1..3`, `opcode`, `length` describe the
 *                         frame, and `payload` holds the part of its payload already in the input
 *                         (possibly all of it, possibly "", unmasked); `frameComplete` says whether that
 *                         was the whole payload
 *   DecoderStep.Payload   a further slice of the same frame's payload in `payload`, `frameComplete` again
 *   undefined             more input is needed
 *   ProtocolError (1002)  a frame the peer may not send; after that the decoder stops
 * The header and its fields are plain decoder fields, not an object per frame: a burst of small frames
 * costs one next() call each, with one substring for the payload.
 */
import {
  FIN_BIT,
  isKnownOpcode,
  MASK_BIT,
  MASK_KEY_LENGTH,
  MAX_CONTROL_PAYLOAD,
  MAX_HEADER_SIZE,
  OPCODE_VALUES,
  Opcode,
  PAYLOAD_LENGTH_16,
  PAYLOAD_LENGTH_64,
  Role,
  RSV1_BIT,
  RSV2_BIT,
  RSV3_BIT,
  TWO_POW_16,
  TWO_POW_24,
  TWO_POW_31,
  TWO_POW_32,
  TWO_POW_8,
} from "./frame";
import { protocolViolation, type ProtocolError } from "./protocol-error";
// Lua's string.byte and string.sub themselves (1-based): this is the per-frame path.
import { byte, mask, sub } from "../../lua/kernels";

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

export interface FrameDecoderOptions {
  /** Whose frames these are not: a Role.Server decoder reads a client's (masked) frames. Default client. */
  role?: Role;
  /** The RSV bits a negotiated extension gives a meaning to (section 5.2); any other set bit fails. */
  allowRsv1?: boolean;
  allowRsv2?: boolean;
  allowRsv3?: boolean;
}

export class FrameDecoder {
  /** The header of the current frame (valid after DecoderStep.Header). */
  fin = false;
  rsv1 = false;
  rsv2 = false;
  rsv3 = false;
  opcode = 0;
  /** Payload length in bytes; a float when above 2^31, exact up to 2^53. */
  length = 0;
  /** The payload slice reported by the last step, unmasked. */
  payload = "";
  /** True when `payload` ended the current frame. */
  frameComplete = false;

  private readonly masked: boolean;
  private readonly allowRsv1: boolean;
  private readonly allowRsv2: boolean;
  private readonly allowRsv3: boolean;

  /** The input chunk being consumed and the 0-based position of its next unread byte. */
  private input = "";
  private position = 0;
  /** Chunks pushed after `input`, not yet reached: queued[queuedHead] .. queued[queuedTail - 1]. */
  private queued: string[] = [];
  private queuedHead = 0;
  private queuedTail = 0;
  /** True when the last header had an RSV bit set (so the next one without must clear them). */
  private rsvSeen = false;
  private state = DecoderState.Header;
  /** Payload bytes of the current frame not yet handed out. */
  private remaining = 0;
  /** The masking key of the current frame (a server's decoder) and how many payload bytes it has
   *  unmasked, which says where in the key the next slice starts. */
  private maskKey = "";
  private unmasked = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.masked = options.role === Role.Server;
    this.allowRsv1 = options.allowRsv1 === true;
    this.allowRsv2 = options.allowRsv2 === true;
    this.allowRsv3 = options.allowRsv3 === true;
  }

  /** Adds bytes read from the transport. */
  push(chunk: string): void {
    if (chunk.length === 0 || this.state === DecoderState.Failed) return;
    if (this.position >= this.input.length && this.queuedHead === this.queuedTail) {
      this.input = chunk;
      this.position = 0;
      return;
    }
    this.queued[this.queuedTail] = chunk;
    this.queuedTail++;
  }

  /** Bytes pushed that next() has not decoded yet. */
  bufferedSize(): number {
    let size = this.input.length - this.position;
    for (let i = this.queuedHead; i < this.queuedTail; i++) size += this.queued[i].length;
    return size;
  }

  /** Payload bytes of the current frame not pushed yet: what the next bytes pushed are, whatever
   *  their number (0 at a frame boundary). */
  payloadAhead(): number {
    if (this.state !== DecoderState.Payload) return 0;
    const ahead = this.remaining - this.bufferedSize();
    return ahead > 0 ? ahead : 0;
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
    this.queued = [];
    this.queuedHead = 0;
    this.queuedTail = 0;
    this.payload = "";
    return protocolViolation(reason);
  }

  /** Moves on to the next queued chunk once `input` is used up, or joins it to the start of a header
   *  left at the end of `input` (under 14 bytes). False when no chunk is queued. */
  private advanceInput(): boolean {
    if (this.queuedHead === this.queuedTail) return false;
    const chunk = this.queued[this.queuedHead];
    this.queued[this.queuedHead] = undefined as unknown as string;
    this.queuedHead++;
    if (this.queuedHead === this.queuedTail) {
      this.queued = [];
      this.queuedHead = 0;
      this.queuedTail = 0;
    }
    this.input = this.position < this.input.length ? sub(this.input, this.position + 1) + chunk : chunk;
    this.position = 0;
    return true;
  }

  private readHeader(): DecoderOutput | undefined {
    let input = this.input;
    let at = this.position;
    let available = input.length - at;
    while (available < MAX_HEADER_SIZE && this.queuedHead !== this.queuedTail) {
      this.advanceInput();
      input = this.input;
      at = 0;
      available = input.length;
    }
    if (available < 2) return undefined;
    const first = byte(input, at + 1);
    const second = byte(input, at + 2);
    const fin = first >= FIN_BIT;
    // Below FIN come RSV1-3 and then the opcode: with FIN removed, any value of 16 or more has an RSV
    // bit set, and what is left below 16 is the opcode.
    let rest = fin ? first - FIN_BIT : first;
    if (rest >= OPCODE_VALUES) {
      // "RSV1, RSV2, RSV3: MUST be 0 unless an extension is negotiated that defines meanings for
      // non-zero values. If a nonzero value is received and none of the negotiated extensions defines
      // the meaning of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket Connection_."
      const rsv1 = rest >= RSV1_BIT;
      if (rsv1) rest -= RSV1_BIT;
      const rsv2 = rest >= RSV2_BIT;
      if (rsv2) rest -= RSV2_BIT;
      const rsv3 = rest >= RSV3_BIT;
      if (rsv3) rest -= RSV3_BIT;
      if ((rsv1 && !this.allowRsv1) || (rsv2 && !this.allowRsv2) || (rsv3 && !this.allowRsv3)) {
        return this.fail("frame with reserved bits (RSV1-3) set that no extension defines");
      }
      this.rsv1 = rsv1;
      this.rsv2 = rsv2;
      this.rsv3 = rsv3;
      this.rsvSeen = true;
    } else if (this.rsvSeen) {
      // The RSV fields are written only when they change: most frames have none set.
      this.rsv1 = false;
      this.rsv2 = false;
      this.rsv3 = false;
      this.rsvSeen = false;
    }
    const opcode = rest;

    // Everything that can be judged from the first two bytes fails at once, without waiting for more.
    const isMasked = second >= MASK_BIT;
    if (isMasked !== this.masked) {
      return this.fail(this.masked ? "unmasked frame from the client" : "masked frame from the server");
    }
    // Unmasked, the second byte is the 7-bit payload length.
    const length7 = isMasked ? second - MASK_BIT : second;
    // Data frames (continuation, text, binary: the opcodes up to Binary) need no further opcode check.
    if (opcode > Opcode.Binary) {
      // "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
      if (!isKnownOpcode(opcode)) return this.fail(`frame with reserved opcode ${opcode}`);
      // Known and above Binary: a control frame. "All control frames MUST have a payload length of
      // 125 bytes or less and MUST NOT be fragmented."
      if (!fin) return this.fail(`fragmented control frame (opcode ${opcode})`);
      if (length7 > MAX_CONTROL_PAYLOAD) return this.fail(`control frame (opcode ${opcode}) longer than 125 bytes`);
    }

    // The extended length; "in all cases, the minimal number of bytes MUST be used to encode the length"
    // binds the sender, and a longer form still says exactly one length, so it is accepted.
    let length = length7;
    let headerSize = 2;
    if (length7 === PAYLOAD_LENGTH_16) {
      if (available < 4) return undefined;
      length = byte(input, at + 3) * TWO_POW_8 + byte(input, at + 4);
      headerSize = 4;
    } else if (length7 === PAYLOAD_LENGTH_64) {
      if (available < 10) return undefined;
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
      headerSize = 10;
    }
    if (isMasked) {
      if (available < headerSize + MASK_KEY_LENGTH) return undefined;
      this.maskKey = sub(input, at + headerSize + 1, at + headerSize + MASK_KEY_LENGTH);
      this.unmasked = 0;
      headerSize += MASK_KEY_LENGTH;
    }

    this.fin = fin;
    this.opcode = opcode;
    this.length = length;
    const start = at + headerSize;
    const end = start + length;
    if (end <= input.length) {
      // The whole frame is in the input (every small frame of a burst): its payload is one substring.
      const payload = sub(input, start + 1, end);
      this.payload = isMasked ? this.unmask(payload) : payload;
      this.position = end;
      this.frameComplete = true;
      return DecoderStep.Header;
    }
    this.payload = start < input.length ? this.unmask(sub(input, start + 1)) : "";
    this.position = input.length;
    this.remaining = end - input.length;
    this.frameComplete = false;
    this.state = DecoderState.Payload;
    return DecoderStep.Header;
  }

  private readPayload(): DecoderOutput | undefined {
    if (this.position >= this.input.length && !this.advanceInput()) return undefined;
    const input = this.input;
    const at = this.position;
    const available = input.length - at;
    if (available < this.remaining) {
      // The common case of a large frame: the whole chunk is payload and is kept without copying.
      this.payload = this.unmask(at === 0 ? input : sub(input, at + 1));
      this.position = input.length;
      this.remaining -= available;
      this.frameComplete = false;
      return DecoderStep.Payload;
    }
    const end = at + this.remaining;
    this.payload = this.unmask(at === 0 && end === input.length ? input : sub(input, at + 1, end));
    this.position = end;
    this.remaining = 0;
    this.frameComplete = true;
    this.state = DecoderState.Header;
    return DecoderStep.Payload;
  }

  /** A client's payload slice XORed with the frame's key, from where the last slice ended (the key
   *  repeats every 4 bytes, so a slice starting at offset n starts at key byte n % 4). */
  private unmask(slice: string): string {
    if (!this.masked || slice.length === 0) return slice;
    const turn = this.unmasked % MASK_KEY_LENGTH;
    this.unmasked += slice.length;
    const key = this.maskKey;
    return mask(slice, turn === 0 ? key : sub(key, turn + 1) + sub(key, 1, turn));
  }
}
