// The fuzzer's end of one WebSocket connection, after the opening handshake, in either role: as the
// fuzzing server it tests a client, as the fuzzing client it tests a server. The role decides only
// masking (a client masks every frame with a fresh key, a server never does: RFC 6455 section 5.1)
// and who closes TCP first (the server: section 7.1.1). Everything else is the same for both, so the
// cases are written once.
//
// A case drives the peer with Autobahn|TestSuite's vocabulary: sendFrame (any bits, any claimed
// length, whole, frame-wise or chopped into TCP writes), sendMessage (fragmented or not, compressed
// when permessage-deflate was agreed), sendClose / sendCloseFrame, and the timers killAfter,
// closeAfter and continueLater. The peer records what the endpoint under test did in return, in
// order (messages, pings, pongs), how the connection ended (who closed first, the endpoint's close
// code, whether the close handshake completed and TCP was closed by the server) and every rule of
// RFC 6455 the endpoint broke on the wire.
import { isUtf8 } from "node:buffer";
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { FrameReader } from "./frame-reader.mjs";
import { MAX_CONTROL_PAYLOAD, Opcode, RSV1_BIT, closePayload, encodeFrame, encodeHeader, isSendableCloseCode, maskCopy } from "./wire.mjs";

const DATA_OPCODES = new Set([Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY]);
const CONTROL_OPCODES = new Set([Opcode.CLOSE, Opcode.PING, Opcode.PONG]);
/** How long the server waits, after closing its side of TCP, for the other side to close its own. */
const TCP_CLOSE_GRACE_MS = 2000;
/** How long the fuzzing client waits, after the close handshake, for the server to close TCP (Autobahn: 1 s). */
const SERVER_DROP_TIMEOUT_MS = 1000;
/** The RSV value of a compressed message's first frame (RSV1, RFC 7692 section 6). */
const RSV_COMPRESSED = RSV1_BIT >> 4;

export const Role = Object.freeze({ SERVER: "server", CLIENT: "client" });

export class FuzzingPeer {
  /**
   * `role`: the fuzzer's role ("server" or "client"). `timeScale` multiplies the fixed waits a
   * case sets (continueLater), `deadlineScale` the deadlines (killAfter, closeAfter), which cost
   * nothing when the endpoint answers in time. `deflate`: the permessage-deflate codec both sides
   * agreed on in the handshake (deflate.mjs), or undefined.
   */
  constructor(socket, { role, timeScale = 1, deadlineScale = timeScale, deflate } = {}) {
    this.socket = socket;
    this.role = role;
    this.timeScale = timeScale;
    this.deadlineScale = deadlineScale;
    this.deflate = deflate;
    this.reader = new FrameReader();
    this.startedAt = performance.now();
    /** What the endpoint sent, in order: `{ kind: "message", data, binary }`, `{ kind: "ping" | "pong", data }`, `{ kind: "timeout", tag }`. */
    this.received = [];
    /** Every rule the endpoint broke, as sentences. */
    this.violations = [];
    /** The fuzzer started the close handshake (or gave up on the connection) before the endpoint did. */
    this.closedByMe = false;
    /** The fuzzer dropped TCP itself (a timer ran out, or the server did not close TCP in time). */
    this.droppedByMe = false;
    this.localCloseSent = false;
    /** The endpoint's close frame: `{ code, reason }` (code undefined for an empty payload). */
    this.remoteClose = undefined;
    this.closed = false;
    /** Frames the fuzzer wrote, by opcode, as Autobahn's txFrameStats counts them. */
    this.txFrames = new Map();
    this.txBytes = 0;
    this.rxBytes = 0;
    this.lastMaskKey = undefined;
    this.fragments = undefined;
    this.waiters = new Set();
    this.timers = new Set();
    this.sendQueue = [];
    this.pumping = false;
    /** Called with each received item; the case runner hooks its judge in here. */
    this.onReceived = undefined;

    socket.setNoDelay(true);
    socket.on("data", (bytes) => this.receive(bytes));
    socket.on("end", () => this.onRemoteEnd());
    socket.on("close", () => {
      this.closed = true;
      for (const timer of this.timers) clearTimeout(timer);
      // Let inflating messages finish before the codec goes.
      (this.inflating ?? Promise.resolve()).then(() => this.deflate?.close());
      this.changed();
    });
    socket.on("error", (error) => {
      this.tcpError = error.code ?? error.message;
    });
  }

  /** Milliseconds since the connection opened. */
  now() {
    return performance.now() - this.startedAt;
  }

  /** Autobahn's states: OPEN, then CLOSING once either side sent a close frame, then CLOSED. */
  get state() {
    if (this.closed || this.socket.destroyed) return "CLOSED";
    if (this.localCloseSent || this.remoteClose) return "CLOSING";
    return "OPEN";
  }

