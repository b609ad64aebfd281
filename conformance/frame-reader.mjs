// Parses what the endpoint under test writes, frame by frame, from bytes split anywhere. It reports
// every frame as it was on the wire (bits, mask key) and unmasks the payload, so the judge can check
// both what the endpoint meant (the echo) and how it said it (masking, reserved bits, lengths).
import { FIN_BIT, LENGTH_16_BIT, LENGTH_64_BIT, LENGTH_MASK, MASK_BIT, OPCODE_MASK, maskInPlace } from "./wire.mjs";

/** Frames above this size are not believed: the suite never asks for an echo this large. */
export const MAX_FRAME = 64 * 1024 * 1024;

export class FrameReader {
  constructor() {
    this.chunks = [];
    this.buffered = 0;
  }

  /**
   * Adds bytes and returns the frames they complete, in order. Each frame is
   * `{ fin, rsv, opcode, masked, maskKey, payload }`, or `{ error }` once the stream cannot be
   * parsed any further (then nothing more is returned).
   */
  push(bytes) {
    if (this.broken) return [];
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    const frames = [];
    for (;;) {
      const frame = this.next();
      if (!frame) break;
      frames.push(frame);
      if (frame.error) {
        this.broken = true;
        break;
      }
    }
    return frames;
  }

  /** One whole frame from the front of the buffer, or undefined when more bytes are needed. */
  next() {
    if (this.buffered < 2) return undefined;
    const head = this.peek(Math.min(this.buffered, 14));
    const masked = (head[1] & MASK_BIT) !== 0;
    let length = head[1] & LENGTH_MASK;
    let offset = 2;
    if (length === LENGTH_16_BIT) {
      if (head.length < 4) return undefined;
      length = head.readUInt16BE(2);
      offset = 4;
    } else if (length === LENGTH_64_BIT) {
      if (head.length < 10) return undefined;
      const wide = head.readBigUInt64BE(2);
      if (wide > BigInt(MAX_FRAME)) return { error: `frame claims ${wide} bytes` };
      length = Number(wide);
      offset = 10;
    }
    const maskKey = masked ? head.subarray(offset, offset + 4) : undefined;
    if (masked) {
      if (head.length < offset + 4) return undefined;
      offset += 4;
    }
    if (this.buffered < offset + length) return undefined;
    const whole = this.take(offset + length);
    const payload = Buffer.from(whole.subarray(offset));
    if (masked) maskInPlace(payload, maskKey);
    return {
      fin: (head[0] & FIN_BIT) !== 0,
      rsv: (head[0] >> 4) & 0x7,
      opcode: head[0] & OPCODE_MASK,
      masked,
      maskKey: masked ? Buffer.from(maskKey) : undefined,
      payload,
    };
  }

  /** The first `count` buffered bytes, without consuming them. */
  peek(count) {
    if (this.chunks[0].length < count) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0].subarray(0, count);
  }

  /** Removes and returns the first `count` buffered bytes. */
  take(count) {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.chunks = all.length > count ? [all.subarray(count)] : [];
    this.buffered -= count;
    return all.subarray(0, count);
  }
}
