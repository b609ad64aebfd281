/**
 * The transport contract: everything a platform shim gives the plugin, and nothing more.
 *
 * A shim carries bytes; it knows nothing of WebSocket, HTTP or events. It is polled: the plugin calls
 * it from its service loop (enterFrame or WebSockets.poll) and a shim never calls into Lua on its own,
 * so no host ever pushes data into Lua callbacks and events keep their order.
 *
 * Shims: lua/transport-luasocket.lua (LuaSocket + LuaSec; Solar2D Simulator, plain Lua; its
 * listeners in lua/transport-luasocket-listener.lua),
 * host/ (Node net/tls for wasmoon and fengari), native-android/ (Java), native-ios/ (Network.framework).
 * A shim is a Lua module; ts/plugin/transport-select.ts decides which one is used.
 *
 * Byte strings are Lua strings and may hold any byte, NUL included.
 *
 * @noSelfInFile
 */

/** Why a stream failed or ended. Maps one to one onto the `errorType` of ONERROR. */
export type StreamFailure = "dns" | "connect" | "tls" | "closed";

/** The lowest TLS version the client accepts. */
export type TlsVersion = "1.0" | "1.1" | "1.2" | "1.3";

export interface OpenOptions {
  /** Host name or IP address; IPv6 literals without brackets. */
  host: string;
  port: number;
  /** TLS on top of TCP (wss://). */
  secure: boolean;
  /** SNI and the name the certificate must match; the URL's host. */
  serverName: string;
  /** Lowest TLS version to accept; the highest both sides support is used. */
  minTls: TlsVersion;
  /** Verify the certificate chain and host name. */
  verify: boolean;
  /** PEM text (one or more "-----BEGIN CERTIFICATE-----" blocks) of the CA certificates to trust
   *  instead of the platform's store. Never a path: the plugin reads the game's file itself (on
   *  Android it lives inside the APK, out of a shim's reach). */
  ca?: string;
  /** Seconds the plugin will wait in all; a shim may use it for its own blocking steps. The plugin
   *  enforces the deadline itself, so a shim need not. */
  timeout: number;
}

/** One TCP or TLS byte stream. Every method returns at once. */
export interface Stream {
  /**
   * Advances connecting (name lookup, TCP, TLS handshake) without blocking and says where it stands.
   * "open" once bytes can flow; "failed" with a category and a human-readable message otherwise.
   * After "open" it keeps answering "open"; the end of an open stream shows in read/write.
   */
  step(this: Stream): LuaMultiReturn<["connecting" | "open"] | ["failed", StreamFailure, string]>;
  /**
   * Takes as many of `data`'s bytes as the shim can accept now and returns how many (0..#data);
   * the plugin keeps the rest and offers them again later. nil + category + message when broken.
   */
  write(this: Stream, data: string): LuaMultiReturn<[number] | [undefined, StreamFailure, string]>;
  /**
   * What has arrived since the last call ("" when nothing has), at most `maxBytes` of it when given;
   * the rest stays in the shim (or better, in the operating system, so TCP flow control slows the
   * peer) for the next call. A shim may ignore `maxBytes` and return everything; the plugin then
   * keeps the excess itself. nil + category + message once the stream has ended, and only after
   * every byte that arrived before the end was returned.
   */
  read(this: Stream, maxBytes?: number): LuaMultiReturn<[string] | [undefined, StreamFailure, string]>;
  /** Bytes accepted by write() that the shim still holds, not yet handed to the operating system. */
  buffered(this: Stream): number;
  /**
   * Optional. Ends the sending side once every byte accepted by write() has left (TCP's FIN) while
   * reading goes on, and returns true; false where the shim cannot. A server's peer uses it to close
   * TCP first without a reset (peer-session.ts). Shims without it close at once in close().
   */
  shutdown?(this: Stream): boolean;
  /** Releases the socket. Idempotent; nothing else is called afterwards. */
  close(this: Stream): void;
}

