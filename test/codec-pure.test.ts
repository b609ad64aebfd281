// The pure DEFLATE codec (ts/codec/) under Node, against zlib's own output made at test time:
// every zlib setting a permessage-deflate peer may use inflates to the original messages in whole
// payloads, in pieces down to one byte and in small output slices; what the deflater makes, at
// every level and window with and without context takeover, zlib inflates back (and so does the
// inflater with the window held exactly); bombs stop at the size limit, corrupt streams fail.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { PureDeflater } from "../ts/codec/deflate";
import { PureInflater } from "../ts/codec/inflate";
import { deflateAll, inflateAll } from "./codec/run-codec";
import { corruptVectors, inflateVectors, sampleMessages } from "./codec/vectors";
// @ts-expect-error: a plain ES module without type declarations
import { zlibDeflateMessages, zlibInflateMessages } from "../bench/codec/zlib-messages.mjs";

const LIMIT = 16 * 1024 * 1024;

function inflater(windowBits: number, noContextTakeover: boolean, maxMessageSize = LIMIT, exactWindow = false): PureInflater {
  return new PureInflater({ windowBits, noContextTakeover, maxMessageSize, exactWindow });
}

describe("pure inflater on zlib's output", async () => {
  const big = await inflateVectors(true);
  const small = await inflateVectors(false);
  for (const v of big) {
    it(`${v.name}: whole payloads, and pieces of 1000 bytes with 300-byte slices`, () => {
      expect(inflateAll(inflater(v.windowBits, v.noContextTakeover), v.payloads, 0, 65536)).toEqual({ outputs: v.messages, largestRead: expect.any(Number) });
      const sliced = inflateAll(inflater(v.windowBits, v.noContextTakeover), v.payloads, 1000, 300);
      expect(sliced.outputs).toEqual(v.messages);
      expect(sliced.failure).toBeUndefined();
      expect(sliced.largestRead).toBeLessThanOrEqual(300);
    });
  }
  for (const v of small) {
    it(`${v.name}: 1-byte pieces`, () => {
      const run = inflateAll(inflater(v.windowBits, v.noContextTakeover), v.payloads, 1, 258);
      expect(run.failure).toBeUndefined();
      expect(run.outputs).toEqual(v.messages);
    });
  }

  it("without context takeover, a reference into the previous message fails", async () => {
    const messages = ["the same words again and again", "the same words again and again"];
    const payloads: string[] = await zlibDeflateMessages(messages, { level: 6 });
    const run = inflateAll(inflater(15, true), payloads, 0, 65536);
    expect(run.outputs).toEqual([messages[0]]);
    expect(run.failure).toMatchObject({ status: "error", message: 1 });
    expect(run.failure?.error).toContain("too far back");
  });

  it("a window smaller than the sender's fails on a distance beyond it", async () => {
    const block = sampleMessages(false).find((m) => m.length === 1200)!;
    const payloads: string[] = await zlibDeflateMessages([block], { level: 6, windowBits: 15 });
    const run = inflateAll(inflater(9, false), payloads, 0, 65536);
    expect(run.failure?.error).toContain("too far back");
    expect(inflateAll(inflater(10, false), payloads, 0, 65536).outputs).toEqual([block]);
  });
});

