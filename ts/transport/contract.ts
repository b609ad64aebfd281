/**
 * The transport contract: everything a platform shim gives the plugin, and nothing more.
 *
 * A shim carries bytes; it knows nothing of WebSocket, HTTP or events. It is polled: the plugin calls
 * it from its service loop (enterFrame or WebSockets.poll) and a shim never calls into Lua on its own,
 * so no host ever pushes data into Lua callbacks and events keep their order.
 *
 * Shims: lua/transport-luasocket.lua (LuaSocket + LuaSec; Solar2D Simulator, plain Lua),
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
  /** Path of a PEM file of CA certificates to trust instead of the platform's store. */
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
  /** Releases the socket. Idempotent; nothing else is called afterwards. */
  close(this: Stream): void;
}

export interface Transport {
  /** Short name for diagnostics: "luasocket", "node", "android", "apple". */
  name: string;
  /** Starts opening a stream. Never raises for network reasons: failures show in step(). */
  open(this: void, options: OpenOptions): Stream;
  /**
   * Optional. Blocks up to `timeout` seconds until one of `streams` can make progress (has data, has
   * finished connecting, or can take pending writes). Without it the plugin never blocks.
   */
  wait?(this: void, streams: Stream[], timeout: number): void;
  /** Optional. `count` cryptographically strong random bytes (mask and handshake keys). */
  random?(this: void, count: number): string;
  /** Optional. A monotonic clock in seconds. */
  now?(this: void): number;
}
