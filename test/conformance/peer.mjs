// One connection of the client under test, after the opening handshake, as a case sees it: ways to
// send anything (frames with any bits, raw bytes, bytes chopped into many TCP writes) and a record of
// everything the client did in return (echoed messages, pongs, its close frame, how its frames were
// masked, every rule of RFC 6455 it broke). The record is what the judge reads.
import { isUtf8 } from "node:buffer";
import { performance } from "node:perf_hooks";
import { ClientFrameReader } from "./client-frame-reader.mjs";
import {
  MAX_CONTROL_PAYLOAD,
  Opcode,
  closePayload,
  encodeFrame,
  isSendableCloseCode,
} from "./wire.mjs";

const DATA_OPCODES = new Set([Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY]);
const CONTROL_OPCODES = new Set([Opcode.CLOSE, Opcode.PING, Opcode.PONG]);
/** How long the server waits, after closing its side of TCP, for the client to close its side. */
const TCP_CLOSE_GRACE_MS = 2000;

export class CasePeer {
  constructor(socket) {
    this.socket = socket;
    this.reader = new ClientFrameReader();
    this.startedAt = performance.now();
    /** What the client sent back, in order: `{ kind: "text" | "binary" | "pong", data, atMs }`. */
    this.observations = [];
    /** Every rule the client broke, as sentences. */
    this.violations = [];
    /** The client's close frame: `{ code, reason, atMs }`; code is undefined for an empty payload. */
    this.clientClose = undefined;
    /** The close frame the server sent first, if it did: `{ code, atMs }`. */
    this.serverClose = undefined;
    /** The client ended TCP without ever sending a close frame. */
    this.droppedWithoutClose = false;
    /** Both directions of TCP are gone. */
    this.closed = false;
    /** Case-specific findings (e.g. when the client failed a connection), for the case's own judge. */
    this.facts = {};
    this.framesReceived = 0;
    this.lastMaskKey = undefined;
    this.fragments = undefined;
    this.waiters = new Set();

    socket.setNoDelay(true);
    socket.on("data", (bytes) => this.receive(bytes));
    socket.on("end", () => this.onClientEnd());
    socket.on("close", () => {
      // A client that resets the connection (it closed its socket with bytes still unread) never
      // sends the FIN that "end" reports: it dropped TCP all the same.
      if (!this.clientClose && !this.destroyedByServer) this.droppedWithoutClose = true;
      this.closed = true;
      clearTimeout(this.closeGraceTimer);
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

  /** True once nothing more should be sent: the client closed, or TCP is going away. */
  get stopped() {
    return this.clientClose !== undefined || this.closed || this.socket.writableEnded || this.socket.destroyed;
  }

  // ---- sending -------------------------------------------------------------------------------

  /** Writes bytes as one TCP write and resolves once the kernel has them (nothing when stopped). */
  sendBytes(bytes) {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  sendFrame(frame) {
    return this.sendBytes(encodeFrame(frame));
  }

  /** Several frames in a single TCP write (coalesced delivery). */
  sendFrames(frames) {
    return this.sendBytes(Buffer.concat(frames.map(encodeFrame)));
  }

  /**
   * Writes `bytes` in TCP writes of `size` bytes, pausing `delayMs` between them so that each
   * write reaches the client on its own (chopped delivery). Stops early once the client closed.
   */
  async sendChopped(bytes, size, delayMs = 0) {
    for (let offset = 0; offset < bytes.length && !this.stopped; offset += size) {
      await this.sendBytes(bytes.subarray(offset, offset + size));
      if (delayMs > 0) await this.sleep(delayMs);
    }
  }

  /**
   * Sends a close frame: the server starts the close handshake. `payload` overrides code and reason
   * (for malformed close frames); `before` and `after` are frames that go in the same TCP write;
   * `chop` (`{ size, delayMs }`) cuts that write into many, as sendChopped does.
   */
  sendClose(code, { reason = "", payload = closePayload(code, reason), before = [], after = [], chop } = {}) {
    if (!this.serverClose && !this.stopped) this.serverClose = { code, atMs: this.now() };
    const bytes = Buffer.concat([...before, { opcode: Opcode.CLOSE, payload }, ...after].map(encodeFrame));
    return chop ? this.sendChopped(bytes, chop.size, chop.delayMs) : this.sendBytes(bytes);
  }

  // ---- waiting -------------------------------------------------------------------------------

  sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Resolves true as soon as `condition()` holds, or false after `ms`. */
  waitFor(condition, ms) {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = () => {
        if (!condition()) return;
        finish(true);
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

  /** Waits until the client has sent back `count` messages and pongs (or stopped). */
  waitForObservations(count, ms) {
    return this.waitFor(() => this.observations.length >= count || this.stopped, ms);
  }

  changed() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Drops the connection at once (the case ran out of time). */
  destroy() {
    this.destroyedByServer = true;
    this.socket.destroy();
  }

  // ---- receiving -----------------------------------------------------------------------------

  receive(bytes) {
    for (const frame of this.reader.push(bytes)) {
      if (frame.error) {
        this.violate(frame.error);
        this.destroy();
        break;
      }
      this.onFrame(frame);
    }
    this.changed();
  }

  violate(sentence) {
    if (!this.violations.includes(sentence)) this.violations.push(sentence);
  }

  onFrame(frame) {
    this.framesReceived += 1;
    if (this.clientClose) this.violate("sent a frame after its close frame (RFC 6455 section 5.5.1)");
    this.checkMasking(frame);
    if (frame.rsv !== 0) this.violate(`sent RSV bits ${frame.rsv} without an extension (section 5.2)`);
    if (DATA_OPCODES.has(frame.opcode)) this.onDataFrame(frame);
    else if (CONTROL_OPCODES.has(frame.opcode)) this.onControlFrame(frame);
    else this.violate(`sent reserved opcode ${frame.opcode} (section 5.2)`);
  }

  /** "The client MUST mask all frames that it sends to the server" with a fresh key (section 5.3). */
  checkMasking(frame) {
    if (!frame.masked) {
      this.violate("sent an unmasked frame (section 5.1)");
      return;
    }
    if (this.lastMaskKey && frame.maskKey.equals(this.lastMaskKey)) {
      this.violate(`used mask key ${frame.maskKey.toString("hex")} on two frames in a row (section 5.3)`);
    }
    this.lastMaskKey = frame.maskKey;
  }

  onDataFrame(frame) {
    if (frame.opcode === Opcode.CONTINUATION) {
      if (!this.fragments) {
        this.violate("sent a continuation frame with no message started (section 5.4)");
        return;
      }
    } else if (this.fragments) {
      this.violate("started a new message inside a fragmented one (section 5.4)");
      this.fragments = undefined;
    }
    if (!this.fragments) this.fragments = { opcode: frame.opcode, parts: [] };
    this.fragments.parts.push(frame.payload);
    if (!frame.fin) return;
    const data = Buffer.concat(this.fragments.parts);
    const kind = this.fragments.opcode === Opcode.TEXT ? "text" : "binary";
    this.fragments = undefined;
    if (kind === "text" && !isUtf8(data)) this.violate("sent a text message that is not UTF-8 (section 8.1)");
    if (this.clientClose) return;
    this.observations.push({ kind, data, atMs: this.now() });
  }

  onControlFrame(frame) {
    if (frame.payload.length > MAX_CONTROL_PAYLOAD || !frame.fin) {
      this.violate("sent a fragmented or oversized control frame (section 5.5)");
    }
    if (frame.opcode === Opcode.PONG) {
      if (!this.clientClose) this.observations.push({ kind: "pong", data: frame.payload, atMs: this.now() });
    } else if (frame.opcode === Opcode.PING) {
      if (!this.stopped) this.socket.write(encodeFrame({ opcode: Opcode.PONG, payload: frame.payload }));
    } else if (frame.opcode === Opcode.CLOSE && !this.clientClose) {
      this.onClientClose(frame.payload);
    }
  }

  /**
   * The client's close frame. If the server had not closed yet it answers with the same status code
   * (section 5.5.1); either way the server then closes TCP first, as section 7.1.1 asks of servers.
   */
  onClientClose(payload) {
    let code;
    let reason = Buffer.alloc(0);
    if (payload.length === 1) this.violate("sent a close frame with a 1-byte payload (section 5.5.1)");
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      reason = payload.subarray(2);
      if (!isSendableCloseCode(code)) this.violate(`sent close code ${code}, which must not be sent (section 7.4)`);
      if (!isUtf8(reason)) this.violate("sent a close reason that is not UTF-8 (section 5.5.1)");
    }
    const answered = this.serverClose !== undefined;
    this.clientClose = { code, reason: reason.toString("utf8"), atMs: this.now() };
    if (!answered && !this.socket.writableEnded && !this.socket.destroyed) {
      this.socket.write(encodeFrame({ opcode: Opcode.CLOSE, payload: closePayload(code) }));
    }
    this.endTcp();
  }

  onClientEnd() {
    if (!this.clientClose) this.droppedWithoutClose = true;
    this.endTcp();
  }

  endTcp() {
    if (this.socket.writableEnded || this.socket.destroyed) return;
    this.socket.end();
    this.closeGraceTimer = setTimeout(() => this.destroy(), TCP_CLOSE_GRACE_MS);
  }

  /** The plain-data record the judge and the report use. */
  record() {
    return {
      observations: this.observations,
      violations: this.violations,
      clientClose: this.clientClose,
      serverClose: this.serverClose,
      droppedWithoutClose: this.droppedWithoutClose,
      tcpError: this.tcpError,
      framesReceived: this.framesReceived,
      facts: this.facts,
    };
  }
}
