// The permessage-deflate extension (ts/core/permessage-deflate.ts) on the core's connection, with the
// pure codec and zlib's own output (Node) as the peer: compressed messages in any fragmentation,
// context takeover or reset, uncompressed messages among compressed ones, the threshold, level 0 and
// compress = false on the way out, and each failure: RSV1 on a continuation or control frame (1002),
// corrupt data (1007), a bomb (1009 after at most maxMessageSize bytes).
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { pureCodec } from "../ts/codec/index";
import { Connection } from "../ts/core/connection";
import type { ConnectionEvent } from "../ts/core/events";
import { Role } from "../ts/core/frame";
import { type DeflateAgreement, PerMessageDeflate } from "../ts/core/permessage-deflate";

const TAKEOVER: DeflateAgreement = { peerNoContextTakeover: false, ownNoContextTakeover: false, peerWindowBits: 15, ownWindowBits: 15 };

/** A server frame (unmasked): FIN, RSV1, opcode; payload as a byte string. */
function frame(fin: boolean, rsv1: boolean, opcode: number, payload: string): string {
  const first = String.fromCharCode((fin ? 128 : 0) + (rsv1 ? 64 : 0) + opcode);
  const n = payload.length;
  if (n < 126) return first + String.fromCharCode(n) + payload;
  return first + String.fromCharCode(126, n >> 8, n & 255) + payload;
}

/** Runs `input` pieces through a zlib stream, one sync flush after each: what each flush produced. */
async function throughZlib(stream: zlib.DeflateRaw | zlib.InflateRaw, input: Buffer[]): Promise<Buffer[]> {
  const outputs: Buffer[] = [];
  let pending: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => pending.push(chunk));
  for (const piece of input) {
    stream.write(piece);
    await new Promise<void>((resolve) => stream.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    outputs.push(Buffer.concat(pending));
    pending = [];
  }
  stream.close();
  return outputs;
}

/** Messages deflated by zlib as a permessage-deflate peer does: sync flush, tail removed, one stream
 *  (context takeover) or one per message. */
async function zlibMessages(texts: string[], noContextTakeover = false): Promise<string[]> {
  const out: string[] = [];
  if (noContextTakeover) {
    for (const text of texts) out.push(...(await zlibMessages([text])));
    return out;
  }
  for (const bytes of await throughZlib(zlib.createDeflateRaw(), texts.map((t) => Buffer.from(t, "latin1")))) {
    out.push(bytes.subarray(0, bytes.length - 4).toString("latin1"));
  }
  return out;
}

function open(options: { maxMessageSize?: number; threshold?: number; level?: number; agreement?: DeflateAgreement } = {}) {
  const maxMessageSize = options.maxMessageSize ?? 1 << 20;
  const connection = new Connection({ role: Role.Client, maxMessageSize, random: (n) => "\0".repeat(n) });
  const extension = new PerMessageDeflate(pureCodec, options.agreement ?? TAKEOVER, { threshold: options.threshold ?? 0, level: options.level ?? 1 }, maxMessageSize);
  connection.open("", "permessage-deflate", extension);
  const events = (): ConnectionEvent[] => {
    const list: ConnectionEvent[] = [];
    for (let e = connection.nextEvent(); e !== undefined; e = connection.nextEvent()) list.push(e);
    return list.filter((e) => e.type !== "open");
  };
  return { connection, events };
}

function messages(events: ConnectionEvent[]): string[] {
  return events.map((e) => (e.type === "message" ? e.data : `${e.type}${"code" in e ? " " + e.code : ""}`));
}

const TEXT = JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ id: i, x: i * 3, name: `p${i % 7}` })));