// ---------------------------------------------------------------------------------------------
// Listening (the server side). A listener is polled like a stream: step() says whether it listens
// (binding completes asynchronously on some platforms: Node, Network.framework), accept() hands over
// connections that have already arrived and never waits, and the accepted streams are the same
// Stream objects that open() returns, so the session code drives both roles unchanged.

/** Why a listener failed. Maps one to one onto the reason of the server's ONERROR. */
export type ListenFailure =
  /** Another socket already listens on that address and port. */
  | "address in use"
  /** The operating system refused (ports below 1024 for a normal user, a sandbox without network). */
  | "permission denied"
  /** The host is not a name or address of this machine (it does not resolve, or is not local). */
  | "bad host"
  /** `tls` was asked for on a transport that cannot serve TLS (see Transport.listen). */
  | "tls unsupported here"
  /** The certificate or key could not be loaded. */
  | "tls"
  /** Anything else, named in the message (the listener broke after it was listening, too). */
  | "listen";

export interface ListenOptions {
  /** Address or name to listen on: "0.0.0.0" (every IPv4 interface), "::" (IPv6, dual-stack where
   *  the system allows), "127.0.0.1" (this machine only). IPv6 literals without brackets. */
  host: string;
  /** 0 lets the operating system choose a free port; port() tells which. */
  port: number;
  /** Connections the operating system may queue before accept() takes them. */
  backlog: number;
  /** Serve TLS (wss://) with this certificate chain and key: each PEM text, or the path of a PEM
   *  file (text without "-----BEGIN" is taken as a path). */
  tls?: { certificate: string; key: string };
}

/** A listening socket. Every method returns at once. */
export interface Listener {
  /**
   * Where listening stands: "starting" while the platform binds, "listening" once connections can
   * arrive (port() is then the real port), "failed" with a category and a message otherwise. After
   * "failed" it keeps answering the same; the listener need only be closed.
   */
  step(this: Listener): LuaMultiReturn<["starting" | "listening"] | ["failed", ListenFailure, string]>;
  /**
   * Takes ONE connection that has arrived and returns it as a Stream with the peer's IP address and
   * port; nil when none is waiting (and before "listening"). The caller bounds how many it takes
   * per service-loop turn. With TLS the stream may come back before its handshake is done: step()
   * then answers "connecting" until it is, or "failed" with category "tls" when the client gives up
   * or speaks no TLS, exactly as for a client's stream.
   */
  accept(this: Listener): LuaMultiReturn<[Stream, string, number] | [undefined]>;
  /** The port it listens on: the real one once "listening" (also when 0 was asked for), else 0. */
  port(this: Listener): number;
  /** Stops listening. Connections that arrived but were not accepted yet are closed; streams already
   *  accepted are not touched. Idempotent; nothing else is called afterwards. */
  close(this: Listener): void;
}

export interface Transport {
  /** Short name for diagnostics: "luasocket", "node", "android", "apple". */
  name: string;
  /** Starts opening a stream. Never raises for network reasons: failures show in step(). */
  open(this: void, options: OpenOptions): Stream;
  /**
   * Optional: transports that can serve. Starts listening and returns the listener; never raises:
   * every failure (address in use, bad host, a certificate that does not load, TLS where this
   * transport cannot serve it) shows in its step(). TLS is served by LuaSocket with LuaSec, by the
   * Node host and by Android; Apple's shim (and LuaSocket without LuaSec) fails a `tls` option with
   * "tls unsupported here".
   */
  listen?(this: void, options: ListenOptions): Listener;
  /**
   * Optional. Blocks up to `timeout` seconds until one of `streams` can make progress (has data, has
   * finished connecting, or can take pending writes) or one of the listeners among them has a
   * connection to accept. Without it the plugin never blocks.
   */
  wait?(this: void, streams: (Stream | Listener)[], timeout: number): void;
  /** Optional. `count` cryptographically strong random bytes (mask and handshake keys). */
  random?(this: void, count: number): string;
  /** Optional. A monotonic clock in seconds. */
  now?(this: void): number;
}
