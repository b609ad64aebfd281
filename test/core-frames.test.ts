// The frame layer (RFC 6455 section 5): encoder and incremental decoder on the TypeScript core.
import { describe, expect, it } from "vitest";
import { mask } from "../lua/kernels";
import { DecoderStep, FrameDecoder } from "../ts/core/frame-decoder";
import { encodeFrame } from "../ts/core/frame-encoder";
import { countingBytes, hex, serverFrame } from "./vectors/bytes";
import { decodeVectors, encodeVectors, headerVectors } from "./vectors/frames";
import { decode, encodeHeader, SPLITS } from "./vectors/run";

describe("frame encoder", () => {
  for (const v of encodeVectors) {
    it(v.name, () => {
      expect(encodeFrame(v.opcode, v.fin, v.payload, v.maskKey)).toBe(v.bytes);
    });
  }
  for (const v of headerVectors) {
    it(`header, ${v.name}`, () => {
      expect(encodeHeader(v.opcode, v.fin, v.length, v.maskKey)).toBe(v.header);
    });
  }

  it("masking round-trips: unmasking the encoded payload gives the message back", () => {
    const key = hex("9a 00 ff 31");
    for (const n of [0, 1, 3, 4, 5, 127, 1000]) {
      const payload = countingBytes(n);
      const frame = encodeFrame(2, true, payload, key);
      const headerSize = n <= 125 ? 6 : 8;
      expect(frame.slice(headerSize - 4, headerSize)).toBe(key);
      expect(mask(frame.slice(headerSize), key)).toBe(payload);
    }
  });
});

describe("frame decoder", () => {
  for (const v of decodeVectors) {
    for (const split of SPLITS) {
      it(`${v.name} (${split})`, () => {
        expect(decode(v, split)).toEqual(v.outputs);
      });
    }
  }

  it("hands a large frame's payload out chunk by chunk as it arrives, each chunk whole: no per-byte copying", () => {
    const payload = countingBytes(3 * 65536);
    const frame = serverFrame(2, payload);
    const decoder = new FrameDecoder();
    decoder.push(frame.slice(0, 10));
    expect(decoder.next()).toBe(DecoderStep.Header);
    expect([decoder.fin, decoder.opcode, decoder.length]).toEqual([true, 2, payload.length]);
    expect([decoder.payload, decoder.frameComplete]).toEqual(["", false]);
    expect(decoder.next()).toBeUndefined();
    for (let at = 10; at < frame.length; at += 65536) {
      decoder.push(frame.slice(at, at + 65536));
      expect(decoder.next()).toBe(DecoderStep.Payload);
      expect(decoder.payload === frame.slice(at, at + 65536)).toBe(true);
      expect(decoder.frameComplete).toBe(at + 65536 >= frame.length);
      expect(decoder.next()).toBeUndefined();
    }
  });

  it("reports a frame wholly in the input in one step, and the part of the next frame that arrived with it", () => {
    const decoder = new FrameDecoder();
    decoder.push(serverFrame(1, "Hello") + serverFrame(2, "abcdef").slice(0, 5));
    expect(decoder.next()).toBe(DecoderStep.Header);
    expect([decoder.opcode, decoder.payload, decoder.frameComplete]).toEqual([1, "Hello", true]);
    expect(decoder.next()).toBe(DecoderStep.Header);
    expect([decoder.opcode, decoder.length, decoder.payload, decoder.frameComplete]).toEqual([2, 6, "abc", false]);
    expect(decoder.next()).toBeUndefined();
    decoder.push("def" + serverFrame(1, "x").slice(0, 1));
    expect(decoder.next()).toBe(DecoderStep.Payload);
    expect([decoder.payload, decoder.frameComplete]).toEqual(["def", true]);
    expect(decoder.next()).toBeUndefined();
  });
});
