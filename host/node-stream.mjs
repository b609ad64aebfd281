// One TCP or TLS byte stream on Node's `net` / `tls`, shaped as the transport contract's polled
// Stream (ts/transport/contract.ts): the plugin asks (step, read, write, buffered) and is never
// called. Bytes are Buffers here; host/transport-natives.mjs moves them in and out of Lua.
import net from "node:net";
import tls from "node:tls";
import { Phase, classifyFailure, endedCleanly } from "./stream-failures.mjs";
import { tlsConnectOptions } from "./tls-options.mjs";

/** Unread bytes above which the socket stops reading until Lua catches up (TCP backpressure). */
const READ_HIGH_WATER_BYTES = 8 * 1024 * 1024;
/** After close(), how long queued bytes may take to leave before the socket is destroyed anyway. */
const CLOSE_GRACE_MS = 5000;

const MAX_TIMER_MS = 2 ** 31 - 1;
const EMPTY = Buffer.alloc(0);

export class NodeStream {
  /** @param options OpenOptions of the contract: host, port, secure, serverName, minTls, verify, ca */
  constructor(options) {
    this.target = { host: options.host, port: options.port, minTls: options.minTls, peer: options.accepted ? "client" : undefined };
    this.phase = Phase.CONNECTING;
    this.failure = null; // { category, message } when it failed before opening
    this.end = null; // { category: "closed", message } once an open stream has ended
    this.chunks = [];
    this.unreadBytes = 0;
    this.closed = false;
    this.corked = false;
    this.hasNews = false; // something happened that step()/read() has not shown yet
    this.waiters = new Set();
    try {
      // `accepted`: a connection a listener (node-listener.mjs) took in, already open and paused.
      this.socket = options.accepted ?? (options.secure ? this.connectTls(options) : this.connectTcp(options));
    } catch (e) {
      // Options Node refuses (a bad port, `ca` text that holds no certificate): a failure, never a Lua error.
      this.socket = null;
      this.fail(options.secure ? "tls" : "connect", e.message);
      return;
    }
    this.listen();
    if (options.accepted) {
      this.phase = Phase.OPEN;
      this.socket.resume();
    }
  }

  connectTcp({ host, port }) {
    const socket = net.connect({ host, port });
    socket.once("connect", () => this.opened());
    return socket;
  }

  connectTls(options) {
    const socket = tls.connect(tlsConnectOptions(options));
    // 'connect' is the TCP connection; 'secureConnect' comes after the handshake and verification.
    socket.once("connect", () => {
      if (this.phase === Phase.CONNECTING) this.phase = Phase.HANDSHAKING;
    });
    socket.once("secureConnect", () => this.opened());
    return socket;
  }

  listen() {
    const socket = this.socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk) => {
      if (this.closed) return;
      this.chunks.push(chunk);
      this.unreadBytes += chunk.length;
      if (this.unreadBytes > READ_HIGH_WATER_BYTES) socket.pause();
      this.notify();
    });
    socket.on("end", () => this.ended(endedCleanly(this.phase, this.target)));
    socket.on("error", (error) => this.ended(classifyFailure(error, this.phase, this.target)));
    socket.on("close", () => this.ended(endedCleanly(this.phase, this.target)));
    socket.on("drain", () => this.notify());
  }

  opened() {
    this.phase = Phase.OPEN;
    this.notify();
  }

  fail(category, message) {
    this.failure = { category, message };
    this.notify();
  }

  /** The first report of an ending wins: 'error' and 'end' both precede 'close'. */
  ended(outcome) {
    if (this.phase !== Phase.OPEN) {
      if (!this.failure) this.fail(outcome.category, outcome.message);
      return;
    }
    if (!this.end) {
      this.end = outcome;
      this.notify();
    }
  }

  notify() {
    this.hasNews = true;
    for (const wake of this.waiters) wake();
  }

  // -- the contract's Stream ----------------------------------------------------------------------

  /** ["connecting"] | ["open"] | ["failed", category, message] */
  step() {
    this.hasNews = false;
    if (this.phase === Phase.OPEN) return ["open"];
    if (this.failure) return ["failed", this.failure.category, this.failure.message];
    return ["connecting"];
  }

  /** Everything that arrived since the last call (maybe empty), or the end once all was read. */
  read() {
    this.hasNews = false;
    if (this.chunks.length > 0) {
      const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.unreadBytes);
      this.chunks = [];
      this.unreadBytes = 0;
      if (this.socket && this.socket.isPaused() && !this.end) this.socket.resume();
      return { data };
    }
    const end = this.end ?? this.failure;
    if (end) return { end };
    return { data: EMPTY };
  }

  /** Node takes every byte (it buffers); the count is all of them, or the end once broken. */
  write(bytes) {
    const end = this.end ?? this.failure;
    if (end) return { end };
    if (this.closed || !this.socket || this.socket.destroyed || this.socket.writableEnded) {
      return { end: { category: "closed", message: "the stream is closed" } };
    }
    if (bytes.length > 0) {
      // Lua writes many small frames in one synchronous run: cork them into one writev, released
      // as soon as Lua hands control back to the event loop.
      if (!this.corked) {
        this.corked = true;
        this.socket.cork();
        process.nextTick(() => {
          this.corked = false;
          this.socket.uncork();
        });
      }
      this.socket.write(bytes);
    }
    return { written: bytes.length };
  }

  /** Bytes accepted by write() that Node has not handed to the operating system yet. */
  buffered() {
    return this.socket && !this.socket.destroyed ? this.socket.writableLength : 0;
  }

  /**
   * Releases the socket. An open one is ended gracefully so that bytes already accepted by write()
   * (the plugin's last close frame) still leave; it is destroyed if the peer does not finish in time.
   */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.chunks = [];
    this.unreadBytes = 0;
    const socket = this.socket;
    if (!socket) return;
    if (this.phase === Phase.OPEN && !socket.destroyed && !this.end) {
      socket.resume(); // keep draining the peer's bytes so its FIN is seen
      socket.end();
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
      socket.unref(); // a closed stream never keeps the process alive
    } else {
      socket.destroy();
    }
    this.notify();
  }
}

/**
 * Resolves once any of `streams` has news (data, connected, failed, ended, drained), or after
 * `timeoutSeconds`. Even with news pending or a zero timeout it resolves through setImmediate, so
 * Node's event loop turns at least once and sockets make progress.
 */
export function waitForNews(streams, timeoutSeconds) {
  return new Promise((resolve) => {
    let timer = null;
    const wake = () => {
      if (timer !== null) clearTimeout(timer);
      for (const s of streams) s.waiters.delete(wake);
      setImmediate(resolve);
    };
    if (streams.some((s) => s.hasNews) || !(timeoutSeconds > 0)) {
      setImmediate(resolve);
      return;
    }
    for (const s of streams) s.waiters.add(wake);
    // setTimeout fires at once for delays beyond 2^31-1 ms: a longer wait only ends on news.
    if (timeoutSeconds * 1000 <= MAX_TIMER_MS) timer = setTimeout(wake, timeoutSeconds * 1000);
  });
}