  /** Nothing more may be written: TCP is going away. */
  get writeClosed() {
    return this.closed || this.socket.destroyed || this.socket.writableEnded;
  }

  /**
   * The close handshake completed: both close frames went across, and TCP was closed the way
   * section 7.1.1 wants it (by the server; for the fuzzing client, without having to drop it).
   */
  get wasClean() {
    if (!this.localCloseSent || !this.remoteClose) return false;
    return this.role === Role.SERVER || !this.droppedByMe;
  }

  // ---- sending -------------------------------------------------------------------------------

  /**
   * One frame, as Autobahn's sendFrame: `payload` repeated to `payloadLen` bytes when given; `length`
   * claims another length than the real one; `sync` writes it on its own (frame-wise); `chopsize`
   * cuts it into TCP writes of that many bytes. Frames sent in one go without `sync` or `chopsize`
   * leave in one TCP write, as they would from Autobahn's reactor.
   */
  sendFrame({ opcode, payload = Buffer.alloc(0), fin = true, rsv = 0, payloadLen, length, sync = false, chopsize }) {
    let body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "latin1");
    if (payloadLen !== undefined) body = repeatTo(body, payloadLen);
    const maskKey = this.role === Role.CLIENT ? this.freshMaskKey() : undefined;
    this.txFrames.set(opcode, (this.txFrames.get(opcode) ?? 0) + 1);
    this.enqueue(encodeFrame({ opcode, payload: body, fin, rsv, length, maskKey }), { sync, chopsize });
  }

  /**
   * One message, as Autobahn's sendMessage: in fragments of `fragmentSize` bytes when given,
   * compressed when permessage-deflate was agreed (unless `compress` is false).
   */
  sendMessage(payload, { binary = false, fragmentSize, sync = false, compress = true } = {}) {
    const opcode = binary ? Opcode.BINARY : Opcode.TEXT;
    const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "latin1");
    if (this.deflate && compress) {
      const compressed = this.deflate.compress(data);
      this.enqueueLater(compressed.then((bytes) => this.messageFrames(opcode, bytes, fragmentSize, RSV_COMPRESSED)), { sync });
      return;
    }
    this.enqueue(this.messageFrames(opcode, data, fragmentSize, 0), { sync });
  }

  messageFrames(opcode, data, fragmentSize, rsv) {
    const size = fragmentSize && fragmentSize > 0 ? fragmentSize : Math.max(1, data.length);
    const frames = [];
    for (let offset = 0; offset === 0 || offset < data.length; offset += size) {
      const first = offset === 0;
      const frameOpcode = first ? opcode : Opcode.CONTINUATION;
      this.txFrames.set(frameOpcode, (this.txFrames.get(frameOpcode) ?? 0) + 1);
      const maskKey = this.role === Role.CLIENT ? this.freshMaskKey() : undefined;
      frames.push(encodeFrame({ opcode: frameOpcode, payload: data.subarray(offset, offset + size), fin: offset + size >= data.length, rsv: first ? rsv : 0, maskKey }));
    }
    return Buffer.concat(frames);
  }

  /**
   * A frame header alone (`bytes`) and how to mask pieces of its payload (`mask(part, offset)`),
   * for a frame whose payload goes out in several writes far apart (the fail-fast cases).
   */
  frameHeader({ opcode, length, fin = true, rsv = 0 }) {
    const maskKey = this.role === Role.CLIENT ? this.freshMaskKey() : undefined;
    this.txFrames.set(opcode, (this.txFrames.get(opcode) ?? 0) + 1);
    return {
      bytes: encodeHeader({ opcode, fin, rsv, length, maskKey }),
      mask: (part, offset) => (maskKey ? maskCopy(part, maskKey, offset) : part),
    };
  }

  /** Bytes as they are, in the send order. */
  sendRaw(bytes, { sync = false, chopsize } = {}) {
    this.enqueue(bytes, { sync, chopsize });
  }

  /** Starts the close handshake properly (Autobahn's sendClose): only while the connection is open. */
  sendClose(code = 1000, reason = "") {
    if (this.state !== "OPEN") return;
    this.sendCloseFrame(code, Buffer.from(reason, "utf8"));
  }

  /**
   * A close frame with any code and reason bytes, valid or not (Autobahn's sendCloseFrame). The
   * first close frame sent before the endpoint's makes the fuzzer the one that closed.
   */
  sendCloseFrame(code, reason = Buffer.alloc(0), { sync = false } = {}) {
    this.sendRawClose(closePayload(code, reason), { sync });
  }

  /** A close frame with exactly this payload (a 1-byte one, say). */
  sendRawClose(payload, { sync = false } = {}) {
    if (this.writeClosed) return;
    if (!this.localCloseSent && !this.remoteClose) this.closedByMe = true;
    this.localCloseSent = true;
    this.sendFrame({ opcode: Opcode.CLOSE, payload, sync });
    if (this.remoteClose) this.afterCloseHandshake();
  }

  freshMaskKey() {
    let key;
    do key = randomBytes(4);
    while (this.lastSentMaskKey && key.equals(this.lastSentMaskKey));
    this.lastSentMaskKey = key;
    return key;
  }

  enqueue(bytes, { sync = false, chopsize } = {}) {
    this.enqueueLater(Promise.resolve(bytes), { sync, chopsize });
  }

  /** Writes go out in the order they were asked for, even when one waits for the compressor. */
  enqueueLater(bytesPromise, { sync = false, chopsize } = {}) {
    this.sendQueue.push({ bytesPromise, sync: sync || chopsize !== undefined, chopsize });
    if (!this.pumping) this.pump();
  }

  async pump() {
    this.pumping = true;
    // Let the case finish its synchronous sends first, so that unsynced frames share one write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.sendQueue.length > 0) {
      const item = this.sendQueue.shift();
      const bytes = await item.bytesPromise;
      if (item.sync) {
        const size = item.chopsize ?? bytes.length;
        for (let offset = 0; offset < bytes.length && !this.writeClosed; offset += size) {
          await this.write(bytes.subarray(offset, offset + size));
          await new Promise((resolve) => setImmediate(resolve));
        }
        continue;
      }
      const batch = [bytes];
      while (this.sendQueue.length > 0 && !this.sendQueue[0].sync) batch.push(await this.sendQueue.shift().bytesPromise);
      await this.write(Buffer.concat(batch));
    }
    this.pumping = false;
    this.changed();
  }

  write(bytes) {
    if (this.writeClosed || bytes.length === 0) return Promise.resolve();
    this.txBytes += bytes.length;
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Resolves once everything asked for so far has been written. */
  drained() {
    return this.waitFor(() => !this.pumping && this.sendQueue.length === 0, 60_000);
  }

  // ---- timers (scaled) -----------------------------------------------------------------------

  later(ms, fn) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  /** After `seconds`, gives up on the connection: the fuzzer closes it and drops TCP. */
  killAfter(seconds) {
    this.later(seconds * 1000 * this.deadlineScale, () => {
      if (this.state === "CLOSED") return;
      if (this.state === "OPEN") this.closedByMe = true;
      this.drop();
    });
  }

  /** After `seconds`, starts the close handshake if nobody did yet. */
  closeAfter(seconds) {
    this.later(seconds * 1000 * this.deadlineScale, () => this.sendClose(1000));
  }

  /** After `seconds`, runs `fn` unless the connection is gone. */
  continueLater(seconds, fn) {
    this.later(seconds * 1000 * this.timeScale, () => {
      if (this.state !== "CLOSED") fn();
    });
  }

  // ---- waiting -------------------------------------------------------------------------------

  /** Resolves true as soon as `condition()` holds, or false after `ms`. */
  waitFor(condition, ms) {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = () => {
        if (condition()) finish(true);
      };
      const finish = (result) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(result);
      };
      const timer = setTimeout(() => finish(false), Math.max(0, ms));
      this.waiters.add(waiter);
    });
  }

  changed() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Drops TCP at once. */
  drop() {
    if (this.closed) return;
    this.droppedByMe = true;
    this.socket.destroy();
  }

  // ---- receiving -----------------------------------------------------------------------------

  receive(bytes) {
    this.rxBytes += bytes.length;
    for (const frame of this.reader.push(bytes)) {
      if (frame.error) {
        this.violate(frame.error);
        this.drop();
        break;
      }
      this.onFrame(frame);
    }
    this.changed();
  }

  violate(sentence) {
    if (!this.violations.includes(sentence)) this.violations.push(sentence);
  }

  record(item) {
    this.received.push(item);
    this.onReceived?.(item);
  }

  onFrame(frame) {
    if (this.remoteClose) this.violate("sent a frame after its close frame (RFC 6455 section 5.5.1)");
    this.checkMasking(frame);
    const compressedStart = this.deflate && frame.rsv === RSV_COMPRESSED && frame.opcode !== Opcode.CONTINUATION && !isControl(frame.opcode);
    if (frame.rsv !== 0 && !compressedStart) this.violate(`sent RSV bits ${frame.rsv} where no extension defines them (section 5.2)`);
    if (DATA_OPCODES.has(frame.opcode)) this.onDataFrame(frame, compressedStart);
    else if (CONTROL_OPCODES.has(frame.opcode)) this.onControlFrame(frame);
    else this.violate(`sent reserved opcode ${frame.opcode} (section 5.2)`);
  }

  /** Section 5.1 and 5.3: a client masks every frame with a fresh key; a server masks none. */
  checkMasking(frame) {
    if (this.role === Role.CLIENT) {
      if (frame.masked) this.violate("the server sent a masked frame (section 5.1)");
      return;
    }
    if (!frame.masked) {
      this.violate("the client sent an unmasked frame (section 5.1)");
      return;
    }
    if (this.lastMaskKey && frame.maskKey.equals(this.lastMaskKey)) {
      this.violate(`used mask key ${frame.maskKey.toString("hex")} on two frames in a row (section 5.3)`);
    }
    this.lastMaskKey = frame.maskKey;
  }

  onDataFrame(frame, compressedStart) {
    if (frame.opcode === Opcode.CONTINUATION) {
      if (!this.fragments) {
        this.violate("sent a continuation frame with no message started (section 5.4)");
        return;
      }
    } else if (this.fragments) {
      this.violate("started a new message inside a fragmented one (section 5.4)");
      this.fragments = undefined;
    }
    if (!this.fragments) this.fragments = { opcode: frame.opcode, parts: [], compressed: compressedStart };
    this.fragments.parts.push(frame.payload);
    if (!frame.fin) return;
    const { opcode, parts, compressed } = this.fragments;
    this.fragments = undefined;
    const wire = Buffer.concat(parts);
    if (compressed) {
      // Inflating is asynchronous; the order of what was received is kept by a chain.
      this.inflating = (this.inflating ?? Promise.resolve()).then(() =>
        this.deflate.decompress(wire).then(
          (data) => this.deliver(opcode, data, true),
          (error) => this.violate(`sent a compressed message that does not inflate: ${error.message} (RFC 7692 section 6.2)`),
        ),
      );
      return;
    }
    if (this.inflating) {
      this.inflating = this.inflating.then(() => this.deliver(opcode, wire, false));
      return;
    }
    this.deliver(opcode, wire, false);
  }

  deliver(opcode, data, compressed) {
    const binary = opcode === Opcode.BINARY;
    if (!binary && !isUtf8(data)) this.violate("sent a text message that is not UTF-8 (section 8.1)");
    this.record({ kind: "message", data, binary, compressed });
    this.changed();
  }

  onControlFrame(frame) {
    if (frame.payload.length > MAX_CONTROL_PAYLOAD || !frame.fin) {
      this.violate("sent a fragmented or oversized control frame (section 5.5)");
    }
    if (frame.opcode === Opcode.PONG) {
      this.record({ kind: "pong", data: frame.payload });
    } else if (frame.opcode === Opcode.PING) {
      this.record({ kind: "ping", data: frame.payload });
      if (this.state === "OPEN") this.sendFrame({ opcode: Opcode.PONG, payload: frame.payload });
    } else if (frame.opcode === Opcode.CLOSE && !this.remoteClose) {
      this.onRemoteClose(frame.payload);
    }
  }

  /**
   * The endpoint's close frame. If the fuzzer had not closed yet it answers with the same status
   * code (section 5.5.1); then the server closes TCP, the client waits for the server to.
   */
  onRemoteClose(payload) {
    let code;
    let reason = Buffer.alloc(0);
    if (payload.length === 1) this.violate("sent a close frame with a 1-byte payload (section 5.5.1)");
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      reason = payload.subarray(2);
      if (!isSendableCloseCode(code)) this.violate(`sent close code ${code}, which must not be sent (section 7.4)`);
      if (!isUtf8(reason)) this.violate("sent a close reason that is not UTF-8 (section 5.5.1)");
    }
    this.remoteClose = { code, reason: reason.toString("utf8"), atMs: this.now() };
    if (!this.localCloseSent) {
      this.localCloseSent = true;
      this.sendFrame({ opcode: Opcode.CLOSE, payload: closePayload(code) });
    }
    this.afterCloseHandshake();
  }

  afterCloseHandshake() {
    if (this.role === Role.SERVER) {
      this.drained().then(() => this.endTcp());
      return;
    }
    // RFC 6455 section 7.1.1: the server closes TCP first; the client waits, then gives up.
    const timer = setTimeout(() => this.drop(), SERVER_DROP_TIMEOUT_MS);
    this.timers.add(timer);
  }

  onRemoteEnd() {
    this.endTcp();
  }

  endTcp() {
    if (this.socket.writableEnded || this.socket.destroyed) return;
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), TCP_CLOSE_GRACE_MS);
    this.timers.add(timer);
  }
}

function isControl(opcode) {
  return (opcode & 0x08) !== 0;
}

/** `pattern` repeated (and cut) to exactly `length` bytes. */
export function repeatTo(pattern, length) {
  if (pattern.length === 0) return Buffer.alloc(length);
  const out = Buffer.allocUnsafe(length);
  let filled = Math.min(pattern.length, length);
  pattern.copy(out, 0, 0, filled);
  while (filled < length) {
    const n = Math.min(filled, length - filled);
    out.copy(out, filled, 0, n);
    filled += n;
  }
  return out;
}
