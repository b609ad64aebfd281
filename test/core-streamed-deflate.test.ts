// A message sent in pieces under permessage-deflate (SPEC section 9, RFC 7692): compressed across its
// frames, RSV1 on the first frame only, each piece ending with a sync flush and only the message's
// end without its 00 00 ff ff. Judged by zlib, independently of the plugin's codec: the frames'
// payloads joined, the tail put back, must inflate to the message, also as the next message of a
// stream with context takeover. And a compressed message received with receiveFragments: inflated
// pieces as they are taken.
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { pureCodec } from "../ts/codec/index";
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

/** The frames a connection has queued (a server's: unmasked, short headers up to 64 KiB). */
function frames(connection: Connection): Frame[] {
  const bytes = Buffer.from(connection.takeOutgoing(), "latin1");
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