describe("pure inflater: bombs and corrupt streams", () => {
  it("a compression bomb fails as too big after at most maxMessageSize bytes of output", () => {
    const bomb = zlib.deflateRawSync(Buffer.alloc(10 * 1024 * 1024), { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1").slice(0, -4);
    const max = 1024 * 1024;
    const inf = inflater(15, false, max);
    inf.write(bomb, true);
    let delivered = 0;
    let reads = 0;
    let last;
    for (;;) {
      last = inf.read(65536);
      reads += 1;
      delivered += last.data.length;
      if (last.status !== "more") break;
    }
    expect(last.status).toBe("too-big");
    expect(delivered).toBeLessThanOrEqual(max);
    expect(reads).toBeLessThanOrEqual(max / 65536 + 2);
    // Dead afterwards.
    expect(inf.read(65536).status).toBe("too-big");
  });

  it("a message of exactly maxMessageSize passes, one byte more is too big", () => {
    const message = "abc".repeat(1000);
    const payload = zlib.deflateRawSync(Buffer.from(message), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString("latin1").slice(0, -4);
    expect(inflateAll(inflater(15, false, 3000), [payload], 0, 65536).outputs).toEqual([message]);
    const over = inflateAll(inflater(15, false, 2999), [payload], 0, 65536);
    expect(over.failure).toMatchObject({ status: "too-big", message: 0 });
    expect(over.failure!.delivered).toBeLessThanOrEqual(2999);
  });

  for (const v of corruptVectors()) {
    it(`fails: ${v.name}`, () => {
      for (const pieceSize of [0, 1]) {
        const run = inflateAll(inflater(15, false), [v.payload], pieceSize, 65536);
        expect(run.failure?.status).toBe("error");
        expect(run.failure?.error).toContain(v.errorIncludes);
      }
    });
  }

  it("a truncated zlib stream fails, wherever it is cut", async () => {
    const [payload] = await zlibDeflateMessages([sampleMessages(false)[0]], { level: 6 });
    for (const cut of [1, 2, 5, Math.floor(payload.length / 2), payload.length - 1]) {
      const run = inflateAll(inflater(15, false), [payload.slice(0, cut)], 0, 65536);
      expect(run.failure?.status, `cut at ${cut}`).toBe("error");
    }
  });
});

describe("pure deflater, inflated by zlib", async () => {
  const messages = sampleMessages(false);
  for (let level = 0; level <= 9; level++) {
    for (const noContextTakeover of [false, true]) {
      for (const windowBits of level === 1 || level === 6 ? [8, 9, 10, 11, 12, 13, 14, 15] : [15]) {
        it(`level ${level}, window ${windowBits}${noContextTakeover ? ", no context takeover" : ""}`, async () => {
          const { payloads } = deflateAll(new PureDeflater({ level, windowBits, noContextTakeover }), messages, 65536);
          const back: string[] = await zlibInflateMessages(payloads, { windowBits }, noContextTakeover);
          expect(back).toEqual(messages);
          // The window held exactly (8 means 256 here), and never a final block.
          const strict = inflater(windowBits, noContextTakeover, LIMIT, true);
          expect(inflateAll(strict, payloads, 0, 65536)).toMatchObject({ outputs: messages });
          expect(strict.finalBlocks).toBe(0);
          // An empty message is the single byte 00 (RFC 7692 section 7.2.3.6).
          expect(payloads[messages.indexOf("")]).toBe("\x00");
        });
      }
    }
  }

  it("compresses a big message in slices of bounded input", async () => {
    // Shorter than the window, so that the second copy can reach the first.
    const message = sampleMessages(false).join("");
    expect(message.length).toBeLessThan(32768);
    const deflater = new PureDeflater({ level: 1, windowBits: 15, noContextTakeover: false });
    const { payloads, reads } = deflateAll(deflater, [message, message], 2048);
    // A read takes at most its budget and the rest of a match that runs past it (257 bytes).
    expect(reads).toBeGreaterThanOrEqual(2 * Math.ceil(message.length / (2048 + 257)));
    expect(await zlibInflateMessages(payloads)).toEqual([message, message]);
    // The second copy is all matches into the first: context taken over.
    expect(payloads[1].length).toBeLessThan(payloads[0].length / 10);
  });

  it("compresses messages longer than its hash chains reach, at every level (a chain never follows another trigram's link)", async () => {
    // Random letters with a phrase every seventh: trigram slots shared across the chain span are
    // revisited, where the 8 KiB chains of levels 1-3 once followed a stale link and made wrong matches.
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let text = "";
    for (let i = 1; text.length < 140_000; i++) text += String.fromCharCode(97 + Math.floor(random() * 26)) + (i % 7 === 0 ? "hello world " : "");
    const messages = [text.slice(0, 40_000), text.slice(0, 131_072)];
    for (const level of [1, 2, 3, 4, 6, 9]) {
      for (const noContextTakeover of [false, true]) {
        const { payloads } = deflateAll(new PureDeflater({ level, windowBits: 15, noContextTakeover }), messages, 1 << 20);
        expect(await zlibInflateMessages(payloads, { windowBits: 15 }, noContextTakeover), `level ${level}`).toEqual(messages);
      }
    }
  });

  it("uses stored, fixed and dynamic blocks where each is shortest", async () => {
    const deflater = () => new PureDeflater({ level: 1, windowBits: 15, noContextTakeover: true });
    const noise = sampleMessages(false).find((m) => m.length === 1500)!;
    const [stored] = deflateAll(deflater(), [noise], 65536).payloads;
    expect(stored.charCodeAt(0) % 8).toBe(0); // BFINAL 0, BTYPE 00
    expect(stored.length).toBeLessThanOrEqual(noise.length + 6);
    const [fixed] = deflateAll(deflater(), ["hello"], 65536).payloads;
    expect(fixed.charCodeAt(0) % 8).toBe(2); // BTYPE 01
    const json = sampleMessages(false).slice(0, 12).join("");
    const [dynamic] = deflateAll(deflater(), [json], 65536).payloads;
    expect(dynamic.charCodeAt(0) % 8).toBe(4); // BTYPE 10
    expect(await zlibInflateMessages([stored, fixed, dynamic], {}, true)).toEqual([noise, "hello", json]);
  });
});