describe("permessage-deflate inbound", () => {
  it("inflates compressed messages with context takeover, whole, fragmented and byte by byte, among uncompressed ones", async () => {
    const { connection, events } = open();
    const [first, second] = await zlibMessages([TEXT, TEXT]); // the second refers back to the first
    expect(second.length).toBeLessThan(first.length / 4);
    connection.receive(frame(true, true, 1, first));
    connection.receive(frame(true, false, 1, "plain"));
    const half = Math.floor(second.length / 2);
    const fragmented = frame(false, true, 1, second.slice(0, half)) + frame(false, false, 0, "") + frame(true, false, 0, second.slice(half));
    for (const byte of fragmented) connection.receive(byte);
    expect(messages(events())).toEqual([TEXT, "plain", TEXT]);
  });

  it("inflates with the window reset per message (server_no_context_takeover)", async () => {
    const [first, second] = await zlibMessages([TEXT, TEXT], true);
    expect(second).toBe(first);
    const { connection, events } = open({ agreement: { ...TAKEOVER, peerNoContextTakeover: true } });
    connection.receive(frame(true, true, 2, first) + frame(true, true, 2, second));
    expect(messages(events())).toEqual([TEXT, TEXT]);
  });

  it("reports no payload ahead inside a compressed frame, so the host keeps feeding it in small pieces", async () => {
    const { connection, events } = open();
    const [compressed] = await zlibMessages([TEXT]);
    const whole = frame(true, true, 1, compressed);
    connection.receive(whole.slice(0, 10));
    expect(connection.payloadAhead()).toBe(0);
    connection.receive(whole.slice(10));
    expect(messages(events())).toEqual([TEXT]);
    // The same bytes uncompressed: their payload counts as ahead.
    const plain = frame(true, false, 1, compressed);
    connection.receive(plain.slice(0, 10));
    expect(connection.payloadAhead()).toBe(compressed.length - 6);
  });

  it("fails RSV1 on a continuation frame with 1002", () => {
    const { connection, events } = open();
    connection.receive(frame(false, false, 1, "ab") + frame(true, true, 0, "cd"));
    expect(messages(events())).toEqual(["error 1002", "close 1002"]);
  });

  it("fails RSV1 on a ping with 1002", () => {
    const { connection, events } = open();
    connection.receive(frame(true, true, 9, ""));
    expect(messages(events())).toEqual(["error 1002", "close 1002"]);
  });

  it("fails corrupt compressed data with 1007", () => {
    const { connection, events } = open();
    connection.receive(frame(true, true, 1, "\xff\xff\xff\xff"));
    expect(messages(events())).toEqual(["error 1007", "close 1007"]);
  });

  it("fails a bomb with 1009: a few KB that inflate to 4 MB, limit 64 KiB", async () => {
    const [bomb] = await zlibMessages(["a".repeat(4 << 20)]);
    expect(bomb.length).toBeLessThan(8000);
    const { connection, events } = open({ maxMessageSize: 65536 });
    connection.receive(frame(false, true, 2, bomb.slice(0, 60000)));
    expect(messages(events())).toEqual(["error 1009", "close 1009"]);
  });
});

