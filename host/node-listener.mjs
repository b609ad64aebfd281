// A listening TCP or TLS socket on Node's `net` / `tls`, shaped as the transport contract's polled
// Listener (ts/transport/contract.ts), and the natives that expose it to Lua next to the stream
// natives of host/transport-natives.mjs. Node binds asynchronously, so step() answers "starting"
// until the 'listening' or 'error' event has come. Connections wait here, paused (nothing is read
// from them), until Lua accepts them; then they become NodeStreams like a client's.
import fs from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { NodeStream } from "./node-stream.mjs";

/** Node's error codes for the contract's ListenFailure categories; anything else is "listen". */
const CATEGORY_OF_CODE = Object.freeze({
  EADDRINUSE: "address in use",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EADDRNOTAVAIL: "bad host",
  EAFNOSUPPORT: "bad host",
  EINVAL: "bad host",
  ENOTFOUND: "bad host",
  EAI_AGAIN: "bad host",
  EAI_FAIL: "bad host",
  EAI_NONAME: "bad host",
  EAI_NODATA: "bad host",
});

/** Node's own default for the operating system's accept queue. */
const NODE_DEFAULT_BACKLOG = 511;

function endpoint(host, port) {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** PEM text as it is; anything else is the path of a PEM file. Throws with a message. */
function pemOrFile(bytes) {
  if (bytes.includes("-----BEGIN")) return bytes;
  const file = bytes.toString("utf8");
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file} (${e.code || e.message})`);
  }
}

export class NodeListener {
  /** @param options ListenOptions of the contract, with the PEM texts as `certificate` and `key` */
  constructor({ host, port, backlog, certificate, key }) {
    this.name = endpoint(host, port);
    this.phase = "starting"; // "listening", "failed"
    this.failure = null; // { category, message }
    this.pending = []; // arrived, paused, not accepted yet
    this.backlog = Math.max(1, backlog || 128);
    this.changed = false; // step() has news to tell
    this.waiters = new Set();
    this.boundPort = 0;
    try {
      this.server = certificate !== undefined ? this.createTlsServer(certificate, key) : this.createTcpServer();
    } catch (e) {
      // A certificate or key Node cannot load: tls.createServer throws at once.
      this.server = null;
      this.fail("tls", `cannot serve TLS on ${this.name}: cannot load the certificate and key (${e.message})`);
      return;
    }
    this.server.on("error", (error) => this.serverError(error));
    // The operating system's queue stays at Node's default: Node empties it at once, and the bound
    // that matters is this.pending's. A small one would only make clients beyond it retry their
    // SYN for a second before they are refused here anyway.
    this.server.listen({ host, port, backlog: Math.max(this.backlog, NODE_DEFAULT_BACKLOG) }, () => {
      this.phase = "listening";
      this.boundPort = this.server.address().port;
      this.name = endpoint(host, this.boundPort);
      this.notify();
    });
  }

  createTcpServer() {
    // pauseOnConnect: not a byte is read before Lua has accepted the connection.
    return net.createServer({ pauseOnConnect: true }, (socket) => this.arrived(socket));
  }

  createTlsServer(certificate, key) {
    const server = tls.createServer({ cert: pemOrFile(certificate), key: pemOrFile(key), minVersion: "TLSv1.2" }, (socket) => {
      socket.pause();
      this.arrived(socket);
    });
    // A client whose handshake fails never reaches Lua; its socket is already destroyed by Node.
    server.on("tlsClientError", () => {});
    return server;
  }

  /** A connection arrived: it waits, paused, for accept(); beyond the backlog it is refused. */
  arrived(socket) {
    if (this.phase !== "listening" || this.pending.length >= this.backlog) {
      socket.destroy();
      return;
    }
    socket.on("error", () => {}); // reported by its NodeStream once accepted, or it just goes away
    socket.once("close", () => {
      const at = this.pending.indexOf(socket);
      if (at >= 0) this.pending.splice(at, 1);
    });
    this.pending.push(socket);
    this.notify();
  }

  serverError(error) {
    const category = CATEGORY_OF_CODE[error.code] ?? "listen";
    const message = `cannot listen on ${this.name}: ${error.code ? `${error.code}: ` : ""}${error.message}`;
    this.fail(category, message);
    this.closeServer();
  }

  fail(category, message) {
    if (this.phase === "failed") return;
    this.phase = "failed";
    this.failure = { category, message };
    this.notify();
  }

  notify() {
    this.changed = true;
    for (const wake of this.waiters) wake();
  }

  /** For waitForNews (node-stream.mjs): a queued connection is news until it is accepted. */
  get hasNews() {
    return this.changed || this.pending.length > 0;
  }

  closeServer() {
    if (this.server) {
      this.server.close();
      this.server = null;
    }
    for (const socket of this.pending.splice(0)) socket.destroy();
  }

  // -- the contract's Listener --------------------------------------------------------------------

  /** ["starting"] | ["listening"] | ["failed", category, message] */
  step() {
    this.changed = false;
    if (this.phase === "failed") return ["failed", this.failure.category, this.failure.message];
    return [this.phase];
  }

  /** The oldest connection that arrived, as a NodeStream with the peer's address; null if none. */
  accept() {
    for (;;) {
      const socket = this.pending.shift();
      if (!socket) return null;
      if (socket.destroyed || !socket.remoteAddress) continue; // gone while it waited
      const peer = { host: socket.remoteAddress, port: socket.remotePort };
      return { stream: new NodeStream({ ...peer, accepted: socket }), ...peer };
    }
  }

  port() {
    return this.boundPort;
  }

  close() {
    if (this.phase !== "failed") this.fail("listen", `the listener on ${this.name} was closed`);
    this.closeServer();
  }
}

/**
 * The listener natives for Lua. `registry` is the stream natives' id space ({ register, lookup,
 * forget }), shared so that arm_wait can watch streams and listeners in one call.
 */
export function createListenerNatives(registry) {
  function listenerAt(call, i) {
    const listener = registry.lookup(call.number(i));
    if (!(listener instanceof NodeListener)) throw new Error(`no listener #${call.number(i)} (closed already?)`);
    return listener;
  }

  return {
    /** listen(host, port, backlog, certificate, key) -> id */
    listen(call) {
      const hasTls = !call.isNil(4);
      const listener = new NodeListener({
        host: call.text(1),
        port: call.number(2),
        backlog: call.number(3),
        certificate: hasTls ? call.bytes(4) : undefined,
        key: hasTls ? call.bytes(5) : undefined,
      });
      call.pushInteger(registry.register(listener));
      return 1;
    },

    /** listener_step(id) -> "starting" | "listening" | "failed", category, message */
    listener_step(call) {
      const result = listenerAt(call, 1).step();
      for (const value of result) call.pushText(value);
      return result.length;
    },

    /** listener_accept(id) -> stream id, peer address, peer port | nil */
    listener_accept(call) {
      const accepted = listenerAt(call, 1).accept();
      if (!accepted) {
        call.pushNil();
        return 1;
      }
      call.pushInteger(registry.register(accepted.stream));
      call.pushText(accepted.host);
      call.pushInteger(accepted.port);
      return 3;
    },

    /** listener_port(id) -> the bound port, 0 before listening */
    listener_port(call) {
      call.pushInteger(listenerAt(call, 1).port());
      return 1;
    },

    /** listener_close(id): idempotent */
    listener_close(call) {
      const id = call.number(1);
      const listener = registry.lookup(id);
      if (listener instanceof NodeListener) {
        registry.forget(id);
        listener.close();
      }
      return 0;
    },
  };
}
