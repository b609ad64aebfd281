// A message sent in pieces under permessage-deflate (SPEC section 9, RFC 7692): compressed across its
// frames, RSV1 on the first frame only, each piece ending with a sync flush and only the message's
// end without its 00 00 ff ff. Judged by zlib, independently of the plugin's codec: the frames'
// payloads joined, the tail put back, must inflate to the message, also as the next message of a
// stream with context takeover. And a compressed message received with receiveFragments: inflated
// pieces as they are taken.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { type CodecFactory, type Deflater, pureCodec } from "../ts/codec/index";
import { Connection } from "../ts/core/connection";
import { Role } from "../ts/core/frame";
import { PieceVerdict } from "../ts/core/outgoing-stream";
import { type DeflateAgreement, PerMessageDeflate } from "../ts/core/permessage-deflate";
import type { ConnectionEvent } from "../ts/core/events";

const TAKEOVER: DeflateAgreement = { peerNoContextTakeover: false, ownNoContextTakeover: false, peerWindowBits: 15, ownWindowBits: 15 };
const TAIL = Buffer.from([0, 0, 0xff, 0xff]);
const TEXT = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, name: `p${i % 7}`, note: "caf\u00e9" })));
const TEXT_BYTES = Buffer.from(TEXT, "utf8").toString("latin1");

interface Frame {
  fin: boolean;
  rsv1: boolean;
  opcode: number;
  payload: Buffer;
}

/** A server connection (unmasked frames) with permessage-deflate on the pure codec. */
function server(options: { threshold?: number; agreement?: DeflateAgreement; receiveFragments?: boolean } = {}) {
  const connection = new Connection({ role: Role.Server, maxMessageSize: 1 << 20, receiveFragments: options.receiveFragments });
  const extension = new PerMessageDeflate(pureCodec, options.agreement ?? TAKEOVER, { threshold: options.threshold ?? 0, level: 1 }, 1 << 20);
  connection.open("", "permessage-deflate", extension);
  connection.nextEvent(); // the open event
  return connection;
}