describe("permessage-deflate inbound, paced by the host (allowTransformOutput)", () => {
  const SLICE = 32 * 1024;
  /** Feeds `input` in 4 KiB pieces, allowing SLICE bytes of inflated output per call, resuming what
   *  the extension holds before feeding more, as the plugin's session does: the events, and the most
   *  one call inflated. */
  function paced(connection: Connection, input: string) {
    const list: ConnectionEvent[] = [];
    let most = 0;
    let calls = 0;
    const step = (call: () => void) => {
      const before = connection.transformedBytes;
      connection.allowTransformOutput(SLICE);
      call();
      connection.allowTransformOutput(0);
      most = Math.max(most, connection.transformedBytes - before);
      calls++;
      for (let e = connection.nextEvent(); e !== undefined; e = connection.nextEvent()) if (e.type !== "open") list.push(e);
    };
    for (let at = 0; at < input.length || connection.holdsTransformed(); ) {
      if (connection.holdsTransformed()) {
        step(() => connection.decode(4096));
      } else {
        const piece = input.slice(at, at + 4096);
        at += 4096;
        step(() => connection.receive(piece));
      }
    }
    return { events: list, most, calls };
  }

  async function input(): Promise<string> {
    const big = TEXT.repeat(Math.ceil((1 << 20) / TEXT.length)).slice(0, 1 << 20);
    const [first, second] = await zlibMessages([big, "small one"]);
    expect(first.length).toBeLessThan(60000);
    // A compressed megabyte, a plain message, a ping, a compressed small one, the peer's close.
    return frame(true, true, 1, first) + frame(true, false, 1, "plain") + frame(true, false, 9, "p") + frame(true, true, 1, second) + frame(true, false, 8, "\x03\xe8");
  }

  it("stops where the allowance runs out and resumes there: the same events in the same order", async () => {
    const bytes = await input();
    const whole = open({ maxMessageSize: 2 << 20 });
    whole.connection.receive(bytes);
    const expected = whole.events();
    expect(messages(expected).map((m) => m.slice(0, 20))).toEqual([TEXT.slice(0, 20), "plain", "small one", "close 1000"]);
    const { connection } = open({ maxMessageSize: 2 << 20 });
    const run = paced(connection, bytes);
    expect(run.events).toEqual(expected);
    // One match (258 bytes) past the allowance at most, and the megabyte took many calls.
    expect(run.most).toBeLessThanOrEqual(SLICE + 258);
    expect(run.calls).toBeGreaterThan((1 << 20) / (SLICE + 258));
  });

  it("holds what the extension still has: no event, the end of stream waits behind it", async () => {
    const [first] = await zlibMessages(["z".repeat(1 << 20)]);
    const { connection, events } = open({ maxMessageSize: 2 << 20 });
    connection.allowTransformOutput(SLICE);
    connection.receive(frame(true, true, 2, first));
    expect(connection.holdsTransformed()).toBe(true);
    connection.receiveEof();
    expect(events()).toEqual([]);
    connection.allowTransformOutput(Infinity);
    expect(messages(events())).toEqual(["z".repeat(1 << 20), "error 1006", "close 1006"]);
    expect(connection.holdsTransformed()).toBe(false);
  });

  it("fails as soon as unpaced: 1009 at maxMessageSize, 1007 at the first invalid UTF-8, the same events", async () => {
    const [bomb] = await zlibMessages(["a".repeat(4 << 20)]);
    const bad = "b".repeat(300 * 1024) + "\xff" + "b".repeat(700 * 1024);
    const [invalid] = await zlibMessages([bad]);
    for (const [payload, maxMessageSize, opcode] of [
      [bomb, 200 * 1024, 2],
      [invalid, 2 << 20, 1],
    ] as const) {
      const whole = open({ maxMessageSize });
      whole.connection.receive(frame(true, true, opcode, payload));
      const expected = whole.events();
      const { connection } = open({ maxMessageSize });
      const run = paced(connection, frame(true, true, opcode, payload) + frame(true, false, 1, "never"));
      expect(run.events).toEqual(expected);
      expect(messages(run.events)).toEqual(opcode === 2 ? ["error 1009", "close 1009"] : ["error 1007", "close 1007"]);
      // Inflating stopped at the failure, paced or not.
      expect(connection.transformedBytes).toBeLessThanOrEqual(maxMessageSize);
      expect(connection.transformedBytes).toBeLessThan(maxMessageSize === 2 << 20 ? 400 * 1024 : 300 * 1024);
    }
  });
});

describe("permessage-deflate outbound", () => {
  /** The frames the connection wrote, unmasked (the test's masking key is zero). */
  function written(connection: Connection): { rsv1: boolean; payload: string }[] {
    const bytes = connection.takeOutgoing();
    const frames: { rsv1: boolean; payload: string }[] = [];
    let at = 0;
    while (at < bytes.length) {
      const rsv1 = (bytes.charCodeAt(at) & 64) !== 0;
      let n = bytes.charCodeAt(at + 1) & 127;
      at += 2;
      if (n === 126) {
        n = bytes.charCodeAt(at) * 256 + bytes.charCodeAt(at + 1);
        at += 2;
      }
      at += 4;
      frames.push({ rsv1, payload: bytes.slice(at, at + n) });
      at += n;
    }
    return frames;
  }

  it("deflates at or above the threshold with RSV1, zlib inflates it; below it, level 0 and compress = false go as they are", async () => {
    const { connection } = open({ threshold: 100 });
    connection.send(TEXT, false);
    connection.send(TEXT, false);
    connection.send("x".repeat(99), false);
    connection.send(TEXT, false, false);
    const frames = written(connection);
    expect(frames.map((f) => f.rsv1)).toEqual([true, true, false, false]);
    const tail = Buffer.from([0, 0, 255, 255]);
    const inflated = await throughZlib(zlib.createInflateRaw(), frames.slice(0, 2).map((f) => Buffer.concat([Buffer.from(f.payload, "latin1"), tail])));
    expect(inflated.map((b) => b.toString("latin1"))).toEqual([TEXT, TEXT]);
    // Context taken over: the second copy is mostly matches into the first (without takeover both
    // would be the same size).
    expect(frames[1].payload.length).toBeLessThan(frames[0].payload.length / 3);
    expect(frames[3].payload).toBe(TEXT);

    const levelZero = open({ level: 0 });
    levelZero.connection.send(TEXT, false);
    expect(written(levelZero.connection)).toEqual([{ rsv1: false, payload: TEXT }]);
  });
});