/** Frames of a server's bytes (unmasked, short headers up to 64 KiB). */
function parseFrames(text: string): Frame[] {
  const bytes = Buffer.from(text, "latin1");
  const out: Frame[] = [];
  for (let at = 0; at < bytes.length; ) {
    let length = bytes[at + 1] & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start = at + 4;
    }
    out.push({ fin: (bytes[at] & 0x80) !== 0, rsv1: (bytes[at] & 0x40) !== 0, opcode: bytes[at] & 0x0f, payload: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return out;
}

/** The frames a connection has queued. */
function frames(connection: Connection): Frame[] {
  return parseFrames(connection.takeOutgoing());
}

/** Messages of frames, inflated by one zlib stream (context takeover): the tail appended to each. */
async function inflateMessages(messages: Frame[][]): Promise<string[]> {
  const stream = zlib.createInflateRaw();
  const out: string[] = [];
  let pending: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => pending.push(chunk));
  for (const message of messages) {
    stream.write(Buffer.concat([...message.map((f) => f.payload), TAIL]));
    await new Promise<void>((resolve) => stream.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    out.push(Buffer.concat(pending).toString("latin1"));
    pending = [];
  }
  stream.close();
  return out;
}

const shapes = (list: Frame[]) => list.map((f) => `${f.opcode}${f.fin ? "+" : "-"}${f.rsv1 ? "c" : ""}`).join(" ");

/** TEXT cut into pieces at `cuts` (byte offsets, some inside a two-byte character). */
function pieces(cuts: number[]): string[] {
  const out: string[] = [];
  let from = 0;
  for (const cut of [...cuts, TEXT_BYTES.length]) {
    out.push(TEXT_BYTES.slice(from, cut));
    from = cut;
  }
  return out;
}

describe("a message sent in pieces under permessage-deflate", () => {
  const cafe = TEXT_BYTES.indexOf("caf") + 4; // between the two bytes of the first é

  it("is compressed across its frames: RSV1 on the first only, each piece inflatable as it comes, then a whole message on the same context", async () => {
    const connection = server();
    const parts = pieces([cafe, cafe, 2000]); // an empty piece in the middle, a character cut
    parts.forEach((part, i) => expect(connection.sendPiece(part, false, i === parts.length - 1)).toBe(PieceVerdict.Accepted));
    const streamed = frames(connection);
    expect(shapes(streamed)).toBe("1-c 0- 0- 0+");
    expect(streamed[1].payload.length).toBe(0);
    // Every piece but the last ends with a sync flush's 00 00 ff ff: zlib inflates what came so far.
    const soFar = zlib.inflateRawSync(Buffer.concat(streamed.slice(0, 3).map((f) => f.payload)), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(soFar.toString("latin1")).toBe(TEXT_BYTES.slice(0, 2000));
    expect(streamed.reduce((n, f) => n + f.payload.length, 0)).toBeLessThan(TEXT_BYTES.length / 3);
    connection.send(TEXT_BYTES, false);
    const whole = frames(connection);
    expect(shapes(whole)).toBe("1+c");
    expect(await inflateMessages([streamed, whole])).toEqual([TEXT_BYTES, TEXT_BYTES]);
  });

  it("ends with an empty last piece, and resets the window per piece and message without context takeover", async () => {
    const connection = server({ agreement: { ...TAKEOVER, ownNoContextTakeover: true } });
    for (const part of pieces([1000])) expect(connection.sendPiece(part, true, false)).toBe(PieceVerdict.Accepted);
    expect(connection.sendPiece("", true, true)).toBe(PieceVerdict.Accepted);
    const first = frames(connection);
    expect(shapes(first)).toBe("2-c 0- 0+");
    connection.sendPiece("tail", true, false);
    connection.sendPiece("", true, true);
    const second = frames(connection);
    expect(await inflateMessages([first, second])).toEqual([TEXT_BYTES, "tail"]);
    // Each message alone, as a receiver that resets its window would read it.
    const alone = zlib.inflateRawSync(Buffer.concat([...first.map((f) => f.payload), TAIL]), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(alone.toString("latin1")).toBe(TEXT_BYTES);
  });

  it("goes uncompressed when its first piece is under the threshold or says compress = false", () => {
    const small = server({ threshold: 100 });
    small.sendPiece("short", false, false);
    small.sendPiece(TEXT_BYTES, false, true);
    const plain = frames(small);
    expect(shapes(plain)).toBe("1- 0+");
    expect(Buffer.concat(plain.map((f) => f.payload)).toString("latin1")).toBe("short" + TEXT_BYTES);
    const refused = server();
    refused.sendPiece(TEXT_BYTES, false, false, false);
    refused.sendPiece("!", false, true);
    expect(shapes(frames(refused))).toBe("1- 0+");
  });
});

describe("a big compressed message sent whole: deflated as it is taken (SPEC guarantee 7)", () => {
  /** The pure codec, counting the bytes written to its deflaters. */
  function counting() {
    const count = { input: 0 };
    const codec: CodecFactory = {
      name: "counted",
      newInflater: pureCodec.newInflater,
      newDeflater: (options) => {
        const deflater = pureCodec.newDeflater(options);
        const write = deflater.write;
        deflater.write = function (this: Deflater, message: string) {
          count.input += message.length;
          write.call(this, message);
        };
        return deflater;
      },
    };
    return { count, codec };
  }

  const BIG = TEXT_BYTES.repeat(Math.ceil((1 << 20) / TEXT_BYTES.length)).slice(0, 1 << 20);

  it("goes over several frames of one stream, a bounded input per take, pongs between them, later messages after it in order", async () => {
    const { count, codec } = counting();
    const connection = new Connection({ role: Role.Server, maxMessageSize: 1 << 20 });
    const extension = new PerMessageDeflate(codec, TAKEOVER, { threshold: 0, level: 1 }, 1 << 20);
    connection.open("", "permessage-deflate", extension);
    connection.nextEvent();
    expect(connection.send(BIG, false)).toBe(true);
    // Nothing deflated inside send: the message counts as its bytes not deflated yet.
    expect(count.input).toBe(0);
    expect(connection.outgoingSize()).toBeGreaterThanOrEqual(BIG.length);
    // Sent while it waits: encoded after it, in order (a small message, a message in pieces).
    connection.send("small one", false);
    connection.sendPiece("piece ", false, false);
    connection.sendPiece("end", false, true);
    expect(count.input).toBe(0);
    const taken: string[] = [];
    let takes = 0;
    let most = 0;
    while (connection.outgoingSize() > 0) {
      if (takes === 3) connection.receive(String.fromCharCode(0x89, 0x82, 0, 0, 0, 0) + "hi"); // a client's ping
      const before = count.input;
      const bytes = connection.takeOutgoing(64 * 1024);
      expect(bytes.length).toBeLessThanOrEqual(64 * 1024);
      most = Math.max(most, count.input - before);
      taken.push(bytes);
      takes++;
    }
    // A take's input: at most what it may write and one frame's (32 KiB) more.
    expect(most).toBeLessThanOrEqual(96 * 1024);
    expect(takes).toBeGreaterThanOrEqual((1 << 20) / (96 * 1024));
    const all = parseFrames(taken.join(""));
    const pong = all.findIndex((f) => f.opcode === 10);
    expect(pong).toBeGreaterThan(0);
    expect(all[pong].payload.toString("latin1")).toBe("hi");
    const data = all.filter((f) => f.opcode !== 10);
    const bigFrames = data.slice(0, data.findIndex((f) => f.fin) + 1);
    expect(bigFrames.length).toBe(32);
    expect(shapes(bigFrames)).toBe(["1-c", ...Array(30).fill("0-"), "0+"].join(" "));
    // The pong went between the big message's frames.
    expect(pong).toBeLessThan(bigFrames.length);
    const rest = data.slice(bigFrames.length);
    expect(shapes(rest)).toBe("1+c 1-c 0+");
    // zlib, one stream across the messages (context takeover), reads them back.
    expect(await inflateMessages([bigFrames, rest.slice(0, 1), rest.slice(1)])).toEqual([BIG, "small one", "piece end"]);
    // Once it is out, a small message is encoded inside send again.
    connection.send("again", false);
    expect(count.input).toBe(BIG.length + "small one".length + "piece end".length + "again".length);
  });

  it("keeps its deflater until its last frame is taken, when the connection closes first", async () => {
    let closed = 0;
    const codec: CodecFactory = {
      name: "spied",
      newInflater: pureCodec.newInflater,
      newDeflater: (options) => {
        const deflater = pureCodec.newDeflater(options);
        const close = deflater.close;
        deflater.close = function (this: Deflater) {
          closed++;
          close.call(this);
        };
        return deflater;
      },
    };
    const connection = new Connection({ role: Role.Server, maxMessageSize: 1 << 20 });
    connection.open("", "permessage-deflate", new PerMessageDeflate(codec, TAKEOVER, { threshold: 0, level: 1 }, 1 << 20));
    connection.nextEvent();
    connection.send(BIG, true);
    const first = connection.takeOutgoing(1000);
    // The client's close: echoed after the message, and the connection is CLOSED at once.
    connection.receive(String.fromCharCode(0x88, 0x82, 0, 0, 0, 0, 3, 0xe8));
    expect(connection.state).toBe(3);
    expect(closed).toBe(0);
    const all = parseFrames(first + connection.takeOutgoing());
    expect(closed).toBe(1);
    expect(shapes(all.slice(-2))).toBe("0+ 8+");
    expect(await inflateMessages([all.slice(0, -1)])).toEqual([BIG]);
  });
});

describe("a compressed message received with receiveFragments", () => {
  it("comes in inflated pieces as they are taken, text on character boundaries", () => {
    const connection = server({ receiveFragments: true });
    const deflated = zlib.deflateRawSync(Buffer.from(TEXT, "utf8"), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const payload = deflated.subarray(0, deflated.length - 4);
    const half = Math.floor(payload.length / 2);
    // Client frames: masked with a zero key, so the payload reads as it is.
    const clientFrame = (fin: boolean, rsv1: boolean, opcode: number, data: Buffer) =>
      Buffer.concat([Buffer.from([(fin ? 0x80 : 0) + (rsv1 ? 0x40 : 0) + opcode, 0x80 + 126, data.length >> 8, data.length & 255, 0, 0, 0, 0]), data]).toString("latin1");
    const events: ConnectionEvent[] = [];
    const take = () => {
      for (let e = connection.nextEvent(); e !== undefined; e = connection.nextEvent()) events.push(e);
    };
    connection.receive(clientFrame(false, true, 1, payload.subarray(0, half)));
    take();
    connection.receive(clientFrame(true, false, 0, payload.subarray(half)));
    take();
    const got = events.map((e) => (e.type === "message" ? e : undefined));
    expect(got.every((e) => e !== undefined)).toBe(true);
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(got.map((e) => e!.partial)).toEqual([...got.slice(1).map(() => true), undefined]);
    for (const e of got) expect(Buffer.from(Buffer.from(e!.data, "latin1").toString("utf8"), "utf8").toString("latin1")).toBe(e!.data);
    expect(got.map((e) => e!.data).join("")).toBe(TEXT_BYTES);
  });
});
